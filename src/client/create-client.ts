import { getKeyContext } from '../api/keys.js';
import { listEnvironmentProviders } from '../api/providers.js';
import { CredentialsClient } from '../credentials/credentials-client.js';
import { apiKeyAuthenticator, bearerAuthenticator, assertTokenUsable, parseApiKey } from '../http/auth.js';
import { createE2eeSession } from '../http/e2ee.js';
import { HttpClient } from '../http/http-client.js';
import { createFetchTransport, createUndiciTransport, type Transport } from '../http/transport.js';
import { linkSignals } from '../shared/abort.js';
import type { InferOutput, StandardSchemaV1 } from '../shared/standard-schema.js';
import { RotationClient } from '../rotation/rotation-client.js';
import { resolveLogger, type ResolvedLogger } from '../observability/logger.js';
import { attemptLine } from '../observability/request-log.js';
import { SDK_VERSION } from '../version.js';
import { ChangeSource, type Scope } from './change-source.js';
import { BaxterClient } from './live-secrets.js';
import { createLastGoodCache } from './cache/cache-options.js';
import { cacheHooks, loadInitial } from './cache/start-from-cache.js';
import { RefreshObserver } from './refresh-observer.js';
import { validateSecrets } from './validate-secrets.js';
import { missingScopeError, resolveClientOptions, type BaxterClientOptions, type ResolvedClientOptions } from './options.js';

/**
 * What `client.config` is: the `schema` option's output type, or the raw
 * string map (`Readonly<Record<string, string>>`) without a schema.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import type { ConfigOf } from '@bella-baxter/sdk';
 *
 * const schema = z.object({ PORT: z.coerce.number(), DATABASE_URL: z.string() });
 * type AppConfig = ConfigOf<typeof schema>; // { PORT: number; DATABASE_URL: string }
 * ```
 */
export type ConfigOf<TSchema> = TSchema extends StandardSchemaV1 ? InferOutput<TSchema> : Readonly<Record<string, string>>;

/** Everything a feature needs to talk to the server. @internal */
export interface Connection {
  http: HttpClient;
  transport: Transport;
  options: ResolvedClientOptions;
}

/** Builds the authenticated HTTP stack for resolved options. @internal */
export async function connect(
  options: ResolvedClientOptions,
  fetchFn: BaxterClientOptions['fetch'],
  env: Record<string, string | undefined> = process.env,
  log: ResolvedLogger = resolveLogger(undefined, env),
): Promise<Connection> {
  const authenticate =
    options.auth.kind === 'apiKey' ? apiKeyAuthenticator(parseApiKey(options.auth.apiKey)) : bearerAuthenticator(options.auth.token);
  if (options.auth.kind === 'accessToken') assertTokenUsable(options.auth.token, new Date());
  // The transport first: undici loads while the E2EE key pair is made.
  const transport = fetchFn ? createFetchTransport(fetchFn) : createUndiciTransport(env);
  let e2ee: Awaited<ReturnType<typeof createE2eeSession>> | undefined;
  try {
    e2ee = options.e2ee ? await createE2eeSession(options.privateKey) : undefined;
  } catch (error) {
    await transport.close();
    throw error;
  }
  const runtime = typeof process !== 'undefined' && process.versions?.node ? `node/${process.versions.node}` : 'unknown-runtime';
  const http = new HttpClient({
    baseUrl: options.baxterUrl,
    transport,
    authenticate,
    clientHeaders: {
      'X-Bella-Client': 'bella-js-sdk',
      // The official JS SDK's name, which the product shows in audit logs (wire contract §4).
      'User-Agent': `bella-js-sdk/${SDK_VERSION} (${runtime}; @bella-baxter/sdk)`,
      ...(options.appClient ? { 'X-App-Client': options.appClient } : {}),
    },
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
    maxResponseBytes: options.maxResponseBytes,
    e2ee,
    onAttempt: log.requests ? (attempt) => log.logger.debug(attemptLine(attempt)) : undefined,
  });
  return { http, transport, options };
}

