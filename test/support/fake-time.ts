import { vi } from 'vitest';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Advances fake time in small steps until `promise` settles (or `maxMs` of fake
 * time have passed). After each step it yields a few real event-loop turns
 * (setImmediate is not faked) so loopback sockets and Web Crypto, which run on
 * real I/O, make progress before fake time moves on. Small steps also matter for
 * msw, which schedules part of its own work on timers.
 */
export async function advanceUntil<T>(promise: Promise<T>, maxMs: number, stepMs = 100): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  for (let elapsed = 0; !settled && elapsed < maxMs; elapsed += stepMs) {
    await vi.advanceTimersByTimeAsync(stepMs);
    for (let i = 0; i < 200 && !settled; i++) await turn();
  }
  if (!settled) throw new Error(`advanceUntil: nothing settled within ${maxMs} ms of fake time`);
  return tracked;
}
