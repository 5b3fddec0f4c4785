import { randomBytes, randomUUID } from 'node:crypto';
import { fetch as undiciFetch, Agent } from 'undici';
import { isRandomFormat, RANDOM_FORMATS, type RandomFormat } from '../random/formats.js';
import { generateRandom } from '../random.js';
import { callRotationFunction } from '../webhooks/call-rotation-function.js';
import type { EmulatorClock } from './clock.js';
import type { EmulatorStore } from './store.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** What a policy read back shows instead of a stored signing secret or API key. */
export const MASKED = '***ENCRYPTED***';

/**
 * What the server is doing with a policy: `Idle`,
 * `Rotating`, `PendingRevocation` (a replaced value waits for its revoke call)
 * or `Error` (the last rotate or revoke call failed; it is retried with backoff,
 * and `lastError` says why).
 *
 * @example
 * ```ts
 * import type { PolicyWireStatus } from '@bella-baxter/sdk/testing';
 *
 * const status: PolicyWireStatus | undefined = emulator.getRotationPolicy(ref)?.status;
 * if (status === 'Error') console.error(emulator.getRotationPolicy(ref)?.lastError);
 * ```
 */
export type PolicyWireStatus = 'Idle' | 'Rotating' | 'PendingRevocation' | 'Error';

/** A secret a policy belongs to. */
export interface SecretAddress {
  project: string;
  environment: string;
  provider: string;
  key: string;
}

/**
 * A policy as the emulator holds it, with its state and its secrets unmasked
 * (for tests that build the rotation function), from `emulator.getRotationPolicy(ref)`.
 *
 * @example
 * ```ts
 * const policy = emulator.getRotationPolicy({ project: 'shop', environment: 'dev', provider: 'vault', key: 'STRIPE_KEY' });
 * // The generated signing secret, which the API's read-back masks: configure the function under test with it.
 * const handler = createRotationHandler({ signingSecret: policy!.signingSecret!, rotate });
 * ```
 */
export interface EmulatorRotationPolicy extends SecretAddress {
  enabled: boolean;
  intervalDays: number;
  strategy: 'GenerateRandom' | 'HttpWebhook';
  endpoint: string | null;
  signingSecret: string | null;
  apiKeyHeader: string | null;
  apiKey: string | null;
  randomFormat: RandomFormat | null;
  revokePreviousAfterDays: number | null;
  lastRotatedAt: Date | null;
  nextRotationAt: Date | null;
  status: PolicyWireStatus;
  lastError: string | null;
  /** When the last failure (rotate or revoke) happened, while `lastError` is set. */
  lastErrorAt: Date | null;
  revocationDueAt: Date | null;
  /** A non-secret prefix of the signing secret, to recognise it (null for short hand-set secrets). */
  signingSecretKeyPrefix: string | null;
  /** Consecutive failed rotate attempts. */
  failures: number;
  /** When the next retry runs, while in Error. */
  retryAt: Date | null;
  /** Handles of replaced values waiting for their revoke call. */
  pendingRevocations: Array<{ handle: string; dueAt: Date; failures: number }>;
}

/**
 * One thing the engine did, for assertions and the demo's narration, from
 * `emulator.rotationLog` (oldest first). Never holds a secret value.
 *
 * @example
 * ```ts
 * import type { RotationLogEntry } from '@bella-baxter/sdk/testing';
 *
 * await emulator.clock.advance(30 * 24 * 3600_000);
 * const rotated = emulator.rotationLog.filter((e: RotationLogEntry) => e.event === 'rotated').map((e) => e.key);
 * ```
 */
export interface RotationLogEntry extends SecretAddress {
  at: Date;
  event: 'rotation-started' | 'rotated' | 'rotation-failed' | 'retry-scheduled' | 'revoke-scheduled' | 'revoked' | 'revoke-failed';
  trigger?: 'scheduled' | 'manual' | 'retry';
  /** The handle involved (handles are identifiers, not secrets). */
  handle?: string;
  attempt?: number;
  error?: string;
  /** For `retry-scheduled` / `revoke-scheduled`: when it will run. */
  dueAt?: Date;
}

