/**
 * When a credential lease renews, warns and retries. Pure functions of the
 * lease length and a random source, so the schedule is unit-testable.
 */

/** Renewal starts, by default, when this fraction of the lease has passed. */
export const DEFAULT_RENEW_AT_FRACTION = 2 / 3;
/** Renewal is moved earlier by up to this fraction of its planned delay, so a fleet does not renew in lockstep. */
export const RENEW_JITTER_FRACTION = 0.1;
/** First retry after a failed renewal; doubles per attempt. */
export const RETRY_BASE_MS = 1_000;
/** Longest wait between renewal retries. */
export const RETRY_CAP_MS = 30_000;

/** Renewal never starts before this fraction of the lease, whatever `renewBefore` says (no renewal storm). */
export const MIN_RENEW_AT_FRACTION = 0.1;

/**
 * Milliseconds after issue at which to renew: `renewBeforeMs` before the end
 * of the lease (default: a third of it, i.e. at 2/3), but not before 10% of the
 * lease, then moved earlier by a random 0–10% of that point.
 */
export function renewDelay(leaseMs: number, renewBeforeMs: number | undefined, random: () => number): number {
  const before = renewBeforeMs ?? leaseMs * (1 - DEFAULT_RENEW_AT_FRACTION);
  const planned = Math.max(leaseMs * MIN_RENEW_AT_FRACTION, leaseMs - before);
  return Math.floor(planned * (1 - RENEW_JITTER_FRACTION * random()));
}

/**
 * When to warn that credentials are about to expire without a replacement:
 * half-way between the planned renewal and the end of the lease.
 */
export function expiringDelay(leaseMs: number, renewAtMs: number): number {
  return Math.floor(renewAtMs + (leaseMs - renewAtMs) / 2);
}

/**
 * The wait before retry number `attempt` (1-based): exponential from
 * {@link RETRY_BASE_MS}, capped at {@link RETRY_CAP_MS}, with equal jitter
 * (half fixed, half random) so it never collapses to a hot loop.
 */
export function retryDelay(attempt: number, random: () => number, baseMs = RETRY_BASE_MS, capMs = RETRY_CAP_MS): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(ceiling / 2 + (ceiling / 2) * random());
}
