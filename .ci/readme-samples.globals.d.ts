// The names README fragments use without declaring them: what the surrounding prose says exists
// ("a client", "your Express app", "the emulator above"). A script, not a module, so these are
// globals of the scratch project .ci/readme-samples.mjs typechecks the README's blocks in.
// Keep each as precisely typed as the real thing, so the samples are checked against real APIs.

/** A live client, as `await createBaxterClient(...)` returns it. */
declare const client: import('@bella-baxter/sdk').BaxterClient;
/** The emulator of the section's earlier block. */
declare const emulator: import('@bella-baxter/sdk/testing').BaxterEmulator;
/** A rotation function listening on a port, as `emulator.listen()`-style servers are. */
declare const fn: { url: string };
/** A rotation handler, as `createRotationHandler(...)` returns it. */
declare const handler: import('@bella-baxter/sdk/webhooks').RotationHandler;
/** Your Express app. */
declare const app: import('express').Express;
/** Your HTTP server. */
declare const server: import('node:http').Server;
/** A pino-style logger. */
declare const log: {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
};
/** The raw body and headers of an incoming call, and its signing secret. */
declare const rawBody: string;
declare const headers: Headers;
declare const secret: string;
declare const signingSecret: string;
/** A rotation callback, as in the "Write a rotation function" section. */
declare const rotate: import('@bella-baxter/sdk/webhooks').RotationHandlerOptions['rotate'];
/** A third-party key API (Stripe, OpenAI, ...) that a rotation function drives. */
declare const provider: {
  createKey(name: string, options: { signal: AbortSignal }): Promise<{ id: string; secret: string }>;
  deleteKey(id: string, options: { signal: AbortSignal }): Promise<void>;
};
/** Your cache of wrapped data keys (onWrappedDekReceived). */
declare const deviceCache: { store(entry: { project: string; environment: string; wrappedDek: string; leaseExpires: Date | undefined }): void };
/** Where your deployment keeps a function's configuration. */
declare function saveToFunctionConfig(name: string, value: string): Promise<void>;

/** Redis (ioredis) and DynamoDB (@aws-sdk/lib-dynamodb) clients for the idempotency store samples. */
declare const redis: import('ioredis').Redis;
declare const ddb: { send(command: object): Promise<{ Item?: Record<string, any> }> };
declare const TableName: string;
declare class GetCommand { constructor(input: object) }
declare class PutCommand { constructor(input: object) }
declare class DeleteCommand { constructor(input: object) }

/** node-postgres, as far as the samples use it (not installed here). */
declare module 'pg' {
  interface PoolConfig {
    connectionString?: string | undefined;
    host?: string;
    database?: string;
    user?: string;
    password?: string;
    max?: number;
  }
  class Pool {
    constructor(config?: PoolConfig);
    query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
    end(): Promise<void>;
  }
  const pg: { Pool: typeof Pool };
  export default pg;
}
