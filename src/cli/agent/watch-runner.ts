// From the root entry, as a user's code would: see the note in tsup.config.ts on why the cli side imports it whole.
import { createBaxterClient } from '../../index.js';
import type { BaxterClient } from '../../client/live-secrets.js';
import { isAccessDenied } from '../../client/cache/start-from-cache.js';
import { backoffDelay } from '../../client/refresh-loop.js';
import { isBaxterConfigError } from '../../errors/config-error.js';
import type { CliLog } from '../log.js';
import type { AgentWatch } from './agent-config.js';
import type { AgentState, AgentWatchStatus } from './agent-status.js';

export interface WatchRunnerInit {
  watch: AgentWatch;
  cache: { path: string; maxAgeSeconds: number | undefined; key?: string } | undefined;
  env: Record<string, string | undefined>;
  log: CliLog;
  /** A new set is being served (first load, from the server or the cache, or a change). */
  onSet: () => void;
  /** A check succeeded (changed or not). */
  onChecked?: () => void;
  /** Upper bound of the wait between start attempts, seconds. @default 300 */
  maxBackoff?: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One watch: a live client, created with retries and backoff while the server
 * cannot be reached (a sidecar must not crash-loop), then kept current by the
 * client's own polling. A configuration error (no credentials, a malformed key)
 * is final: retrying cannot fix it.
 */
export class WatchRunner {
  #client: BaxterClient | undefined;
  #startFailures = 0;
  #startError: unknown;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #stopRun: (() => void) | undefined;
  readonly #init: WatchRunnerInit;
  readonly name: string;

  constructor(init: WatchRunnerInit) {
    this.#init = init;
    const { project, environment, provider } = init.watch;
    this.name = `${project}/${environment}${provider ? `/${provider}` : ''}`;
  }

  /** The set being served, once there is one. */
  values(): Readonly<Record<string, string>> | undefined {
    return this.#client?.getAll();
  }

  status(): AgentWatchStatus {
    const { project, environment, provider } = this.#init.watch;
    const client = this.#client;
    const status = client?.status;
    let state: AgentState;
    if (!status) state = isAccessDenied(this.#startError) ? 'unauthorized' : 'starting';
    else if (status.state === 'fresh') state = 'serving';
    else state = isAccessDenied(status.lastError) ? 'unauthorized' : 'stale';
    return {
      project,
      environment,
      ...(provider ? { provider } : {}),
      state,
      lastSuccessAt: status?.lastSuccessAt?.toISOString() ?? null,
      consecutiveFailures: status ? status.consecutiveFailures : this.#startFailures,
    };
  }

  /** Keeps trying until a client exists; resolves with a configuration error that makes retrying pointless. */
  run(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stopRun = resolve;
      const attempt = async () => {
        try {
          if (await this.attempt(true)) resolve();
          else if (this.#closed) resolve();
          else this.#retryLater(attempt);
        } catch (error) {
          reject(error);
        }
      };
      void attempt();
    });
  }

  /** One start attempt: true when a set is served. Throws only for configuration errors. */
  async attempt(poll: boolean): Promise<boolean> {
    const { watch, cache, env, log } = this.#init;
    const sdkLine = (message: string) => log.debug(message, { watch: this.name });
    try {
      const client = await createBaxterClient({
        project: watch.project,
        environment: watch.environment,
        ...(watch.provider ? { provider: watch.provider } : {}),
        appClient: env.BELLA_BAXTER_APP_CLIENT ?? 'bella-agent',
        refreshInterval: poll ? watch.pollInterval : 0,
        maxBackoff: Math.max(this.#init.maxBackoff ?? 300, watch.pollInterval),
        env,
        // The agent logs failures and recoveries itself (one format, --log-format json): the SDK's own lines only with -v.
        logger: { debug: sdkLine, info: sdkLine, warn: sdkLine, error: sdkLine },
        ...(cache ? { cache: { path: cache.path, ...(cache.maxAgeSeconds ? { maxAgeSeconds: cache.maxAgeSeconds } : {}), ...(cache.key ? { key: cache.key } : {}), onError: (error) => log.warn(error.message, { watch: this.name }) } } : {}),
      });
      if (this.#closed) {
        await client.close();
        return false;
      }
      this.#client = client;
      this.#listen(client);
      if (client.status.state === 'stale') {
        const ageSeconds = Math.round((Date.now() - client.snapshot.fetchedAt.getTime()) / 1000);
        log.warn(`the server is unreachable: serving the cached set (stale, saved ${ageSeconds} s ago)`, { watch: this.name, keys: client.snapshot.size, error: describe(client.status.lastError) });
      } else {
        log.info('fetched secrets', { watch: this.name, keys: client.snapshot.size });
      }
      this.#init.onSet();
      return true;
    } catch (error) {
      if (isBaxterConfigError(error)) throw error;
      this.#startFailures++;
      this.#startError = error;
      log.warn(`cannot load secrets yet: ${describe(error)}`, { watch: this.name, attempt: this.#startFailures });
      return false;
    }
  }

  #listen(client: BaxterClient): void {
    const { log } = this.#init;
    client.on('change', ({ added, removed, changed }) => {
      log.info('secrets changed', { watch: this.name, added: added.length, removed: removed.length, changed: changed.length });
      this.#init.onSet();
    });
    client.on('error', ({ error, attempt, nextRetryAt }) => {
      const denied = isAccessDenied(error);
      log[denied ? 'error' : 'warn'](`${denied ? `access denied (revoked key?), keeping the files${this.#init.cache ? ', the cache is deleted' : ''}` : 'check failed, keeping the last good files'}: ${describe(error)}`, {
        watch: this.name,
        attempt,
        ...(nextRetryAt ? { nextCheckAt: nextRetryAt.toISOString() } : {}),
      });
    });
    client.on('refreshed', () => this.#init.onChecked?.());
    client.on('recovered', ({ consecutiveFailures }) => log.info('the server answers again', { watch: this.name, after: consecutiveFailures }));
  }

  #retryLater(attempt: () => void): void {
    const intervalMs = this.#init.watch.pollInterval * 1000;
    const delay = backoffDelay(this.#startFailures, intervalMs, Math.max(intervalMs, (this.#init.maxBackoff ?? 300) * 1000), Math.random);
    this.#timer = setTimeout(attempt, delay);
    this.#timer.unref?.();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#stopRun?.();
    await this.#client?.close();
  }
}