/**
 * Tuning of the emulator's rotation engine (`createBaxterEmulator({ rotation })`).
 * Intervals are emulator time unless said otherwise.
 *
 * @example
 * ```ts
 * // Look for due policies every minute, retry failures after 10 s (doubling), give functions 5 s.
 * const emulator = createBaxterEmulator({ rotation: { schedulerIntervalMs: 60_000, retryBaseMs: 10_000, callTimeoutMs: 5_000 } });
 * ```
 */
export interface RotationEngineOptions {
  /** How often the scheduler looks for due policies, in emulator milliseconds. @default 900000 (15 min) */
  schedulerIntervalMs?: number;
  /** First retry after a failure; doubles per attempt. @default 300000 (5 min) */
  retryBaseMs?: number;
  /** Longest wait between retries. @default 21600000 (6 h) */
  retryMaxMs?: number;
  /** Timeout of each call to a rotation function, in real milliseconds. @default 30000 */
  callTimeoutMs?: number;
  /**
   * @deprecated No effect. The emulator signs every rotation-function call with ONE `v1`, made with
   * the current signing secret, as the real server does: every official verifier reads a single
   * `v1`. During a signing-secret change the receiver accepts both secrets (a list of secrets).
   */
  signingSecretGraceMs?: number;
  /**
   * The `fetch` used to call rotation functions. Default: undici's own `fetch`
   * over the emulator's own connection pool, so an msw server in the same
   * process (intercepting `globalThis.fetch`) never swallows these calls.
   */
  fetch?: typeof globalThis.fetch;
}

/** The result of validating a policy body, with the contract's rules. */
export type PolicyCheck =
  | { ok: true; config: PolicyConfig }
  | { ok: false; field: string; detail: string };

/** The settable part of a policy. `undefined` secrets mean "keep what is stored". */
export interface PolicyConfig {
  enabled: boolean;
  intervalDays: number;
  strategy: 'GenerateRandom' | 'HttpWebhook';
  endpoint: string | null;
  signingSecret: string | null | undefined;
  apiKeyHeader: string | null;
  apiKey: string | null | undefined;
  randomFormat: RandomFormat | null;
  revokePreviousAfterDays: number | null;
}

const isInt = (v: unknown, min: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= 36_500;
const optString = (v: unknown): v is string | null | undefined => v === undefined || v === null || typeof v === 'string';

/** Checks a `PUT .../rotation-policy` body with the rules the real server applies. */
export function checkPolicyBody(body: unknown): PolicyCheck {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, field: 'body', detail: 'The body must be a JSON rotation policy object.' };
  const b = body as Record<string, unknown>;
  if (typeof b.enabled !== 'boolean') return { ok: false, field: 'enabled', detail: 'enabled is required and must be a boolean.' };
  if (!isInt(b.intervalDays, 1)) return { ok: false, field: 'intervalDays', detail: 'intervalDays is required and must be an integer >= 1.' };
  const strategy = b.strategy ?? 'HttpWebhook';
  if (strategy !== 'GenerateRandom' && strategy !== 'HttpWebhook') {
    return { ok: false, field: 'strategy', detail: 'strategy must be "GenerateRandom" or "HttpWebhook".' };
  }
  for (const f of ['endpoint', 'signingSecret', 'apiKeyHeader', 'apiKey', 'randomFormat'] as const) {
    if (!optString(b[f])) return { ok: false, field: f, detail: `${f} must be a string or null.` };
  }
  const revoke = b.revokePreviousAfterDays ?? null;
  if (strategy === 'HttpWebhook') {
    const endpoint = b.endpoint as string | null | undefined;
    if (!endpoint) return { ok: false, field: 'endpoint', detail: 'HttpWebhook needs endpoint.' };
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return { ok: false, field: 'endpoint', detail: 'endpoint must be an absolute http(s) URL.' };
    }
    if (revoke !== null && !isInt(revoke, 0)) {
      return { ok: false, field: 'revokePreviousAfterDays', detail: 'revokePreviousAfterDays must be an integer >= 0 (0 = revoke at once).' };
    }
  } else {
    if (!b.randomFormat) return { ok: false, field: 'randomFormat', detail: 'GenerateRandom needs randomFormat.' };
    if (!isRandomFormat(b.randomFormat)) {
      return { ok: false, field: 'randomFormat', detail: `randomFormat must be one of ${RANDOM_FORMATS.join(', ')}.` };
    }
    if (revoke !== null) {
      return { ok: false, field: 'revokePreviousAfterDays', detail: 'revokePreviousAfterDays applies to HttpWebhook only.' };
    }
  }
  const secret = (v: unknown) => (v === undefined || v === MASKED ? undefined : (v as string | null) || null);
  const webhook = strategy === 'HttpWebhook';
  return {
    ok: true,
    config: {
      enabled: b.enabled,
      intervalDays: b.intervalDays,
      strategy,
      endpoint: webhook ? (b.endpoint as string) : null,
      signingSecret: webhook ? secret(b.signingSecret) : null,
      apiKeyHeader: webhook ? ((b.apiKeyHeader as string | null | undefined) ?? null) : null,
      apiKey: webhook ? secret(b.apiKey) : null,
      randomFormat: webhook ? null : (b.randomFormat as RandomFormat),
      revokePreviousAfterDays: webhook ? (revoke as number | null) : null,
    },
  };
}

