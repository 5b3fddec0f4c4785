/** The longest delay `setTimeout` takes; a longer one (or NaN) fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A validated delay, clamped to what `setTimeout` can wait: longer waits become the longest one. */
export function clampTimerMs(ms: number): number {
  return Math.min(ms, MAX_TIMER_MS);
}

/** Whether `value` is a usable timeout: a finite number > 0 (NaN, 0, negatives and Infinity are not). */
export function isPositiveFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