/** Options, then environment variables, then `GET /keys/me` for what is still unknown. @internal */
export async function resolveScope(connection: Connection, signal: AbortSignal): Promise<Scope> {
  let { project, environment } = connection.options;
  if ((!project || !environment) && connection.options.auth.kind === 'apiKey') {
    const me = await getKeyContext(connection.http, signal);
    project ??= me.projectSlug ?? undefined;
    environment ??= me.environmentSlug ?? undefined;
  }
  if (!project) throw missingScopeError('project');
  if (!environment) throw missingScopeError('environment');
  return { project, environment, provider: connection.options.provider };
}

/**
 * Creates the live secrets client: loads the first snapshot (rejecting with a
 * typed error when it cannot), then, with `refreshInterval`, keeps it current
 * by polling the cheap hash endpoint and fetching the full set only on change.
 *
 * @example
 * ```ts
 * import { createBaxterClient } from '@bella-baxter/sdk';
 *
 * const client = await createBaxterClient({
 *   baxterUrl: 'https://api.bella-baxter.io',
 *   apiKey: process.env.BELLA_BAXTER_API_KEY,
 *   refreshInterval: 60,
 * });
 * const dbUrl = client.getOrThrow('DATABASE_URL');
 * client.on('change', ({ changed }) => console.log('rotated:', changed));
 * ```
 */
export async function createBaxterClient<TSchema extends StandardSchemaV1 | undefined = undefined>(
  options: BaxterClientOptions<TSchema> = {},
): Promise<BaxterClient<ConfigOf<TSchema>>> {
  const resolved = resolveClientOptions(options);
  const env = options.env ?? process.env;
  const cache = createLastGoodCache(options.cache, resolved.auth, env);
  const log = resolveLogger(options.logger, env);
  const connection = await connect(resolved, options.fetch, env, log);
  const lifetime = new AbortController();
  // The caller's signal only bounds the initial load: unlinked once it is over (see shared/abort.ts).
  const initialLoad = linkSignals([options.signal, lifetime.signal]);
  const signal = initialLoad.signal;
  try {
    const start = await loadInitial(
      async () => {
        const scope = await resolveScope(connection, signal);
        const source = new ChangeSource(connection.http, scope, options.onWrappedDekReceived);
        // Without polling nothing needs the marker yet: one request (the first refresh() fetches it).
        if (resolved.refreshInterval === 0) return { scope, source, initial: await source.fetchUnmarked(signal) };
        const initial = await source.check(signal);
        if (!initial) throw new Error('unreachable: the first check always fetches');
        return { scope, source, initial };
      },
      {
        cache,
        knownScope: { project: resolved.project, environment: resolved.environment, provider: resolved.provider },
        makeSource: (scope) => new ChangeSource(connection.http, scope, options.onWrappedDekReceived),
        signal,
      },
    );
    const { scope, source, initial } = start;
    const config = options.schema ? await validateSecrets(options.schema, initial.values) : undefined;
    source.commit(initial);
    const cached = cache && cacheHooks(cache, scope, start.fromCache?.savedAt);
    if (!start.fromCache) cached?.confirmed(initial.values, initial.marker, new Date(), true);
    const envRef = { project: scope.project, environment: scope.environment };
    const credentials = new CredentialsClient({ http: connection.http, scope: envRef, lifetime: lifetime.signal });
    const rotation = new RotationClient({ http: connection.http, scope: envRef, lifetime: lifetime.signal });
    return new BaxterClient<ConfigOf<TSchema>>(
      {
        source,
        initial,
        schema: options.schema,
        refreshIntervalMs: resolved.refreshInterval * 1000,
        maxBackoffMs: resolved.maxBackoff * 1000,
        lifetime,
        cache: cached,
        startedFromCache: start.fromCache,
        onClose: async () => {
          await cached?.idle();
          await credentials.closeAll();
          await connection.transport.close();
        },
        credentials,
        rotation,
        listProviders: (signal) => listEnvironmentProviders(connection.http, { ...envRef, signal }),
        observer: new RefreshObserver(log.logger, scope),
      },
      config as ConfigOf<TSchema>,
    );
  } catch (error) {
    lifetime.abort();
    await connection.transport.close();
    throw error;
  } finally {
    initialLoad.unlink();
  }
}
