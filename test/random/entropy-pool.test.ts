import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_POOL_SIZE, EntropyPool, MAX_POOL_SIZE, type RandomFill } from '../../src/random/entropy-pool.js';

/** A fill that records what it wrote and which buffer it wrote into. */
function recordingFill() {
  const written: number[] = [];
  const buffers: Uint8Array[] = [];
  const fill: RandomFill = (buffer) => {
    crypto.getRandomValues(buffer);
    buffers.push(buffer);
    written.push(...buffer);
  };
  return { fill, written, buffers };
}

describe('EntropyPool', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('hands out every filled byte exactly once and in order, across refills and request sizes', () => {
    const { fill, written } = recordingFill();
    const pool = new EntropyPool(10, fill);
    const out: number[] = [];
    // Sizes chosen to straddle refills, equal the pool, exceed it several times, and be empty.
    for (const n of [1, 3, 16, 0, 10, 7, 25, 2, 1, 64, 9]) out.push(...pool.take(n));
    for (let i = 0; i < 13; i++) out.push(pool.byte());
    const target = new Uint8Array(40);
    pool.readInto(target, 5, 30);
    out.push(...target.subarray(5, 35));

    expect(out.length).toBe(138 + 13 + 30);
    // No byte skipped, repeated or reordered: the output is a prefix of the fill stream...
    expect(out).toEqual(written.slice(0, out.length));
    // ...and the pool refilled only when it had run dry.
    expect(pool.refills).toBe(Math.ceil(out.length / 10));
    expect(target.subarray(0, 5)).toEqual(new Uint8Array(5));
    expect(target.subarray(35)).toEqual(new Uint8Array(5));
  });

  it('returns copies, never a view of its buffer', () => {
    const { fill, buffers } = recordingFill();
    const pool = new EntropyPool(64, fill);
    const a = pool.take(16);
    const poolBuffer = buffers[0]!;
    expect(a.buffer).not.toBe(poolBuffer.buffer);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(16);
    // Writing to what the caller got cannot reach the pool or the next caller's bytes.
    const rest = Uint8Array.from(poolBuffer.subarray(16));
    a.fill(0xaa);
    expect(poolBuffer.subarray(16)).toEqual(rest);
    expect(pool.take(48)).toEqual(rest);
  });

  it('zeroes each byte as it leaves, keeping the bytes not yet drawn', () => {
    const { fill, buffers } = recordingFill();
    const pool = new EntropyPool(32, fill);
    pool.byte();
    const poolBuffer = buffers[0]!;
    const untouched = Uint8Array.from(poolBuffer.subarray(11));
    pool.take(10);
    expect(poolBuffer.subarray(0, 11)).toEqual(new Uint8Array(11));
    expect(poolBuffer.subarray(11)).toEqual(untouched);
  });

  it('starts empty: no random call until the first byte is wanted', () => {
    const fill = vi.fn<RandomFill>();
    const pool = new EntropyPool(8, fill);
    expect(fill).not.toHaveBeenCalled();
    pool.byte();
    expect(fill).toHaveBeenCalledTimes(1);
  });

  it('stays empty after a failed refill and never hands out stale or zeroed bytes', () => {
    let fail = false;
    let calls = 0;
    const pool = new EntropyPool(4, (buffer) => {
      calls++;
      if (fail) throw new Error('entropy source down');
      buffer.set([1, 2, 3, 4]);
    });
    expect(pool.take(3)).toEqual(Uint8Array.from([1, 2, 3]));
    fail = true;
    // The 4th byte comes out, then the refill fails; the error propagates.
    expect(() => pool.take(2)).toThrow('entropy source down');
    expect(() => pool.byte()).toThrow('entropy source down');
    expect(calls).toBe(3); // each call retried the refill rather than reading the zeroed buffer
    fail = false;
    expect(pool.take(4)).toEqual(Uint8Array.from([1, 2, 3, 4]));
  });

  it('refuses sizes Web Crypto cannot fill in one call', () => {
    for (const size of [0, -1, 1.5, Number.NaN, MAX_POOL_SIZE + 1]) {
      expect(() => new EntropyPool(size)).toThrow(RangeError);
    }
    expect(new EntropyPool(MAX_POOL_SIZE).take(MAX_POOL_SIZE + 1).length).toBe(MAX_POOL_SIZE + 1);
    expect(DEFAULT_POOL_SIZE).toBeLessThanOrEqual(MAX_POOL_SIZE);
  });

  it('refuses a readInto range outside the target', () => {
    const pool = new EntropyPool(8);
    expect(() => pool.readInto(new Uint8Array(4), 2, 3)).toThrow(RangeError);
    expect(() => pool.readInto(new Uint8Array(4), -1, 1)).toThrow(RangeError);
  });

  it('uses globalThis.crypto.getRandomValues by default, filling the whole pool in one call', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const pool = new EntropyPool(1_000);
    pool.take(999);
    pool.take(2);
    expect(spy).toHaveBeenCalledTimes(2);
    expect((spy.mock.calls[0]![0] as Uint8Array).length).toBe(1_000);
  });

  it('says clearly when the runtime has no Web Crypto', () => {
    vi.stubGlobal('crypto', undefined);
    expect(() => new EntropyPool(8).byte()).toThrow(/^@bella-baxter\/sdk: globalThis\.crypto\.getRandomValues is not available/);
  });

  it('readMapped maps each drawn byte through the table in order, skips rejected (0) ones, zeroes all it drew, across refills', () => {
    const { fill, written, buffers } = recordingFill();
    const pool = new EntropyPool(7, fill);
    const table = new Uint8Array(256);
    for (let b = 0; b < 256; b++) table[b] = b % 3 === 0 ? 0 : b; // every third byte value rejected
    const target = new Uint8Array(20);
    pool.readMapped(target, 20, table);
    expect([...target]).toEqual(written.filter((b) => b % 3 !== 0).slice(0, 20));
    // Bytes drawn are zeroed in the pool; the ones after the last drawn are untouched.
    const drawn = written.findIndex((_, i) => written.slice(0, i + 1).filter((b) => b % 3 !== 0).length === 20) + 1;
    const last = buffers[buffers.length - 1]!;
    const usedOfLast = drawn - (buffers.length - 1) * 7;
    expect([...last.subarray(0, usedOfLast)].every((b) => b === 0)).toBe(true);
    expect([...last.subarray(usedOfLast)]).toEqual(written.slice(drawn, buffers.length * 7));
    expect(() => pool.readMapped(target, 21, table)).toThrow(RangeError);
  });
});
