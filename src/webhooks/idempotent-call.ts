import type { BellaRotationRequest } from './contracts.js';
import { RotationError } from './errors/rotation-error.js';
import type { IdempotencyStore, IdempotentResult } from './idempotency.js';
import type { AnswerSealer } from './idempotency-seal.js';

/** What the runner needs from the handler. @internal */
export interface IdempotentCallSettings {
  /** `undefined` when idempotency is off: each call runs (concurrent duplicates still join). */
  store: IdempotencyStore | undefined;
  sealer: AnswerSealer;
  /** How long answers are kept. */
  ttlMs: number;
  /** How long a claim (and a per-secret lock) holds before it expires by itself. */
  claimTtlMs: number;
  serializePerSecret: boolean;
  /** Runs the user's rotate/revoke under its own deadline; settles when the user's code does. */
  invoke(req: BellaRotationRequest): Promise<IdempotentResult>;
  report(error: unknown, status: number, req: BellaRotationRequest): void;
}

const encoder = /* @__PURE__ */ new TextEncoder();
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** What makes two deliveries "the same request": everything but the id. */
const identityOf = (req: BellaRotationRequest) =>
  JSON.stringify([req.action, req.projectSlug, req.environmentSlug, req.secretKey, req.action === 'revoke' ? req.oldHandle : null]);

/**
 * FNV-1a 64 of the identity, synchronous so that nothing asynchronous runs
 * before the claim (the call's deadline and `signal` start together). It only
 * tells bodies apart (they are signed, so nobody crafts collisions); it hides
 * nothing, and the identity holds no secret value anyway.
 */
function fingerprintOf(identity: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of encoder.encode(identity)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

const reused = () => new RotationError('This requestId was already used for a different request', { status: 422 });
const inProgress = () => new RotationError('A call with this requestId is already in progress; retry later', { status: 409 });
const unavailable = (cause: unknown) => new RotationError('Idempotency store unavailable; retry later', { status: 503, cause });

/**
 * Runs each request id once across every instance sharing the store:
 * duplicates in this process join the running call; elsewhere they meet its
 * claim (409) or its stored answer. The same id with another body is refused
 * (422), never answered with another request's result. Returns the call's
 * promise, which settles only when the user's code does (the caller cuts its
 * own answer at the timeout).
 * @internal
 */
export function createIdempotentRunner(settings: IdempotentCallSettings): (req: BellaRotationRequest) => Promise<IdempotentResult> {
  const { store, sealer, ttlMs, claimTtlMs, serializePerSecret, invoke, report } = settings;
  const inFlight = new Map<string, { identity: string; work: Promise<IdempotentResult> }>();

  async function releaseQuietly(key: string, owner: string, req: BellaRotationRequest) {
    try {
      await store?.release(key, owner);
    } catch (error) {
      report(error, 500, req);
    }
  }

  async function runOnce(req: BellaRotationRequest, identity: string): Promise<IdempotentResult> {
    if (!store) return invoke(req);
    const key = `request:${req.requestId}`;
    const owner = hex(globalThis.crypto.getRandomValues(new Uint8Array(16)));
    const fingerprint = fingerprintOf(identity);
    const claim = { owner, fingerprint, ttlMs: claimTtlMs };
    let outcome;
    try {
      outcome = await store.claim(key, claim);
    } catch (error) {
      throw unavailable(error);
    }
    if (outcome.state !== 'claimed' && outcome.fingerprint !== fingerprint) throw reused();
    if (outcome.state === 'pending') throw inProgress();
    if (outcome.state === 'done') {
      const answer = await sealer.open(key, outcome.answer);
      if (!answer) throw new RotationError('The stored answer for this requestId could not be read (was the encryption key changed?)');
      return answer;
    }

    // Only rotations mint keys; a revoke never waits for one.
    const lock = serializePerSecret && req.action === 'rotate' ? `secret:${JSON.stringify([req.projectSlug, req.environmentSlug, req.secretKey])}` : undefined;
    if (lock) {
      let locked;
      try {
        locked = await store.claim(lock, claim);
      } catch (error) {
        await releaseQuietly(key, owner, req);
        throw unavailable(error);
      }
      if (locked.state !== 'claimed') {
        await releaseQuietly(key, owner, req);
        throw new RotationError('Another rotation of this secret is in progress; retry later', { status: 409 });
      }
    }

    try {
      const result = await invoke(req);
      try {
        await store.complete(key, { owner, fingerprint, answer: await sealer.seal(key, result) }, ttlMs);
      } catch (error) {
        // The provider already rotated: answering the new value beats making Bella rotate again.
        report(error, 200, req);
      }
      return result;
    } catch (error) {
      await releaseQuietly(key, owner, req);
      throw error;
    } finally {
      if (lock) await releaseQuietly(lock, owner, req);
    }
  }

  return function run(req) {
    const identity = identityOf(req);
    const joined = inFlight.get(req.requestId);
    if (joined) return joined.identity === identity ? joined.work : Promise.reject(reused());
    const work = runOnce(req, identity);
    const entry = { identity, work };
    inFlight.set(req.requestId, entry);
    const forget = () => {
      if (inFlight.get(req.requestId) === entry) inFlight.delete(req.requestId);
    };
    work.then(forget, forget);
    return work;
  };
}
