import { describe, expect, it } from 'vitest';
import { expiringDelay, renewDelay, retryDelay } from '../../src/credentials/lease-timing.js';

const HOUR = 3_600_000;

describe('lease timing', () => {
  it('renews at 2/3 of the lease by default, jitter only ever moving it up to 10% earlier', () => {
    expect(renewDelay(HOUR, undefined, () => 0)).toBe(HOUR * (2 / 3));
    expect(renewDelay(HOUR, undefined, () => 0.999999)).toBeCloseTo(HOUR * (2 / 3) * 0.9, -1);
    const seen = new Set(Array.from({ length: 50 }, (_, i) => renewDelay(HOUR, undefined, () => i / 50)));
    expect(seen.size).toBe(50);
  });

  it('honours renewBefore, but never renews before 10% of the lease (no renewal storm)', () => {
    expect(renewDelay(HOUR, 10 * 60_000, () => 0)).toBe(50 * 60_000);
    expect(renewDelay(HOUR, 2 * HOUR, () => 0)).toBe(HOUR * 0.1);
    expect(renewDelay(HOUR, 0, () => 0)).toBe(HOUR);
  });

  it('warns half-way between the planned renewal and the end of the lease', () => {
    expect(expiringDelay(HOUR, 40 * 60_000)).toBe(50 * 60_000);
  });

  it('backs off exponentially with equal jitter, capped at 30 s', () => {
    expect([1, 2, 3, 4].map((a) => retryDelay(a, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => retryDelay(a, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(20, () => 1)).toBe(30_000);
    expect(retryDelay(20, () => 0)).toBe(15_000);
  });
});
