// The names TSDoc @example fragments use without declaring them, for `.ci/readme-samples.mjs --tsdoc`.
// What an example uses from the package's entries is imported for it; these are the surroundings
// its prose assumes ("a client", "in a catch block", "a pg pool"), typed as the real things.
declare const client: import('@bella-baxter/sdk').BaxterClient;
declare const lease: import('@bella-baxter/sdk').CredentialLease;
declare const creds: import('@bella-baxter/sdk').DynamicCredentials;
declare const emulator: import('@bella-baxter/sdk/testing').BaxterEmulator;
/** A port the emulator listens on, or your node:http server. */
declare const server: import('node:http').Server & { url: string };
/** Inside `catch (error)`. */
declare const error: unknown;
/** An incoming Fetch API request, its raw body, signature header and the signing secret. */
declare const request: Request;
declare const rawBody: string;
declare const body: string;
declare const signature: string;
declare const secret: string;
declare const signingSecret: string;
declare const endpoint: string;
declare const apiKey: string;
/** A secret's address. */
declare const provider: string;
declare const key: string;
declare const ref: import('@bella-baxter/sdk/testing').EmulatorSecretRef;
declare const policy: import('@bella-baxter/sdk').RotationPolicyInput;
declare const rotate: import('@bella-baxter/sdk/webhooks').RotationHandlerOptions['rotate'];
/** A rotation handler (createRotationHandler), or its Lambda adapter (toLambdaHandler). */
declare const handler: import('@bella-baxter/sdk/webhooks').RotationHandler & import('@bella-baxter/sdk/webhooks').LambdaHandler;
declare const event: import('@bella-baxter/sdk/webhooks').LambdaHttpEvent;
declare const app: import('express').Express;
declare const azureHandler: ReturnType<typeof import('@bella-baxter/sdk/webhooks').toAzureFunctionsHandler>;
/** Your code around the example. */
declare function saveToFunctionConfig(name: string, value: string): Promise<void>;
declare function scheduleRetry(afterMs?: number): void;
declare function createKey(): Promise<string>;
declare function deleteKey(handle: string | undefined): Promise<void>;
declare const log: {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
};
/** A database connection pool that can switch credentials. */
declare const pool: {
  reconnect(password?: string): void;
  swap(credentials: import('@bella-baxter/sdk').DynamicCredentials | { user: string; password: string }): void;
  query(text: string, values?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
};
declare const pg: {
  Pool: new (config: { host?: string; database?: string; user?: string; password?: string; connectionString?: string | undefined; max?: number }) => typeof pool;
};
declare const z: typeof import('zod').z;
declare const expect: typeof import('vitest').expect;
declare const spawn: typeof import('node:child_process').spawn;
/** An idempotency store, a claim on it and a sealed answer. */
declare const store: import('@bella-baxter/sdk/webhooks').IdempotencyStore;
declare const claim: import('@bella-baxter/sdk/webhooks').IdempotencyClaim;
declare const sealed: string;
declare function alertSecurityTeam(message: string): void;
/** A key-value secret backend a custom provider fronts. */
declare const vault: { write(path: string, key: string, value: string): Promise<void> };
/** Your own code run with credentials, and a value read from outside (config, a request). */
declare function runMigrations(env: import('@bella-baxter/sdk').DynamicCredentialsEnv): Promise<void>;
declare const input: string;
