import type { EnvironmentProviderResponse } from '../api/provider-schemas.js';
import type { CredentialsClient } from '../credentials/credentials-client.js';
import { asBaxterError, BaxterError } from '../errors/baxter-error.js';
import { abortError } from '../errors/abort-error.js';
import { BaxterClosedError } from '../errors/closed-error.js';
import { withLinkedSignal } from '../shared/abort.js';
import { BaxterMissingSecretError } from '../errors/missing-secret-error.js';
import type { RotationClient } from '../rotation/rotation-client.js';
import { INSPECT } from '../shared/redact.js';
import type { StandardSchemaV1 } from '../shared/standard-schema.js';
import type { ChangeSource, FetchedSecrets } from './change-source.js';
import { isAccessDenied, type CacheHooks } from './cache/start-from-cache.js';
import { Listeners } from './listeners.js';
import type { RefreshObserver } from './refresh-observer.js';
import { alignToSlot, backoffDelay, firstDelay, RefreshLoop, steadyDelay } from './refresh-loop.js';
import { diffSnapshots, SecretsSnapshot } from './snapshot.js';
import { validateSecrets } from './validate-secrets.js';

/**
 * Emitted (as `change`) when a refresh, timed or `refresh()`, brings a
 * different set of secrets that passed the schema; the client already serves
 * `current` when listeners run. Key names only in the lists; values are read
 * from the snapshots.
 *
 * @example
 * ```ts
 * client.on('change', ({ added, removed, changed, current }) => {
 *   console.log('secrets changed', { added, removed, changed });
 *   if (changed.includes('DB_PASSWORD')) pool.reconnect(current.get('DB_PASSWORD'));
 * });
 * ```
 */
export interface SecretsChangeEvent {
  /** Keys present in `current` only. */
  added: string[];
  /** Keys present in `previous` only. */
  removed: string[];
  /** Keys in both whose value differs. */
  changed: string[];
  /** The snapshot that was replaced. */
  previous: SecretsSnapshot;
  /** The snapshot now served by `get()`, `getAll()` and `snapshot`. */
  current: SecretsSnapshot;
}

/**
 * Emitted (as `error`) when a refresh fails, or when a new snapshot fails the
 * `schema` option (`attempt` 0). The last good secrets stay in use, and
 * polling goes on, backing off up to `maxBackoff` seconds while it keeps failing.
 *
 * @example
 * ```ts
 * client.on('error', ({ error, attempt, nextRetryAt }) => {
 *   console.warn(`secrets refresh failed (attempt ${attempt}), next check ${nextRetryAt?.toISOString() ?? 'on refresh()'}`, error);
 * });
 * ```
 */
export interface SecretsErrorEvent {
  /** What failed: a `BaxterError` subclass (`BaxterApiError`, `BaxterNetworkError`, the schema's `BaxterValidationError`, ...); branch on its `code`. */
  error: BaxterError;
  /** Consecutive failed refreshes, this one included (0 for a rejected snapshot on a healthy server). */
  attempt: number;
  /** When the next check is due, if polling. */
  nextRetryAt: Date | undefined;
}

/**
 * Where the client stands, as `client.status` returns it (a copy).
 *
 * @example
 * ```ts
 * const { state, lastSuccessAt, consecutiveFailures } = client.status;
 * if (state === 'stale') console.warn(`secrets stale: last success ${lastSuccessAt?.toISOString()}, ${consecutiveFailures} failed checks in a row`);
 * ```
 */
export interface ClientStatus {
  /**
   * `fresh` after a successful check; `stale` while checks fail or the latest snapshot was rejected
   * by the schema; `closed` once `close()` was called (reads serve the last snapshot, nothing refreshes it).
   */
  state: 'fresh' | 'stale' | 'closed';
  /** When a check last reached the server successfully (the initial load counts; for a start from the `cache`, when the cache was saved). */
  lastSuccessAt: Date | undefined;
  /** The latest failure (a failed check, or the schema's rejection); `undefined` once fresh again. */
  lastError: unknown;
  /** Failed checks in a row; 0 after any successful check (a schema rejection is not counted). */
  consecutiveFailures: number;
}

