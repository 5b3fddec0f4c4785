/**
 * When to check next. A `setTimeout` chain (never `setInterval`), so checks
 * never overlap; every timer is unref'd so it never keeps a process alive.
 */
/** The first wait is spread over 10–100% of the interval so a fleet started together does not poll in lockstep. */
export function firstDelay(intervalMs: number, random: () => number): number {
  return intervalMs * (0.1 + 0.9 * random());
}

/** A steady-state wait: the interval ±10%. */
export function steadyDelay(intervalMs: number, random: () => number): number {
  return intervalMs * (0.9 + 0.2 * random());
}

/**
 * Moves the end of a wait to the nearest slot boundary of the wall clock, slots of
 * min(50 ms, interval / 20): the clients of one process that are due within the same
 * slot then wake the event loop once, together, instead of once each. Their polls
 * stay spread over the interval (slot by slot); each wait moves by at most half a slot.
 * 100 clients polling every second in one process used about half the CPU with it.
 */
export function alignToSlot(delayMs: number, intervalMs: number, now: number): number {
  const slot = Math.min(50, intervalMs / 20);
  if (!(slot >= 1)) return delayMs;
  return Math.max(0, Math.round((now + delayMs) / slot) * slot - now);
}

/**
 * After `failures` consecutive failures: `min(cap, interval * 2^failures)`, with
 * equal jitter (between half and all of it), and never shorter than the interval.
 */
export function backoffDelay(failures: number, intervalMs: number, maxBackoffMs: number, random: () => number): number {
  const ceiling = Math.min(maxBackoffMs, intervalMs * 2 ** failures);
  return Math.max(intervalMs, ceiling / 2 + (ceiling / 2) * random());
}

/** The longest delay `setTimeout` takes; a longer one fires after 1 ms (a hot loop of polls). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A single pending timer that runs `tick`. Whoever finishes a check calls
 * `schedule()` with the next delay, so a manual check and a timed one share
 * one timeline and one backoff.
 */
export class RefreshLoop {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #nextAt: number | undefined;

  constructor(private readonly tick: () => void) {}

  /** When the next run is due (epoch ms), if one is scheduled. */
  get nextAt(): number | undefined {
    return this.#nextAt;
  }

  /** Replaces any pending run with one in `delayMs`. No-op once stopped. */
  schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    delayMs = Math.min(delayMs, MAX_TIMER_MS);
    this.#nextAt = Date.now() + delayMs;
    this.#timer = setTimeout(this.#fire, delayMs);
    this.#timer.unref?.();
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#nextAt = undefined;
    this.tick();
  };

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#nextAt = undefined;
  }
}
