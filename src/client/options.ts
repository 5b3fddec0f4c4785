import { BaxterConfigError } from '../errors/config-error.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../http/http-client.js';
import type { FetchLike } from '../http/transport.js';
import type { BaxterLogger } from '../observability/logger.js';
import type { StandardSchemaV1 } from '../shared/standard-schema.js';
import type { SecretsCacheOptions } from './cache/cache-options.js';
import { clampTimerMs } from '../shared/timer.js';
import { validateBaxterUrl, validateHeaderCredential, validateOptionTypes, validateSlugOption } from './validate-options.js';

/**
 * Options of {@link createBaxterClient}. Every option may be omitted where its
 * environment variable is set; an explicit option beats the variable. Only
 * credentials are required (`apiKey` or `accessToken`); with an API key scoped
 * to one environment, `project` and `environment` are found by themselves.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { createBaxterClient, type BaxterClientOptions } from '@bella-baxter/sdk';
 *
 * const schema = z.object({ DATABASE_URL: z.string(), PORT: z.coerce.number() });
 * const options: BaxterClientOptions<typeof schema> = {
 *   project: 'shop',
 *   environment: 'prod',
 *   appClient: 'checkout-api',
 *   refreshInterval: 60, // seconds
 *   schema,
 * };
 * const client = await createBaxterClient(options); // API key from BELLA_BAXTER_API_KEY
 * client.config.PORT; // number
 * ```
 */
export interface BaxterClientOptions<TSchema extends StandardSchemaV1 | undefined = undefined> {
  /**
   * Base URL of the Bella Baxter API: an absolute http(s) URL without a query,
   * fragment or credentials (each is refused with a `BaxterConfigError`).
   * @default process.env.BELLA_BAXTER_URL, else `https://api.bella-baxter.io`
   */
  baxterUrl?: string | undefined;
  /**
   * API key `bax-{keyId}-{signingSecretHex}`. Requests are HMAC-signed with it;
   * its secret never travels. Takes precedence over `accessToken`.
   * @default process.env.BELLA_BAXTER_API_KEY
   */
  apiKey?: string | undefined;
  /**
   * A JWT access token, sent as `Authorization: Bearer`. Refused before any
   * request once its `exp` has passed.
   * @default process.env.BELLA_BAXTER_ACCESS_TOKEN
   */
  accessToken?: string | undefined;
  /**
   * Project slug (or id). When unset and an API key is used, read from `GET /keys/me`.
   * @default process.env.BELLA_BAXTER_PROJECT
   */
  project?: string | undefined;
  /**
   * Environment slug. When unset and an API key is used, read from `GET /keys/me`.
   * @default process.env.BELLA_BAXTER_ENV
   */
  environment?: string | undefined;
  /**
   * Read one provider's secrets (`.../providers/{provider}/secrets`, always E2EE)
   * instead of the environment's merged set.
   * @default undefined (environment-level secrets)
   */
  provider?: string | undefined;
  /**
   * Your app's name, sent as `X-App-Client` so audit logs show who read what.
   * @default process.env.BELLA_BAXTER_APP_CLIENT
   */
  appClient?: string | undefined;
  /**
   * A P-256 device key for persistent end-to-end encryption: PKCS#8 PEM, or
   * its bare base64 body; line breaks real or written as a literal `\n` (as
   * environment variables often carry them). Without it each client makes a
   * fresh key pair.
   * @default process.env.BELLA_BAXTER_PRIVATE_KEY
   */
  privateKey?: string | undefined;
  /**
   * Called when a secrets answer carries the environment's data key wrapped to
   * this client's device key (`X-Bella-Wrapped-Dek`, base64; the server sends it
   * only to registered device keys) with its lease end (`X-Bella-Lease-Expires`),
   * as the official SDK does. Errors it throws are ignored: secrets still load.
   * @default none
   */
  onWrappedDekReceived?: ((project: string, environment: string, wrappedDek: string, leaseExpires: Date | undefined) => void) | undefined;
  /**
   * Ask the server to end-to-end encrypt responses (`X-E2E-Public-Key`).
   * @default true
   */
  e2ee?: boolean | undefined;
  /**
   * Seconds between change checks. Each check asks only the hash (or version);
   * the full set is fetched only when it changed. `0` or unset: no polling
   * (call `refresh()` yourself). At least 1 (a smaller value is refused: it is
   * usually milliseconds given as seconds); above a day (86400) a warning is
   * emitted, as that is likely a millisecond value too.
   * @default undefined (no polling)
   */
  refreshInterval?: number | undefined;
  /**
   * Upper bound, in seconds, of the wait between checks while the server keeps failing.
   * @default 300 (never below `refreshInterval`)
   */
  maxBackoff?: number | undefined;
  /**
   * Milliseconds one HTTP attempt may take (headers and body) before it is abandoned.
   * Values above 2^31-1 (about 24.8 days, what a timer can wait) are clamped to it.
   * @default 10000
   */
  timeoutMs?: number | undefined;
  /**
   * Attempts for an idempotent request (GET, PUT, DELETE) on network errors,
   * timeouts, 408, 429 and 5xx. POSTs are never retried.
   * @default 3
   */
  maxAttempts?: number | undefined;
  /**
   * The largest answer, in bytes, read from one response. Past it the client
   * stops reading, drops the connection and fails the request with
   * `BaxterResponseTooLargeError` (not retried), so a broken server or proxy
   * cannot exhaust memory. The default fits ~50k secrets of a few hundred bytes, E2EE-wrapped.
   * @default 33554432 (32 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * A Standard Schema (zod, valibot, arktype...) that validates and coerces the
   * secrets into `client.config`. A snapshot that fails it is not applied.
   * @default undefined (`client.config` is the raw string map)
   */
  schema?: TSchema | undefined;
  /**
   * A Fetch-API function that replaces the default undici transport (tests with
   * msw, edge runtimes, instrumentation).
   * @default undefined (undici with the client's own keep-alive Agent; honours HTTPS_PROXY/NO_PROXY)
   */
  fetch?: FetchLike | undefined;
  /**
   * Where environment variables are read from.
   * @default process.env
   */
  env?: Record<string, string | undefined> | undefined;
  /** Aborts the initial load. */
  signal?: AbortSignal | undefined;
  /**
   * Keep an encrypted last-known-good copy of the secrets in a file and start
   * from it (status `stale`) when the server cannot be reached. See {@link SecretsCacheOptions}.
   * @default undefined (no cache)
   */
  cache?: SecretsCacheOptions;
  /**
   * Where the client logs: `console`, pino, winston, or any object with
   * `debug`/`info`/`warn`/`error`. It gets one line per HTTP request at `debug`,
   * the first failure of a streak of failed refreshes at `warn` (and a snapshot
   * the schema rejected), and the recovery at `info`. Never a secret value, key
   * secret or token.
   * @default warn and info lines on stderr; request lines too with `BELLA_BAXTER_DEBUG=1`
   */
  logger?: BaxterLogger | undefined;
}

