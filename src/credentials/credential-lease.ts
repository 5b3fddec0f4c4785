import { Listeners } from '../client/listeners.js';
import { asBaxterError, BaxterError } from '../errors/baxter-error.js';
import { INSPECT } from '../shared/redact.js';
import type { DynamicCredentials } from './dynamic-credentials.js';
import { expiringDelay, renewDelay, retryDelay } from './lease-timing.js';

/** The longest delay setTimeout honours (a longer one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Emitted (as `renewed`) when new credentials replace the current ones, after a
 * timed renewal or `renew()`: swap your pool's credentials here.
 *
 * @example
 * ```ts
 * lease.on('renewed', ({ credentials, previous }) => {
 *   pool.swap({ user: credentials.username, password: credentials.password });
 *   console.log(`DB user ${previous.username} stays valid until ${previous.expiresAt.toISOString()}`);
 * });
 * ```
 */
export interface CredentialsRenewedEvent {
  /** The new credentials, now `lease.credentials`. */
  credentials: DynamicCredentials;
  /** The credentials they replace; still valid until `previous.expiresAt`, so in-flight work can drain. */
  previous: DynamicCredentials;
}

/**
 * Emitted (as `expiring`) once per credentials when they are close to expiry
 * (half-way from the planned renewal to the end of the lease) and no renewal
 * has succeeded yet.
 *
 * @example
 * ```ts
 * lease.on('expiring', ({ secondsLeft, expiresAt }) => {
 *   console.warn(`DB credentials expire in ${secondsLeft} s (${expiresAt.toISOString()}) and are not renewed yet`);
 * });
 * ```
 */
export interface CredentialsExpiringEvent {
  /** The credentials about to expire (still `lease.credentials`). */
  credentials: DynamicCredentials;
  /** When they expire, as the server said. */
  expiresAt: Date;
  /** Whole seconds left, by the local clock. */
  secondsLeft: number;
}

/**
 * Emitted (as `error`) when a renewal attempt fails. The lease keeps retrying
 * with jittered exponential backoff (about 1 s, doubling, at most 30 s) while
 * the current credentials go on working until they expire.
 *
 * @example
 * ```ts
 * lease.on('error', ({ error, attempt, nextRetryAt, expired }) => {
 *   if (expired) console.error('DB credentials expired and renewal keeps failing', error);
 *   else console.warn(`renewal attempt ${attempt} failed; next at ${nextRetryAt.toISOString()}`);
 * });
 * ```
 */
export interface CredentialsErrorEvent {
  /** What failed: a `BaxterError` subclass (`BaxterApiError`, `BaxterNetworkError`, ...); branch on its `code`. */
  error: BaxterError;
  /** Consecutive failed attempts, this one included. */
  attempt: number;
  /** When the next attempt is due. */
  nextRetryAt: Date;
  /** Whether the current credentials have already expired (the pool has no valid ones). */
  expired: boolean;
}

/**
 * The events of {@link CredentialLease.on}, by name: `renewed`
 * ({@link CredentialsRenewedEvent}) when new credentials replace the current
 * ones, `expiring` ({@link CredentialsExpiringEvent}) when they are close to
 * expiry with no replacement, `error` ({@link CredentialsErrorEvent}) when a
 * renewal attempt fails.
 *
 * @example
 * ```ts
 * import type { CredentialLeaseEvents } from '@bella-baxter/sdk';
 *
 * const onExpiring = ({ secondsLeft }: CredentialLeaseEvents['expiring']) => console.warn(`DB credentials expire in ${secondsLeft} s`);
 * lease.on('expiring', onExpiring);
 * ```
 */
// A type alias (not an interface) so it satisfies Record<string, unknown>.
export type CredentialLeaseEvents = {
  renewed: CredentialsRenewedEvent;
  expiring: CredentialsExpiringEvent;
  error: CredentialsErrorEvent;
};

/** @internal How a lease gets new credentials, and where it reports. */
export interface CredentialLeaseInit {
  first: DynamicCredentials;
  issue: (signal: AbortSignal) => Promise<DynamicCredentials>;
  /** Seconds before expiry to start renewing; default a third of the lease. */
  renewBeforeSeconds: number | undefined;
  description: { provider: string; role: string | undefined };
  onClose?: (lease: CredentialLease) => void;
  random?: () => number;
  now?: () => number;
}

/**
 * Database credentials kept valid: it holds the current {@link DynamicCredentials},
 * issues new ones before they expire (by default at 2/3 of the lease, with
 * jitter), and emits `renewed` so a connection pool can swap. A failed renewal
 * emits `error` and is retried with backoff while the old credentials still
 * work; `expiring` warns once when they are close to expiry with no
 * replacement. Timers are unref'd (they never keep a process alive), and a
 * listener that throws never stops the renewals. Closing stops it; the lease
 * itself then expires on the server by itself.
 *
 * @example
 * ```ts
 * const lease = await client.credentials.lease({ provider: 'postgres', role: 'app' });
 * let pool = new pg.Pool({ user: lease.credentials.username, password: lease.credentials.password });
 * lease.on('renewed', ({ credentials }) => {
 *   const old = pool;
 *   pool = new pg.Pool({ user: credentials.username, password: credentials.password });
 *   void old.end();
 * });
 * process.on('SIGTERM', () => lease.close());
 * ```
 */
export class CredentialLease {
  #current: DynamicCredentials;
  #localExpiry = 0;
  #attempt = 0;
  #timers: Array<ReturnType<typeof setTimeout>> = [];
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #inflight: Promise<DynamicCredentials> | undefined;
  #closed: Promise<void> | undefined;
  readonly #abort = new AbortController();
  readonly #listeners: Listeners<CredentialLeaseEvents>;
  readonly #init: CredentialLeaseInit;
  readonly #random: () => number;
  readonly #now: () => number;