/** A freshly minted signing secret and its displayable prefix. */
function mintSigningSecret(): { secret: string; prefix: string } {
  const secret = `whsec-${randomBytes(32).toString('hex')}`;
  return { secret, prefix: signingSecretPrefix(secret)! };
}

/** The first 12 characters of a signing secret, shown to recognise it; none for a secret under 32 characters (too much of it). */
function signingSecretPrefix(secret: string | null): string | null {
  return secret !== null && secret.length >= 32 ? secret.slice(0, 12) : null;
}

/**
 * Where a handle's revoke call goes: the rotation function that issued it, as
 * configured then. Kept only once the policy stops pointing at that function
 * (strategy switched to GenerateRandom, or a new endpoint); until then a
 * revocation follows the live policy, so a rotated signing secret or API key applies.
 */
interface WebhookTarget {
  endpoint: string;
  signingSecret: string | null;
  apiKeyHeader: string | null;
  apiKey: string | null;
  revokePreviousAfterDays: number;
}

/** A handle the engine still owes a revoke call, and who to send it to (undefined: the live policy). */
interface IssuedHandle {
  handle: string;
  target: WebhookTarget | undefined;
}

interface Revocation extends IssuedHandle {
  dueAt: number;
  failures: number;
  requestId: string;
  cancel: (() => void) | undefined;
  running: boolean;
}

interface PolicyState extends SecretAddress {
  config: Omit<PolicyConfig, 'signingSecret' | 'apiKey'> & { signingSecret: string | null; apiKey: string | null };
  lastRotatedAt: number | null;
  nextRotationAt: number | null;
  rotating: boolean;
  rotateError: string | null;
  revokeError: string | null;
  /** When the latest failure happened (emulator time). */
  errorAt: number | null;
  failures: number;
  retryAt: number | null;
  cancelRetry: (() => void) | undefined;
  /** Kept across retries of one rotation, so an idempotent function never rotates twice. */
  requestId: string | undefined;
  revocations: Revocation[];
  /** The handle of the value now stored, from the rotation that stored it. */
  current: IssuedHandle | null;
}

/** The live policy as a revoke target (only called while it is an HttpWebhook policy). */
function targetOf(p: PolicyState): WebhookTarget {
  return {
    endpoint: p.config.endpoint ?? '',
    signingSecret: p.config.signingSecret,
    apiKeyHeader: p.config.apiKeyHeader,
    apiKey: p.config.apiKey,
    revokePreviousAfterDays: p.config.revokePreviousAfterDays ?? 0,
  };
}