/**
 * The events of {@link BaxterClient.on}, by name: `change`
 * ({@link SecretsChangeEvent}) after a refresh that brought different secrets,
 * `error` ({@link SecretsErrorEvent}) after a failed refresh or a snapshot the
 * schema rejected.
 *
 * @example
 * ```ts
 * import type { ClientEvents } from '@bella-baxter/sdk';
 *
 * const logChange = ({ added, removed, changed }: ClientEvents['change']) =>
 *   console.log(`secrets: +${added.length} -${removed.length} ~${changed.length}`);
 * client.on('change', logChange);
 * ```
 */
// A type alias (not an interface) so it satisfies Record<string, unknown>.
export type ClientEvents = {
  change: SecretsChangeEvent;
  error: SecretsErrorEvent;
  refreshed: SecretsRefreshedEvent;
  recovered: SecretsRecoveredEvent;
};

/**
 * Emitted (as `refreshed`) after every check that reached the server and left
 * the client fresh, changed or not (a `304` counts): a heartbeat for health
 * checks and cache age. `change` is emitted before it when the set changed.
 *
 * @example
 * ```ts
 * let lastSuccess = Date.now();
 * client.on('refreshed', ({ at }) => (lastSuccess = at.getTime()));
 * app.get('/healthz', (_req, res) => res.status(Date.now() - lastSuccess < 120_000 ? 200 : 503).end());
 * ```
 */
export interface SecretsRefreshedEvent {
  /** Whether this check applied a different set (then `change` was emitted too). */
  changed: boolean;
  /** When the check succeeded. */
  at: Date;
  /** The snapshot now served. */
  snapshot: SecretsSnapshot;
}

/**
 * Emitted (as `recovered`) when a successful check ends a stale period: after
 * failed checks, a set the schema rejected, or a start from the cache.
 *
 * @example
 * ```ts
 * client.on('recovered', ({ consecutiveFailures, lastSuccessAt }) =>
 *   console.info(`secrets fresh again after ${consecutiveFailures} failed checks (last success ${lastSuccessAt?.toISOString()})`),
 * );
 * ```
 */
export interface SecretsRecoveredEvent {
  /** Failed checks in a row before this one. */
  consecutiveFailures: number;
  /** The failure that made the client stale. */
  lastError: unknown;
  /** The success before the stale period (for a start from the cache: when the cache was saved). */
  lastSuccessAt: Date | undefined;
  /** When the recovering check succeeded. */
  at: Date;
}

/** What `createBaxterClient` hands the client it builds. @internal */
export interface LiveSecretsInit {
  source: ChangeSource;
  /** The first set: copied into the first snapshot, never kept (it would keep rotated-away values alive). */
  initial: FetchedSecrets;
  schema: StandardSchemaV1 | undefined;
  refreshIntervalMs: number;
  maxBackoffMs: number;
  /** Aborted by `close()`: every request in flight listens to it. */
  lifetime: AbortController;
  onClose: () => Promise<void>;
  random?: () => number;
  /** `client.credentials`, scoped like the client. */
  credentials: CredentialsClient;
  /** `client.rotation`, scoped like the client. */
  rotation: RotationClient;
  /** The last-known-good cache, when the `cache` option is set. */
  cache?: CacheHooks | undefined;
  /** Set when the server was unreachable at start and the cache served the initial set. */
  startedFromCache?: { savedAt: Date; error: unknown } | undefined;
  /** `GET .../providers` in the client's environment. */
  listProviders: (signal: AbortSignal) => Promise<EnvironmentProviderResponse[]>;
  /** Logs failure streaks and recoveries, and traces each check. */
  observer?: RefreshObserver | undefined;
}

/**
 * The live secrets client. Reads are synchronous and served from memory; a
 * background loop keeps them current. Create it with {@link createBaxterClient}.
 *
 * @example
 * ```ts
 * const client = await createBaxterClient({ refreshInterval: 60 });
 * const url = client.getOrThrow('DATABASE_URL');
 * client.on('change', ({ changed }) => console.log('rotated:', changed));
 * ```
 */
export class BaxterClient<TConfig = Readonly<Record<string, string>>> {
  #snapshot: SecretsSnapshot;
  #config: TConfig;
  #inflight: Promise<boolean> | undefined;
  #status: ClientStatus;
  #closed: Promise<void> | undefined;
  #pendingError: { error: BaxterError; attempt: number } | undefined;
  /** The schema's rejection of the server's latest set, until a valid set is applied. */
  #rejection: unknown;
  readonly #listeners: Listeners<ClientEvents>;
  readonly #loop: RefreshLoop | undefined;
  readonly #init: Omit<LiveSecretsInit, 'initial'>;
  readonly #random: () => number;

