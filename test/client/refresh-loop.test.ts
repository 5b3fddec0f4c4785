import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { alignToSlot, backoffDelay, firstDelay, RefreshLoop, steadyDelay } from '../../src/client/refresh-loop.js';

const I = 60_000;

describe('poll delays', () => {
  it('spreads the first poll over 10%–100% of the interval', () => {
    expect(firstDelay(I, () => 0)).toBe(0.1 * I);
    expect(firstDelay(I, () => 0.999999)).toBeCloseTo(I, -1);
  });

  it('keeps steady waits within ±10% of the interval', () => {
    expect(steadyDelay(I, () => 0)).toBe(0.9 * I);
    expect(steadyDelay(I, () => 0.5)).toBe(I);
    expect(steadyDelay(I, () => 0.999999)).toBeCloseTo(1.1 * I, -1);
  });

  it('backs off exponentially with jitter, never below the interval, capped', () => {
    const cap = 300_000;
    const lows = [1, 2, 3, 4, 5].map((n) => backoffDelay(n, I, cap, () => 0));
    const highs = [1, 2, 3, 4, 5].map((n) => backoffDelay(n, I, cap, () => 0.999999));
    expect(lows).toEqual([60_000, 120_000, 150_000, 150_000, 150_000]);
    expect(highs.map((h) => Math.round(h))).toEqual([120_000, 240_000, 300_000, 300_000, 300_000]);
    // With a short interval the wait still grows to the cap.
    expect(backoffDelay(10, 1_000, 30_000, () => 0.999999)).toBeCloseTo(30_000, -1);
  });
});

describe('RefreshLoop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs one pending timer at a time and replaces it on schedule()', async () => {
    const tick = vi.fn();
    const loop = new RefreshLoop(tick);
    loop.schedule(1_000);
    loop.schedule(5_000);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(tick).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(tick).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop() clears the timer and later schedule() calls do nothing', async () => {
    const tick = vi.fn();
    const loop = new RefreshLoop(tick);
    loop.schedule(1_000);
    loop.stop();
    loop.schedule(1_000);
    expect(vi.getTimerCount()).toBe(0);
    expect(loop.nextAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tick).not.toHaveBeenCalled();
  });

  it('caps a delay beyond setTimeout\'s range (a long interval or maxBackoff) instead of firing at once', async () => {
    vi.useRealTimers();
    const tick = vi.fn();
    const loop = new RefreshLoop(tick);
    loop.schedule(30 * 24 * 3600 * 1000); // 30 days
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tick).not.toHaveBeenCalled();
    expect(loop.nextAt! - Date.now()).toBeGreaterThan(24 * 24 * 3600 * 1000);
    loop.stop();
  });

  it("unref's its timer so it never keeps the process alive", () => {
    vi.useRealTimers();
    const loop = new RefreshLoop(() => undefined);
    const spy = vi.spyOn(globalThis, 'setTimeout');
    loop.schedule(60_000);
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    loop.stop();
  });
});

describe('alignToSlot: clients of one process due in the same slot wake together', () => {
  it('ends waits on a shared 50 ms boundary, moving each by at most half a slot', () => {
    for (const [delay, now] of [[950, 1_000_012], [1_033, 1_000_007], [120, 5]] as const) {
      const aligned = alignToSlot(delay, 1000, now);
      expect((now + aligned) % 50).toBe(0);
      expect(Math.abs(aligned - delay)).toBeLessThanOrEqual(25);
    }
    // Two clients whose jittered waits end 20 ms apart, in one slot, fire at the same moment.
    expect(1_000_000 + alignToSlot(930, 1000, 1_000_000)).toBe(1_000_010 + alignToSlot(940, 1000, 1_000_010));
  });

  it('uses interval/20 slots for short intervals and leaves sub-millisecond slots alone', () => {
    expect((7 + alignToSlot(101, 200, 7)) % 10).toBe(0);
    expect(alignToSlot(13, 10, 3)).toBe(13);
  });
});