/**
 * The defaults of {@link BaxterClientOptions}, in one place: `baxterUrl`
 * `https://api.bella-baxter.io`, `e2ee` on, `maxBackoff` 300 seconds,
 * `timeoutMs` 10000 milliseconds, `maxAttempts` 3. (`refreshInterval` has no
 * default: without it the client does not poll.)
 *
 * @example
 * ```ts
 * import { CLIENT_DEFAULTS, createBaxterClient } from '@bella-baxter/sdk';
 *
 * // A slow network: three times the default per-attempt timeout.
 * const client = await createBaxterClient({ timeoutMs: CLIENT_DEFAULTS.timeoutMs * 3 });
 * ```
 */
export const CLIENT_DEFAULTS = {
  baxterUrl: 'https://api.bella-baxter.io',
  e2ee: true,
  maxBackoff: 300,
  timeoutMs: 10_000,
  maxAttempts: 3,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
} as const;

/** The shortest `refreshInterval` accepted, in seconds. */
export const MIN_REFRESH_INTERVAL_SECONDS = 1;
/** Above this `refreshInterval` (a day, in seconds), a warning says it is likely milliseconds. */
const LONG_REFRESH_INTERVAL_SECONDS = 86_400;

export type Auth = { kind: 'apiKey'; apiKey: string } | { kind: 'accessToken'; token: string };

export interface ResolvedClientOptions {
  baxterUrl: string;
  auth: Auth;
  project: string | undefined;
  environment: string | undefined;
  provider: string | undefined;
  appClient: string | undefined;
  privateKey: string | undefined;
  e2ee: boolean;
  refreshInterval: number;
  maxBackoff: number;
  timeoutMs: number;
  maxAttempts: number;
  maxResponseBytes: number;
}