  /** @internal Use {@link createBaxterClient}. */
  constructor(init: LiveSecretsInit, initialConfig: TConfig | undefined) {
    const { initial, ...kept } = init;
    this.#init = kept;
    this.#random = init.random ?? Math.random;
    const fromCache = init.startedFromCache;
    this.#snapshot = new SecretsSnapshot(initial.values, initial.marker, fromCache?.savedAt ?? new Date());
    this.#config = (init.schema ? initialConfig : this.#snapshot.values()) as TConfig;
    this.#status = fromCache
      ? { state: 'stale', lastSuccessAt: fromCache.savedAt, lastError: fromCache.error, consecutiveFailures: 1 }
      : { state: 'fresh', lastSuccessAt: new Date(), lastError: undefined, consecutiveFailures: 0 };
    this.#listeners = new Listeners<ClientEvents>((error) => {
      // A listener's own failure is reported once to the console: it must not stop the loop nor recurse.
      console.error('[@bella-baxter/sdk] a client event listener threw:', error);
    });
    if (init.refreshIntervalMs > 0) {
      this.#loop = new RefreshLoop(() => void this.refresh().catch(() => undefined));
      this.#loop.schedule(alignToSlot(firstDelay(init.refreshIntervalMs, this.#random), init.refreshIntervalMs, Date.now()));
    }
  }

  /** A secret's value, or undefined. O(1). @example `const token = client.get('API_TOKEN') ?? 'dev-token';` */
  get(key: string): string | undefined {
    return this.#snapshot.get(key);
  }

  /** A secret's value; throws {@link BaxterMissingSecretError} (naming the key) when absent. @example `const url = client.getOrThrow('DATABASE_URL');` */
  getOrThrow(key: string): string {
    const value = this.#snapshot.get(key);
    if (value === undefined) throw new BaxterMissingSecretError(key, this.#snapshot.size);
    return value;
  }

  /** Whether the secret exists. @example `if (client.has('FEATURE_FLAG_KEY')) enableFlags();` */
  has(key: string): boolean {
    return this.#snapshot.has(key);
  }

  /** All secrets as a frozen object. @example `const all = client.getAll(); Object.keys(all);` */
  getAll(): Readonly<Record<string, string>> {
    return this.#snapshot.values();
  }

  /** The current snapshot (immutable). @example `console.log(client.snapshot.keys());` */
  get snapshot(): SecretsSnapshot {
    return this.#snapshot;
  }

  /**
   * The secrets validated and coerced by the `schema` option (the raw map without one).
   * @example
   * ```ts
   * const client = await createBaxterClient({ schema: z.object({ PORT: z.coerce.number() }) });
   * server.listen(client.config.PORT);
   * ```
   */
  get config(): TConfig {
    return this.#config;
  }

  /**
   * Dynamic database credentials in the client's project and environment:
   * `generate`, `listRoles`, and `lease` (renewed before expiry; closed by `close()`).
   * @example
   * ```ts
   * const creds = await client.credentials.generate({ provider: 'postgres', role: 'readonly' });
   * ```
   */
  get credentials(): CredentialsClient {
    return this.#init.credentials;
  }

  /**
   * Rotation management in the client's project and environment: `setPolicy`,
   * `getPolicy`, `disablePolicy`, `rotate`, `waitForRotation`, `rotateSigningSecret`.
   * @example
   * ```ts
   * await client.rotation.rotate({ provider: 'vault', key: 'SESSION_SECRET' });
   * ```
   */
  get rotation(): RotationClient {
    return this.#init.rotation;
  }

  /**
   * The providers assigned to the client's environment (`GET .../providers`):
   * their slugs are what `provider` options of `credentials` and `rotation`
   * take. Fetched on each call.
   *
   * @example
   * ```ts
   * const providers = await client.listProviders();
   * console.log(providers.map((p) => `${p.providerSlug} (${p.providerType})`).join(', '));
   * ```
   */
  async listProviders(options: { signal?: AbortSignal } = {}): Promise<EnvironmentProviderResponse[]> {
    const { lifetime } = this.#init;
    if (lifetime.signal.aborted) throw new BaxterClosedError('listProviders()');
    // Linked by hand, not with AbortSignal.any (see shared/abort.ts).
    return withLinkedSignal([lifetime.signal, options.signal], (signal) => this.#init.listProviders(signal));
  }

  /** A copy of where the client stands. @example `if (client.status.state === 'stale') metrics.increment('secrets.stale');` */
  get status(): ClientStatus {
    return this.#closed ? { ...this.#status, state: 'closed' } : { ...this.#status };
  }

  /** Whether `close()` was called. @example `if (!client.closed) await client.refresh();` */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /**
   * Listens for `change`, `error`, `refreshed` (every successful check) or
   * `recovered` (the end of a stale period); returns an unsubscribe function. A listener
   * that throws never breaks the refresh loop.
   * @example
   * ```ts
   * const off = client.on('change', ({ changed, current }) => pool.reconnect(current.get('DB_PASSWORD')));
   * off();
   * ```
   */
  on<K extends keyof ClientEvents>(event: K, listener: (event: ClientEvents[K]) => unknown): () => void {
    // A closed client emits nothing more: a listener added now would silently never run.
    if (this.#closed) throw new BaxterClosedError(`on('${String(event)}')`);
    return this.#listeners.on(event, listener);
  }

  /**
   * Checks for changes now. Concurrent calls share one request. Resolves to
   * whether the secrets changed; rejects when the check fails (the old secrets stay).
   * `signal` stops this caller's wait; the shared check goes on for the others.
   * @example `if (await client.refresh({ signal: AbortSignal.timeout(5_000) })) console.log('new secrets');`
   */
  refresh(options: { signal?: AbortSignal } = {}): Promise<boolean> {
    if (this.#closed) return Promise.reject(new BaxterClosedError('refresh()'));
    const { signal } = options;
    // Before starting a check: one started for nobody would reject unhandled (and crash the process) if it failed.
    if (signal?.aborted) return Promise.reject(abortError(signal, 'refresh()'));
    this.#inflight ??= this.#check().finally(() => {
      this.#inflight = undefined;
    });
    if (!signal) return this.#inflight;
    return new Promise<boolean>((resolve, reject) => {
      const onAbort = () => reject(abortError(signal, 'refresh()'));
      signal.addEventListener('abort', onAbort, { once: true });
      this.#inflight!.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /**
   * Copies the secrets into `process.env` for code that reads it. Existing
   * variables are kept unless `override` is true. Returns the keys written.
   * It is a one-time copy: call it again from a `change` listener to follow rotations.
   * @example
   * ```ts
   * client.applyToProcessEnv();
   * client.on('change', () => client.applyToProcessEnv({ override: true }));
   * ```
   */
  applyToProcessEnv(options: { override?: boolean; env?: Record<string, string | undefined> } = {}): string[] {
    const env = options.env ?? process.env;
    const written: string[] = [];
    for (const [key, value] of Object.entries(this.#snapshot.values())) {
      if (!options.override && env[key] !== undefined) continue;
      env[key] = value;
      written.push(key);
    }
    return written;
  }

  /**
   * Stops polling, aborts requests in flight (they reject with `BaxterClosedError`), closes
   * every credential lease it created and closes the connection pool. Idempotent. Reads keep
   * serving the last snapshot; every later call that would reach the server (`refresh()`,
   * `credentials.*`, `rotation.*`) and `on()` fail at once with `BaxterClosedError`.
   * @example `process.on('SIGTERM', () => client.close());`
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#loop?.stop();
      // A BaxterError, so a refresh() or lease call cut short by close() still matches isBaxterError.
      this.#init.lifetime.abort(new BaxterClosedError('A request', { inFlight: true }));
      await this.#inflight?.catch(() => undefined);
      this.#listeners.clear();
      await this.#init.onClose();
    })();
    return this.#closed;
  }

  /** `await using client = await createBaxterClient(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Key names and state only, never values (what `JSON.stringify(client)` shows). */
  toJSON(): { keys: string[]; status: ClientStatus['state'] } {
    return { keys: this.#snapshot.keys(), status: this.status.state };
  }

  /** `BaxterClient(N secrets, state)`: never a value. */
  toString(): string {
    return `BaxterClient(${this.#snapshot.size} secrets, ${this.status.state})`;
  }

  /** @internal The `util.inspect` / `console.log` view: key names only, values redacted. */
  [INSPECT](): string {
    return `BaxterClient { keys: [${this.#snapshot.keys().join(', ')}], values: [REDACTED], state: '${this.status.state}' }`;
  }

  async #check(): Promise<boolean> {
    const { observer } = this.#init;
    const failuresBefore = this.#status.consecutiveFailures;
    try {
      return await (observer ? observer.trace(() => this.#checkOnce()) : this.#checkOnce());
    } finally {
      this.#scheduleNext();
      const pending = this.#pendingError;
      this.#pendingError = undefined;
      const nextAt = this.#loop?.nextAt;
      const nextRetryAt = nextAt === undefined ? undefined : new Date(nextAt);
      observer?.checked({ failuresBefore, failuresAfter: this.#status.consecutiveFailures, reported: pending, nextRetryAt });
      if (pending) this.#listeners.emit('error', { ...pending, nextRetryAt });
    }
  }

  /** Every check, timed or manual, sets the next one: steady when healthy, backing off while failing. */
  #scheduleNext(): void {
    if (!this.#loop) return;
    const { refreshIntervalMs, maxBackoffMs } = this.#init;
    const failures = this.#status.consecutiveFailures;
    this.#loop.schedule(
      failures === 0
        ? alignToSlot(steadyDelay(refreshIntervalMs, this.#random), refreshIntervalMs, Date.now())
        : backoffDelay(failures, refreshIntervalMs, maxBackoffMs, this.#random),
    );
  }

  async #checkOnce(): Promise<boolean> {
    const { source, lifetime, schema } = this.#init;
    let fetched: FetchedSecrets | undefined;
    try {
      fetched = await source.check(lifetime.signal);
    } catch (thrown) {
      if (lifetime.signal.aborted) throw thrown;
      const error = asBaxterError(thrown, 'Refreshing secrets');
      if (isAccessDenied(error)) this.#init.cache?.denied();
      const attempt = this.#status.consecutiveFailures + 1;
      this.#status = { ...this.#status, state: 'stale', lastError: error, consecutiveFailures: attempt };
      this.#pendingError = { error, attempt };
      throw error;
    }
    const now = new Date();
    const before = this.#status;
    if (!fetched) {
      this.#markHealthy(now);
      if (this.#status.state === 'fresh') this.#init.cache?.confirmed(this.#snapshot.values(), this.#snapshot.marker ?? '', now, false);
      this.#emitSuccess(before, false, now);
      return false;
    }
    const next = new SecretsSnapshot(fetched.values, fetched.marker, now);
    let config: unknown = next.values();
    if (schema) {
      try {
        config = await validateSecrets(schema, next.values());
      } catch (thrown) {
        const error = asBaxterError(thrown, 'Validating secrets');
        // Remember the marker so the same bad set is not fetched again every poll.
        source.commit(fetched);
        this.#rejection = error;
        this.#status = { state: 'stale', lastSuccessAt: now, lastError: error, consecutiveFailures: 0 };
        this.#pendingError = { error, attempt: 0 };
        throw error;
      }
    }
    source.commit(fetched);
    this.#rejection = undefined;
    this.#status = { state: 'fresh', lastSuccessAt: now, lastError: undefined, consecutiveFailures: 0 };
    const previous = this.#snapshot;
    const diff = diffSnapshots(previous, next);
    this.#snapshot = next;
    this.#config = config as TConfig;
    const changed = diff.added.length + diff.removed.length + diff.changed.length > 0;
    this.#init.cache?.confirmed(next.values(), fetched.marker, now, true);
    if (changed) this.#listeners.emit('change', { ...diff, previous, current: next });
    this.#emitSuccess(before, changed, now);
    return changed;
  }

  /** `recovered` when a stale period ends, then the `refreshed` heartbeat; nothing while a rejected set keeps the client stale. */
  #emitSuccess(before: ClientStatus, changed: boolean, at: Date): void {
    if (this.#status.state !== 'fresh') return;
    if (before.state === 'stale') {
      this.#listeners.emit('recovered', { consecutiveFailures: before.consecutiveFailures, lastError: before.lastError, lastSuccessAt: before.lastSuccessAt, at });
    }
    this.#listeners.emit('refreshed', { changed, at, snapshot: this.#snapshot });
  }

  /** An unchanged check: healthy again, though a rejected snapshot keeps the client stale until a valid one arrives. */
  #markHealthy(now: Date): void {
    // Remembered apart from lastError: a failed check in between must not make a rejected set look fresh.
    this.#status =
      this.#rejection !== undefined
        ? { state: 'stale', lastSuccessAt: now, lastError: this.#rejection, consecutiveFailures: 0 }
        : { state: 'fresh', lastSuccessAt: now, lastError: undefined, consecutiveFailures: 0 };
  }
}