const addressKey = (a: SecretAddress) => JSON.stringify([a.project, a.environment, a.provider, a.key]);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Rotation as the product runs it, on the emulator clock: a scheduler every
 * 15 minutes finds due policies; GenerateRandom runs in process; HttpWebhook
 * calls the rotation function over HTTP (signed, API key header); the new
 * value is stored (the hash changes) and `nextRotationAt = now + intervalDays`;
 * the handle a rotation returns names the value it stored, and is sent to
 * `revoke` as `oldHandle` once that value is replaced: after the NEXT rotation,
 * plus `revokePreviousAfterDays` (PendingRevocation meanwhile; the first
 * rotation, or one whose predecessor returned no handle, revokes nothing); a
 * failure marks Error and retries with exponential backoff while the old value stays.
 * Reached as `emulator.rotation`; tests mostly use the emulator's own methods.
 *
 * @example
 * ```ts
 * const emulator = createBaxterEmulator({ now: Date.parse('2026-03-17T17:00:00Z') });
 * emulator.addEnvironment({ project: 'shop', environment: 'dev', providers: [{ slug: 'vault', secrets: { S: 'old' } }] });
 * emulator.setRotationPolicy({ project: 'shop', environment: 'dev', provider: 'vault', key: 'S',
 *   policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'uuid' } });
 * await emulator.clock.advance(24 * 3600_000);
 * emulator.rotationLog.map((e) => e.event); // ['rotation-started', 'rotated']
 * ```
 */