const pick = (option: string | undefined, env: string | undefined) => (option?.trim() ? option.trim() : env?.trim() || undefined);

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    const unit = name === 'timeoutMs' ? 'milliseconds' : name === 'maxAttempts' ? 'attempts' : name === 'maxResponseBytes' ? 'bytes' : 'seconds';
    throw new BaxterConfigError(`Option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of ${unit}.`, { option: name });
  }
  return value;
}

/** Options, then environment variables, then defaults. Project/environment may stay unknown (`/keys/me` fills them). */
export function resolveClientOptions(options: BaxterClientOptions<StandardSchemaV1 | undefined>): ResolvedClientOptions {
  validateOptionTypes(options);
  const env = options.env ?? process.env;
  const baxterUrl = pick(options.baxterUrl, env.BELLA_BAXTER_URL) ?? CLIENT_DEFAULTS.baxterUrl;
  validateBaxterUrl(baxterUrl);
  const apiKey = pick(options.apiKey, env.BELLA_BAXTER_API_KEY);
  const token = pick(options.accessToken, env.BELLA_BAXTER_ACCESS_TOKEN);
  if (apiKey) validateHeaderCredential('apiKey', apiKey);
  else if (token) validateHeaderCredential('accessToken', token);
  const auth: Auth | undefined = apiKey ? { kind: 'apiKey', apiKey } : token ? { kind: 'accessToken', token } : undefined;
  if (!auth) {
    throw new BaxterConfigError(
      'No credentials: pass the apiKey option (or set BELLA_BAXTER_API_KEY), or pass accessToken (or set BELLA_BAXTER_ACCESS_TOKEN).',
      { option: 'apiKey' },
    );
  }
  const refreshInterval = resolveRefreshInterval(options.refreshInterval);
  const project = pick(options.project, env.BELLA_BAXTER_PROJECT);
  const environment = pick(options.environment, env.BELLA_BAXTER_ENV);
  const provider = pick(options.provider, undefined);
  validateSlugOption('project', project);
  validateSlugOption('environment', environment);
  validateSlugOption('provider', provider);
  const appClient = pick(options.appClient, env.BELLA_BAXTER_APP_CLIENT);
  // Sent as X-App-Client on every request: a line break in it would fail each one as a network error.
  if (appClient) validateHeaderCredential('appClient', appClient);
  return {
    baxterUrl: baxterUrl.replace(/\/+$/, ''),
    auth,
    project,
    environment,
    provider,
    appClient,
    privateKey: pick(options.privateKey, env.BELLA_BAXTER_PRIVATE_KEY),
    e2ee: options.e2ee ?? CLIENT_DEFAULTS.e2ee,
    refreshInterval,
    maxBackoff: Math.max(positive('maxBackoff', options.maxBackoff, CLIENT_DEFAULTS.maxBackoff), refreshInterval),
    timeoutMs: clampTimerMs(positive('timeoutMs', options.timeoutMs, CLIENT_DEFAULTS.timeoutMs)),
    maxAttempts: Math.floor(positive('maxAttempts', options.maxAttempts, CLIENT_DEFAULTS.maxAttempts)),
    maxResponseBytes: Math.floor(positive('maxResponseBytes', options.maxResponseBytes, CLIENT_DEFAULTS.maxResponseBytes)),
  };
}

/** 0/unset: no polling; else at least a second, with a warning above a day (likely milliseconds). */
function resolveRefreshInterval(value: number | undefined): number {
  const seconds = positive('refreshInterval', value, 0, true);
  if (seconds > 0 && seconds < MIN_REFRESH_INTERVAL_SECONDS) {
    throw new BaxterConfigError(
      `Option refreshInterval is in seconds and must be 0 (no polling) or at least ${MIN_REFRESH_INTERVAL_SECONDS} (got ${seconds}).`,
      { option: 'refreshInterval' },
    );
  }
  if (seconds > LONG_REFRESH_INTERVAL_SECONDS) {
    process.emitWarning?.(
      `refreshInterval is ${seconds} seconds (over a day): it is in seconds, not milliseconds. Secrets will be checked that rarely.`,
      { code: 'BAXTER_REFRESH_INTERVAL_LONG' },
    );
  }
  return seconds;
}

/** Names the missing project/environment option and its variable. */
export function missingScopeError(what: 'project' | 'environment'): BaxterConfigError {
  const variable = what === 'project' ? 'BELLA_BAXTER_PROJECT' : 'BELLA_BAXTER_ENV';
  return new BaxterConfigError(
    `No ${what}: pass the ${what} option or set ${variable} (an API key scoped to one ${what} fills it in by itself through GET /keys/me).`,
    { option: what },
  );
}
