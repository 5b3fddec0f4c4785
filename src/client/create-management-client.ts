import { BaxterClosedError } from '../errors/closed-error.js';
import { listEnvironmentProviders } from '../api/providers.js';
import type { EnvironmentProviderResponse } from '../api/provider-schemas.js';
import { CredentialsClient } from '../credentials/credentials-client.js';
import { RotationClient } from '../rotation/rotation-client.js';
import { linkSignals, withLinkedSignal } from '../shared/abort.js';
import { INSPECT } from '../shared/redact.js';
import { connect, resolveScope } from './create-client.js';
import { resolveClientOptions, type BaxterClientOptions } from './options.js';

/**
 * Options of {@link createBaxterManagementClient}: those of `createBaxterClient`
 * that are about connecting (URL, credentials, project, environment, app name,
 * timeouts, transport). Nothing about secrets, which it never reads.
 *
 * @example
 * ```ts
 * import type { BaxterManagementClientOptions } from '@bella-baxter/sdk';
 *
 * const options: BaxterManagementClientOptions = { project: 'shop', environment: 'prod', appClient: 'rotation-cron' };
 * ```
 */
export type BaxterManagementClientOptions = Omit<BaxterClientOptions, 'schema' | 'refreshInterval' | 'maxBackoff' | 'provider'>;

/**
 * The management APIs of one environment, without its secrets: from
 * {@link createBaxterManagementClient}.
 *
 * @example
 * ```ts
 * const management = await createBaxterManagementClient();
 * try {
 *   await management.rotation.rotate({ provider: 'vault', key: 'STRIPE_API_KEY' });
 * } finally {
 *   await management.close();
 * }
 * ```
 */
export interface BaxterManagementClient {
  /** The project slug the client is scoped to (from the option, `BELLA_BAXTER_PROJECT` or `GET /keys/me`). */
  readonly project: string;
  /** The environment slug the client is scoped to. */
  readonly environment: string;
  /** Rotation management (`rotate`, `waitForRotation`, `getPolicy`, `setPolicy`, ...), as `client.rotation`. */
  readonly rotation: RotationClient;
  /** Dynamic database credentials (`generate`, `listRoles`, `lease`), as `client.credentials`. */
  readonly credentials: CredentialsClient;
  /** The environment's providers (`GET .../providers`), as `client.listProviders()`. */
  listProviders(options?: { signal?: AbortSignal }): Promise<EnvironmentProviderResponse[]>;
  /** Aborts requests in flight, closes every lease it made and the connection pool. Idempotent. */
  close(): Promise<void>;
}

/**
 * Connects to Bella Baxter WITHOUT loading the environment's secrets, for the
 * management APIs only: rotation, dynamic credentials and the provider list. An API key that may
 * rotate secrets or issue database users but not read secrets works here,
 * where `createBaxterClient` would be refused. Options and environment
 * variables resolve exactly as for `createBaxterClient`; the only request it
 * makes before resolving is `GET /keys/me`, when project or environment is unset.
 *
 * @example
 * ```ts
 * import { createBaxterManagementClient } from '@bella-baxter/sdk';
 *
 * await using management = await createBaxterManagementClient({ appClient: 'migrations' });
 * const creds = await management.credentials.generate({ provider: 'postgres', ttlSeconds: 900 });
 * await runMigrations(creds.toEnv());
 * ```
 */
export async function createBaxterManagementClient(
  options: BaxterManagementClientOptions = {},
): Promise<BaxterManagementClient & AsyncDisposable> {
  const resolved = resolveClientOptions(options);
  const connection = await connect(resolved, options.fetch, options.env ?? process.env);
  const lifetime = new AbortController();
  // Linked by hand, not with AbortSignal.any (see shared/abort.ts); unlinked once the scope is known.
  const initialLoad = linkSignals([options.signal, lifetime.signal]);
  try {
    const scope = await resolveScope(connection, initialLoad.signal).finally(() => initialLoad.unlink());
    const envRef = { project: scope.project, environment: scope.environment };
    const credentials = new CredentialsClient({ http: connection.http, scope: envRef, lifetime: lifetime.signal });
    const rotation = new RotationClient({ http: connection.http, scope: envRef, lifetime: lifetime.signal });
    let closed: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closed ??= (async () => {
        lifetime.abort(new BaxterClosedError('A request', { inFlight: true }));
        await credentials.closeAll();
        await connection.transport.close();
      })());
    const describe = `BaxterManagementClient(${envRef.project}/${envRef.environment})`;
    const listProviders = (call: { signal?: AbortSignal } = {}) =>
      lifetime.signal.aborted
        ? Promise.reject(new BaxterClosedError('listProviders()'))
        : withLinkedSignal([lifetime.signal, call.signal], (signal) => listEnvironmentProviders(connection.http, { ...envRef, signal }));
    return {
      ...envRef,
      rotation,
      credentials,
      listProviders,
      close,
      [Symbol.asyncDispose]: close,
      toString: () => describe,
      [INSPECT]: () => describe,
    } as BaxterManagementClient & AsyncDisposable;
  } catch (error) {
    lifetime.abort();
    await connection.transport.close();
    throw error;
  }
}