export class RotationEngine {
  /** Everything the engine did, oldest first. */
  readonly log: RotationLogEntry[] = [];
  readonly #policies = new Map<string, PolicyState>();
  readonly #jobs = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  readonly #o: Required<Omit<RotationEngineOptions, 'fetch' | 'signingSecretGraceMs'>>;
  readonly #fetch: typeof globalThis.fetch;
  readonly #agent: Agent | undefined;
  #cancelTick: (() => void) | undefined;
  #closed = false;

  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
    options: RotationEngineOptions = {},
  ) {
    this.#o = {
      schedulerIntervalMs: options.schedulerIntervalMs ?? 15 * MINUTE_MS,
      retryBaseMs: options.retryBaseMs ?? 5 * MINUTE_MS,
      retryMaxMs: options.retryMaxMs ?? 6 * 60 * MINUTE_MS,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
    };
    if (options.fetch) {
      this.#fetch = options.fetch;
    } else {
      const agent = new Agent({ keepAliveTimeout: 5_000 });
      this.#agent = agent;
      this.#fetch = ((input: string | URL, init?: RequestInit) =>
        undiciFetch(input, { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1])) as unknown as typeof globalThis.fetch;
    }
  }

  /** Whether a secret has a policy. */
  has(address: SecretAddress): boolean {
    return this.#policies.has(addressKey(address));
  }

  /**
   * Creates or updates a policy from a checked config. Returns the signing
   * secret when one was generated (HttpWebhook without one), once.
   */
  setPolicy(address: SecretAddress, config: PolicyConfig): { signingSecret: string | null; signingSecretKeyPrefix: string | null } {
    const key = addressKey(address);
    const existing = this.#policies.get(key);
    let minted: { secret: string; prefix: string } | undefined;
    let signingSecret = config.signingSecret === undefined ? (existing?.config.signingSecret ?? null) : config.signingSecret;
    if (config.strategy === 'HttpWebhook' && !signingSecret) {
      minted = mintSigningSecret();
      signingSecret = minted.secret;
    }
    const apiKey = config.apiKey === undefined ? (existing?.config.apiKey ?? null) : config.apiKey;
    const state: PolicyState = existing ?? {
      ...address,
      config: { ...config, signingSecret, apiKey },
      lastRotatedAt: null,
      nextRotationAt: null,
      rotating: false,
      rotateError: null,
      revokeError: null,
      errorAt: null,
      failures: 0,
      retryAt: null,
      cancelRetry: undefined,
      requestId: undefined,
      revocations: [],
      current: null,
    };
    if (existing && existing.config.strategy === 'HttpWebhook' && (config.strategy !== 'HttpWebhook' || config.endpoint !== existing.config.endpoint)) {
      // The policy stops pointing at the function that issued the handles still owed a revoke. Safer to
      // keep the promise than to drop it: a handle names a live credential (an API key at a vendor, a DB
      // user) that rotation exists to retire, so its revoke still goes to the function that issued it,
      // signed and authenticated as that function expects. Cancelling would leave it valid forever,
      // silently. (A user who no longer trusts the old endpoint revokes those handles by hand.)
      const issuer = targetOf(existing);
      for (const r of existing.revocations) r.target ??= issuer;
      if (existing.current) existing.current.target ??= issuer;
    }
    state.config = { ...config, signingSecret, apiKey };
    const from = state.lastRotatedAt ?? this.clock.now();
    state.nextRotationAt = config.enabled ? from + config.intervalDays * DAY_MS : null;
    if (!config.enabled) {
      // Disabled: no more attempts. Pending revocations still run (the old handles must go).
      this.#clearRetry(state);
      state.rotateError = null;
    }
    this.#policies.set(key, state);
    this.#ensureScheduler();
    return { signingSecret: minted?.secret ?? null, signingSecretKeyPrefix: minted?.prefix ?? null };
  }

  /** A snapshot of a policy, secrets unmasked; undefined when none. */
  getPolicy(address: SecretAddress): EmulatorRotationPolicy | undefined {
    const p = this.#policies.get(addressKey(address));
    return p && this.#snapshot(p);
  }

  /** Every policy (snapshots). */
  policies(): EmulatorRotationPolicy[] {
    return [...this.#policies.values()].map((p) => this.#snapshot(p));
  }

  /** The wire status of a policy. */
  status(p: PolicyState): PolicyWireStatus {
    if (p.rotating) return 'Rotating';
    if (p.rotateError !== null || p.revokeError !== null) return 'Error';
    if (p.revocations.length > 0) return 'PendingRevocation';
    return 'Idle';
  }

  /**
   * A manual rotation (`POST .../rotate`): marks the policy Rotating at once and
   * runs the strategy in the background. Answers what the route should say.
   */
  trigger(address: SecretAddress): { outcome: 'started' | 'already-rotating' | 'no-policy' | 'disabled' } {
    const p = this.#policies.get(addressKey(address));
    if (!p) return { outcome: 'no-policy' };
    if (!p.config.enabled) return { outcome: 'disabled' };
    if (p.rotating) return { outcome: 'already-rotating' };
    p.rotating = true;
    this.#clearRetry(p);
    // Off the request's path: the 202 goes out first, the rotation runs after it.
    this.#track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#rotate(p, 'manual')));
    return { outcome: 'started' };
  }

  /** Replaces a policy's signing secret: calls are signed with the new one from now on (the receiver accepts both while it changes over). */
  rotateSigningSecret(address: SecretAddress): { secret: string; prefix: string } | 'no-policy' | 'not-webhook' {
    const p = this.#policies.get(addressKey(address));
    if (!p) return 'no-policy';
    if (p.config.strategy !== 'HttpWebhook') return 'not-webhook';
    const minted = mintSigningSecret();
    p.config.signingSecret = minted.secret;
    return minted;
  }

  /** Resolves once no rotation or revoke call is in flight. */
  async idle(): Promise<void> {
    while (this.#jobs.size > 0) await Promise.allSettled([...this.#jobs]);
  }

  /** Stops scheduling, aborts calls in flight and closes the engine's connection pool. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cancelTick?.();
    for (const p of this.#policies.values()) {
      this.#clearRetry(p);
      for (const r of p.revocations) r.cancel?.();
    }
    this.#abort.abort(new Error('emulator closed'));
    await this.idle();
    await this.#agent?.close().catch(() => undefined);
  }

  #snapshot(p: PolicyState): EmulatorRotationPolicy {
    const due = p.revocations.length > 0 ? Math.min(...p.revocations.map((r) => r.dueAt)) : null;
    return {
      project: p.project,
      environment: p.environment,
      provider: p.provider,
      key: p.key,
      ...p.config,
      lastRotatedAt: p.lastRotatedAt === null ? null : new Date(p.lastRotatedAt),
      nextRotationAt: p.nextRotationAt === null ? null : new Date(p.nextRotationAt),
      status: this.status(p),
      lastError: p.rotateError ?? p.revokeError,
      lastErrorAt: (p.rotateError ?? p.revokeError) !== null && p.errorAt !== null ? new Date(p.errorAt) : null,
      revocationDueAt: due === null ? null : new Date(due),
      signingSecretKeyPrefix: signingSecretPrefix(p.config.signingSecret),
      failures: p.failures,
      retryAt: p.retryAt === null ? null : new Date(p.retryAt),
      pendingRevocations: p.revocations.map((r) => ({ handle: r.handle, dueAt: new Date(r.dueAt), failures: r.failures })),
    };
  }

  /** The scheduler: one clock timer at the next multiple of the interval, re-armed after each tick. */
  #ensureScheduler(): void {
    if (this.#cancelTick || this.#closed) return;
    const every = this.#o.schedulerIntervalMs;
    const next = (Math.floor(this.clock.now() / every) + 1) * every;
    this.#cancelTick = this.clock.at(next, async () => {
      this.#cancelTick = undefined;
      this.#ensureScheduler();
      await this.runScheduler();
    });
  }

  /** One scheduler pass now: rotates every enabled policy that is due; resolves with how many, once they finish. */
  async runScheduler(): Promise<number> {
    const now = this.clock.now();
    const due = [...this.#policies.values()].filter(
      // A policy in Error is left to its retry timer; one without (disabled meanwhile) is taken up again once due.
      (p) => p.config.enabled && !p.rotating && p.retryAt === null && p.nextRotationAt !== null && p.nextRotationAt <= now,
    );
    await Promise.all(
      due.map((p) => {
        p.rotating = true;
        return this.#track(this.#rotate(p, 'scheduled'));
      }),
    );
    return due.length;
  }

  #track(job: Promise<void>): Promise<void> {
    const tracked = job.catch(() => undefined).finally(() => this.#jobs.delete(tracked));
    this.#jobs.add(tracked);
    return tracked;
  }

  #entry(p: PolicyState, event: RotationLogEntry['event'], extra: Partial<RotationLogEntry> = {}): void {
    this.log.push({ project: p.project, environment: p.environment, provider: p.provider, key: p.key, at: this.clock.date(), event, ...extra });
  }

  #clearRetry(p: PolicyState): void {
    p.cancelRetry?.();
    p.cancelRetry = undefined;
    p.retryAt = null;
  }

  /** One rotate attempt. `p.rotating` is already set by the caller (so the status reads Rotating at once). */
  async #rotate(p: PolicyState, trigger: 'scheduled' | 'manual' | 'retry'): Promise<void> {
    p.rotating = true;
    p.requestId ??= randomUUID();
    const attempt = p.failures + 1;
    this.#entry(p, 'rotation-started', { trigger, attempt });
    const config = { ...p.config };
    const issuer = config.strategy === 'HttpWebhook' ? targetOf(p) : undefined;
    try {
      let newValue: string;
      let newHandle: string | null | undefined;
      if (config.strategy === 'GenerateRandom') {
        newValue = generateRandom(config.randomFormat ?? 'alphanumeric-32');
      } else {
        const answer = await callRotationFunction({
          endpoint: issuer!.endpoint,
          signingSecret: issuer!.signingSecret ?? '',
          ...(issuer!.apiKeyHeader ? { apiKeyHeader: issuer!.apiKeyHeader } : {}),
          ...(issuer!.apiKey ? { apiKey: issuer!.apiKey } : {}),
          request: { action: 'rotate', secretKey: p.key, projectSlug: p.project, environmentSlug: p.environment, requestId: p.requestId },
          timeoutMs: this.#o.callTimeoutMs,
          fetch: this.#fetch,
          signal: this.#abort.signal,
        });
        newValue = answer.newValue;
        newHandle = answer.newHandle;
      }
      if (this.#closed) return;
      this.store.setSecret(p.project, p.environment, p.key, newValue, p.provider);
      const now = this.clock.now();
      p.requestId = undefined;
      p.failures = 0;
      p.rotateError = null;
      p.lastRotatedAt = now;
      p.nextRotationAt = p.config.enabled ? now + p.config.intervalDays * DAY_MS : null;
      this.#entry(p, 'rotated', { trigger, attempt, ...(newHandle ? { handle: newHandle } : {}) });
      // The handle a rotation returns names the value it stored. That value is revoked once it is
      // the *previous* one: after the next rotation (whatever its strategy), plus the
      // revokePreviousAfterDays of the policy that issued it. A function that returns no handle is
      // never asked to revoke. A handle issued by a function the policy stopped pointing at while
      // this call ran keeps that function as its issuer.
      const issuedByLivePolicy = p.config.strategy === 'HttpWebhook' && p.config.endpoint === config.endpoint;
      const previous = p.current;
      p.current = newHandle ? { handle: newHandle, target: issuedByLivePolicy ? undefined : issuer } : null;
      if (previous) {
        const revocation: Revocation = {
          handle: previous.handle,
          target: previous.target,
          dueAt: now + (previous.target?.revokePreviousAfterDays ?? p.config.revokePreviousAfterDays ?? 0) * DAY_MS,
          failures: 0,
          requestId: randomUUID(),
          cancel: undefined,
          running: false,
        };
        p.revocations.push(revocation);
        this.#entry(p, 'revoke-scheduled', { handle: previous.handle, dueAt: new Date(revocation.dueAt) });
        p.rotating = false;
        // 0 days: revoke at once, within this job.
        if (revocation.dueAt <= now) await this.#revoke(p, revocation);
        else this.#armRevocation(p, revocation);
      }
    } catch (error) {
      if (this.#closed) return;
      p.failures += 1;
      p.rotateError = `Rotation failed: ${message(error)}`;
      p.errorAt = this.clock.now();
      const wait = Math.min(this.#o.retryMaxMs, this.#o.retryBaseMs * 2 ** (p.failures - 1));
      const at = this.clock.now() + wait;
      this.#entry(p, 'rotation-failed', { trigger, attempt, error: p.rotateError });
      // Disabled while this call ran: no more attempts (enabling it again hands it back to the scheduler).
      if (!p.config.enabled) return;
      this.#entry(p, 'retry-scheduled', { attempt: attempt + 1, dueAt: new Date(at) });
      p.retryAt = at;
      p.cancelRetry = this.clock.at(at, () => {
        p.cancelRetry = undefined;
        p.retryAt = null;
        if (p.rotating || !p.config.enabled) return;
        p.rotating = true;
        return this.#track(this.#rotate(p, 'retry'));
      });
    } finally {
      p.rotating = false;
    }
  }

  #armRevocation(p: PolicyState, r: Revocation): void {
    r.cancel = this.clock.at(r.dueAt, () => {
      r.cancel = undefined;
      return this.#track(this.#revoke(p, r));
    });
  }

  async #revoke(p: PolicyState, r: Revocation): Promise<void> {
    if (r.running) return;
    r.running = true;
    // Sent to the function that issued the handle, even after the policy moved away from it.
    const t = r.target ?? targetOf(p);
    try {
      await callRotationFunction({
        endpoint: t.endpoint,
        signingSecret: t.signingSecret ?? '',
        ...(t.apiKeyHeader ? { apiKeyHeader: t.apiKeyHeader } : {}),
        ...(t.apiKey ? { apiKey: t.apiKey } : {}),
        request: { action: 'revoke', secretKey: p.key, projectSlug: p.project, environmentSlug: p.environment, oldHandle: r.handle, requestId: r.requestId },
        timeoutMs: this.#o.callTimeoutMs,
        fetch: this.#fetch,
        signal: this.#abort.signal,
      });
      if (this.#closed) return;
      p.revocations = p.revocations.filter((x) => x !== r);
      if (!p.revocations.some((x) => x.failures > 0)) p.revokeError = null;
      this.#entry(p, 'revoked', { handle: r.handle });
    } catch (error) {
      if (this.#closed) return;
      r.failures += 1;
      p.revokeError = `Revoke failed: ${message(error)}`;
      p.errorAt = this.clock.now();
      const at = this.clock.now() + Math.min(this.#o.retryMaxMs, this.#o.retryBaseMs * 2 ** (r.failures - 1));
      this.#entry(p, 'revoke-failed', { handle: r.handle, attempt: r.failures, error: p.revokeError, dueAt: new Date(at) });
      r.dueAt = at;
      this.#armRevocation(p, r);
    } finally {
      r.running = false;
    }
  }
}
