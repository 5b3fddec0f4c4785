import { getKeyContext } from '../api/keys.js';
import { CredentialsClient } from '../credentials/credentials-client.js';
import { apiKeyAuthenticator, bearerAuthenticator, assertTokenUsable, parseApiKey } from '../http/auth.js';
import { createE2eeSession } from '../http/e2ee.js';
import { HttpClient } from '../http/http-client.js';
import { createFetchTransport, createUndiciTransport, type Transport } from '../http/transport.js';
import type { InferOutput, StandardSchemaV1 } from '../shared/standard-schema.js';
import { RotationClient } from '../rotation/rotation-client.js';
import { SDK_VERSION } from '../version.js';
import { ChangeSource, type Scope } from './change-source.js';
import { BaxterClient } from './live-secrets.js';
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
      'User-Agent': `bella-baxter-sdk-js/${SDK_VERSION} (${runtime})`,
      ...(options.appClient ? { 'X-App-Client': options.appClient } : {}),
    },
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
    e2ee,
  });
  return { http, transport, options };
}

/** Options, then environment variables, then `GET /keys/me` for what is still unknown. */
async function resolveScope(connection: Connection, signal: AbortSignal): Promise<Scope> {
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
  const connection = await connect(resolved, options.fetch, options.env ?? process.env);
  const lifetime = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, lifetime.signal]) : lifetime.signal;
  try {
    const scope = await resolveScope(connection, signal);
    const source = new ChangeSource(connection.http, scope);
    const initial = await source.check(signal);
    if (!initial) throw new Error('unreachable: the first check always fetches');
    const config = options.schema ? await validateSecrets(options.schema, initial.values) : undefined;
    source.commit(initial);
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
        onClose: async () => {
          await credentials.closeAll();
          await connection.transport.close();
        },
        credentials,
        rotation,
      },
      config as ConfigOf<TSchema>,
    );
  } catch (error) {
    lifetime.abort();
    await connection.transport.close();
    throw error;
  }
}