  /** @internal Use `client.credentials.lease(...)`. */
  constructor(init: CredentialLeaseInit) {
    this.#init = init;
    this.#random = init.random ?? Math.random;
    this.#now = init.now ?? Date.now;
    this.#current = init.first;
    this.#listeners = new Listeners<CredentialLeaseEvents>((error) => {
      console.error('[@bella-baxter/sdk] a credential lease listener threw:', error);
    });
    this.#adopt(init.first);
  }

  /** The credentials to use now. Read it when opening a connection. */
  get credentials(): DynamicCredentials {
    return this.#current;
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /**
   * Listens for `renewed`, `expiring` or `error`; returns an unsubscribe function.
   * @example
   * ```ts
   * const off = lease.on('error', ({ error, attempt, expired }) => log.warn({ attempt, expired }, String(error)));
   * off();
   * ```
   */
  on<K extends keyof CredentialLeaseEvents>(event: K, listener: (event: CredentialLeaseEvents[K]) => unknown): () => void {
    return this.#listeners.on(event, listener);
  }

  /**
   * Issues new credentials now (concurrent calls share one request), emits
   * `renewed` and resolves with them; rejects when it fails (the timed schedule
   * goes on and retries by itself).
   * @example `const fresh = await lease.renew();`
   */
  renew(): Promise<DynamicCredentials> {
    if (this.#closed) return Promise.reject(new BaxterError('renew() was called after close(): open a new lease with client.credentials.lease().'));
    this.#inflight ??= this.#issue().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /**
   * Stops renewing and aborts a renewal in flight. Idempotent. The current
   * credentials stay readable (and valid until they expire).
   * @example `process.on('SIGTERM', () => lease.close());`
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#clearTimers();
      this.#abort.abort(new Error('@bella-baxter/sdk: lease closed'));
      await this.#inflight?.catch(() => undefined);
      this.#clearTimers();
      this.#listeners.clear();
      this.#init.onClose?.(this);
    })();
    return this.#closed;
  }

  /** `await using lease = await client.credentials.lease(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** The current credentials as `JSON.stringify` shows them: password redacted. */
  toJSON(): Record<string, unknown> {
    const { provider, role } = this.#init.description;
    return { provider, role: role ?? null, credentials: this.#current.toJSON(), closed: this.closed };
  }

  /** A short description: never the password. */
  toString(): string {
    return `CredentialLease ${JSON.stringify(this.toJSON())}`;
  }

  /** @internal The `util.inspect` / `console.log` view: the password redacted. */
  [INSPECT](_depth: number, options: unknown, inspect?: (value: unknown, options: unknown) => string): string {
    const view = this.toJSON();
    return `CredentialLease ${typeof inspect === 'function' ? inspect(view, options) : JSON.stringify(view)}`;
  }

  /** Makes `credentials` current and plans its renewal and its expiry warning. */
  #adopt(credentials: DynamicCredentials): void {
    this.#clearTimers();
    this.#current = credentials;
    this.#attempt = 0;
    const received = this.#now();
    // The schedule counts the granted duration from receipt, so a skewed local clock cannot make it late.
    const fromServer = credentials.expiresAt.getTime() - received;
    const leaseMs = credentials.leaseDurationSeconds > 0 ? credentials.leaseDurationSeconds * 1000 : Math.max(0, fromServer);
    this.#localExpiry = received + leaseMs;
    const renewRaw = this.#init.renewBeforeSeconds;
    const renewAt = renewDelay(leaseMs, renewRaw === undefined ? undefined : renewRaw * 1000, this.#random);
    this.#after(renewAt, () => void this.#scheduledRenewal());
    this.#after(expiringDelay(leaseMs, renewAt), () => {
      if (this.#current !== credentials || this.closed) return;
      const left = Math.max(0, this.#localExpiry - this.#now());
      this.#listeners.emit('expiring', { credentials, expiresAt: credentials.expiresAt, secondsLeft: Math.floor(left / 1000) });
    });
  }

  async #scheduledRenewal(): Promise<void> {
    await this.renew().catch(() => undefined);
  }

  async #issue(): Promise<DynamicCredentials> {
    let next: DynamicCredentials;
    try {
      next = await this.#init.issue(this.#abort.signal);
    } catch (thrown) {
      if (this.closed) throw thrown;
      const error = asBaxterError(thrown, 'Renewing database credentials');
      this.#attempt += 1;
      const wait = retryDelay(this.#attempt, this.#random);
      // Only the retry timer is replaced: the expiry warning for the current credentials stays armed.
      this.#after(wait, () => void this.#scheduledRenewal(), 'retry');
      this.#listeners.emit('error', {
        error,
        attempt: this.#attempt,
        nextRetryAt: new Date(this.#now() + wait),
        expired: this.#now() >= this.#localExpiry,
      });
      throw error;
    }
    if (this.closed) return next;
    const previous = this.#current;
    this.#adopt(next);
    this.#listeners.emit('renewed', { credentials: next, previous });
    return next;
  }

  #after(ms: number, fn: () => void, kind: 'plan' | 'retry' = 'plan'): void {
    if (this.closed) return;
    // setTimeout fires at once past 2^31-1 ms (~24.8 days): a long lease would renew in a hot loop,
    // each renewal creating a database user. Wait in steps instead.
    const step = Math.min(ms, MAX_TIMER_MS);
    const timer = setTimeout(step < ms ? () => this.#after(ms - step, fn, kind) : fn, step);
    timer.unref?.();
    if (kind === 'retry') {
      if (this.#retryTimer) clearTimeout(this.#retryTimer);
      this.#retryTimer = timer;
    } else {
      this.#timers.push(timer);
    }
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }
}
