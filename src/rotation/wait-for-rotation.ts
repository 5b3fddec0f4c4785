/**
 * The completion rule of `waitForRotation` (issue 10 section 4): a rotation is
 * judged by what the server shows happened AFTER it was requested, never by a
 * status that may be stale (the real server may not show `Rotating` at once).
 */
import { abortError } from '../errors/abort-error.js';
import { BaxterRotationFailedError } from '../errors/rotation-failed-error.js';
import { BaxterRotationTimeoutError } from '../errors/rotation-timeout-error.js';
import { isBaxterUnsupportedError } from '../errors/unsupported-error.js';
import { linkSignals } from '../shared/abort.js';
import { clampTimerMs } from '../shared/timer.js';
import type { RotationPolicy } from './results.js';

/** What the wait needs from the client. @internal */
export interface RotationProbe {
  provider: string;
  key: string;
  policy(signal: AbortSignal): Promise<RotationPolicy>;
  /** The secret's current version, for `sinceVersion`. */
  currentVersion(signal: AbortSignal): Promise<number | null>;
}

/** @internal */
export interface WaitSettings {
  since: Date;
  sinceVersion: number | undefined;
  timeoutMs: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** The caller's signal and the client's lifetime (aborted by `close()`). */
  signals: ReadonlyArray<AbortSignal | undefined>;
}

const isStatus = (p: RotationPolicy, s: string) => (p.rotationStatus ?? '').toLowerCase() === s.toLowerCase();
const ms = (d: Date | null) => (d === null ? null : d.getTime());

/** Resolves after `ms` on an unref'd timer, or rejects when `signal` aborts. */
function pause(wait: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, wait);
    timer.unref?.();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Done: `lastRotatedAt` at or after `since`, or moved since the first read of
 * this wait (so a server clock behind ours still counts), and not `Rotating`
 * again. Failed: `Error` reached after `since`: by the server's `lastErrorAt`
 * when it sends one; otherwise only after this wait saw another status first,
 * or saw `lastError` change (a stale `Error` from an earlier attempt is not this
 * rotation's outcome).
 */
export function judge(policy: RotationPolicy, first: RotationPolicy | undefined, sawOtherThanError: boolean, since: Date): 'done' | 'failed' | undefined {
  const rotatedAt = ms(policy.lastRotatedAt);
  const moved = first !== undefined && rotatedAt !== ms(first.lastRotatedAt);
  if (rotatedAt !== null && (rotatedAt >= since.getTime() || moved) && !isStatus(policy, 'Rotating')) return 'done';
  if (!isStatus(policy, 'Error')) return undefined;
  if (policy.lastErrorAt !== null) return policy.lastErrorAt.getTime() >= since.getTime() ? 'failed' : undefined;
  const errorChanged = first !== undefined && policy.lastError !== null && policy.lastError !== first.lastError;
  return sawOtherThanError || errorChanged ? 'failed' : undefined;
}

/** Polls until {@link judge} says done (resolves with the policy) or failed (rejects), or the time runs out. @internal */
export async function waitForRotationOutcome(probe: RotationProbe, o: WaitSettings): Promise<RotationPolicy> {
  const deadline = Date.now() + o.timeoutMs;
  const expired = new AbortController();
  const timer = setTimeout(() => expired.abort(new Error('waitForRotation deadline')), clampTimerMs(o.timeoutMs));
  timer.unref?.();
  const link = linkSignals([...o.signals, expired.signal]);
  const signal = link.signal;
  const outside = () => o.signals.some((s) => s?.aborted);
  let wait = Math.min(o.pollIntervalMs, o.maxPollIntervalMs);
  let first: RotationPolicy | undefined;
  let sawOtherThanError = false;
  let lastStatus: string | undefined;
  let versions = o.sinceVersion !== undefined;
  try {
    for (;;) {
      if (signal.aborted && outside()) throw abortError(signal);
      const policy = await probe.policy(signal);
      lastStatus = policy.rotationStatus ?? 'Idle';
      const verdict = judge(policy, first, sawOtherThanError, o.since);
      if (verdict === 'done') return policy;
      if (verdict === 'failed') throw new BaxterRotationFailedError({ provider: probe.provider, key: probe.key, lastError: policy.lastError });
      if (versions) {
        try {
          const current = await probe.currentVersion(signal);
          if (current !== null && current > o.sinceVersion!) return policy;
        } catch (error) {
          if (!isBaxterUnsupportedError(error)) throw error;
          versions = false; // No versioning on this provider: the policy alone decides.
        }
      }
      first ??= policy;
      if (!isStatus(policy, 'Error')) sawOtherThanError = true;
      const left = deadline - Date.now();
      if (left <= 0) break;
      await pause(clampTimerMs(Math.min(wait, left)), signal);
      wait = Math.min(o.maxPollIntervalMs, wait * 1.5);
    }
  } catch (error) {
    // Only our own deadline turns into a timeout; the caller's abort, close() and real failures pass through.
    if (!expired.signal.aborted || outside() || error instanceof BaxterRotationFailedError) throw error;
  } finally {
    clearTimeout(timer);
    link.unlink();
  }
  throw new BaxterRotationTimeoutError({ provider: probe.provider, key: probe.key, timeoutMs: o.timeoutMs, lastStatus });
}
