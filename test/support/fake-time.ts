import { vi } from 'vitest';
import type { BaxterClient } from '../../src/index.js';

/**
 * Tracks calls in flight to an async method (a client's `refresh`, a lease's
 * `renew`) so fake time can stand still while they do real work (sockets, Web
 * Crypto). Timers inside the SDK call `this.refresh()` / `this.renew()`, so
 * wrapping the instance's method sees every call, timed or manual.
 */
export function trackInflight<T extends object, K extends keyof T>(target: T, method: K): { idle(): Promise<void> } {
  const inflight = new Set<Promise<unknown>>();
  const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  (target as Record<K, unknown>)[method] = (...args: unknown[]) => {
    const p = original(...args);
    inflight.add(p);
    void p.catch(() => undefined).finally(() => inflight.delete(p));
    return p;
  };
  return {
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}

/** {@link trackInflight} for a client's checks. */
export function trackChecks(client: BaxterClient<unknown>): { idle(): Promise<void> } {
  return trackInflight(client, 'refresh');
}

/**
 * Advances fake time in small steps until `promise` settles, failing once
 * `maxMs` of fake time have passed. After each step it waits, in real time,
 * until the client has no check in flight, so no fake time passes while real
 * I/O is under way: timing assertions are exact, not "plus a margin".
 */
export async function advanceUntil<T>(promise: Promise<T>, maxMs: number, tracker: { idle(): Promise<void> }, stepMs = 100): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  void tracked.catch(() => undefined);
  for (let elapsed = 0; !settled && elapsed < maxMs; elapsed += stepMs) {
    await vi.advanceTimersByTimeAsync(stepMs);
    await tracker.idle();
    // Lets listeners attached to the check's outcome run.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!settled) throw new Error(`advanceUntil: nothing settled within ${maxMs} ms of fake time`);
  return tracked;
}
