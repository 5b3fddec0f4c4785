import { vi } from 'vitest';
import type { BaxterClient } from '../../src/index.js';

/**
 * Tracks a client's checks (timed or manual) so fake time can stand still
 * while a check does real work (sockets, Web Crypto). The refresh loop calls
 * `this.refresh()`, so wrapping the instance's method sees every check.
 */
export function trackChecks(client: BaxterClient<unknown>): { idle(): Promise<void> } {
  const inflight = new Set<Promise<unknown>>();
  const original = client.refresh.bind(client);
  client.refresh = () => {
    const p = original();
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
