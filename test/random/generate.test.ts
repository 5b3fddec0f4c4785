import { describe, expect, it, vi } from 'vitest';
import { RANDOM_FORMATS, generateRandom, isRandomFormat, type RandomFormat } from '../../src/random.js';

const N = 10_000;

const SHAPES: Record<RandomFormat, RegExp> = {
  // Version nibble 4, variant 10xx (8, 9, a or b), lowercase.
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  hex32: /^[0-9a-f]{32}$/,
  // 16 bytes = 5 full groups (20 chars) + 1 byte: 2 chars, the second carrying only 2 bits (A, Q, g or w), then ==.
  'base64-32': /^[A-Za-z0-9+/]{21}[AQgw]==$/,
  'alphanumeric-32': /^[A-Za-z0-9]{32}$/,
};

describe('generateRandom', () => {
  it('lists exactly the four contract formats, frozen', () => {
    expect(RANDOM_FORMATS).toEqual(['uuid', 'hex32', 'base64-32', 'alphanumeric-32']);
    expect(Object.isFrozen(RANDOM_FORMATS)).toBe(true);
  });

  describe.each(RANDOM_FORMATS)('%s', (format) => {
    const values = Array.from({ length: N }, () => generateRandom(format));

    it(`has the contract shape in ${N.toLocaleString('en-US')} values`, () => {
      const bad = values.filter((v) => !SHAPES[format].test(v));
      expect(bad).toEqual([]);
    });

    it(`repeats no value in ${N.toLocaleString('en-US')}`, () => {
      expect(new Set(values).size).toBe(N);
    });

    it('uses every symbol at every random position (no stuck bits, no wrong table entry)', () => {
      const length = values[0]!.length;
      const seen = Array.from({ length }, () => new Set<string>());
      for (const v of values) for (let i = 0; i < length; i++) seen[i]!.add(v[i]!);
      const alphabetSize = (i: number): number => {
        if (format === 'uuid') return i === 14 ? 1 : i === 19 ? 4 : [8, 13, 18, 23].includes(i) ? 1 : 16;
        if (format === 'hex32') return 16;
        if (format === 'base64-32') return i >= 22 ? 1 : i === 21 ? 4 : 64;
        return 62;
      };
      // 10,000 draws miss one of 64 equally likely symbols with probability < 64·(63/64)^10000 ≈ 1e-66.
      expect(seen.map((s) => s.size)).toEqual(Array.from({ length }, (_, i) => alphabetSize(i)));
    });
  });

  it('base64-32 decodes to exactly 16 bytes and re-encodes to itself', () => {
    for (let i = 0; i < 1_000; i++) {
      const s = generateRandom('base64-32');
      const bytes = Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      expect(bytes.length).toBe(16);
      expect(btoa(String.fromCharCode(...bytes))).toBe(s);
    }
  });

  it('draws from a pool: 1,000 hex32 values take a handful of getRandomValues calls, not 1,000', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    for (let i = 0; i < 1_000; i++) generateRandom('hex32');
    // 16,000 bytes from an 8 KiB pool: 2 refills, 3 if the pool was part-used before.
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it.each([['UUID'], ['hex'], [''], [' hex32'], ['toString'], [42], [undefined], [null], [{}], [Symbol('x')]])(
    'throws a TypeError naming the valid formats for %s',
    (bad) => {
      const call = () => generateRandom(bad as RandomFormat);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/^@bella-baxter\/sdk: unknown random format .*; expected one of: uuid, hex32, base64-32, alphanumeric-32$/);
    },
  );

  it('does not call toString on a bad format or echo a long one in full', () => {
    const hostile = { toString: () => { throw new Error('boom'); } };
    expect(() => generateRandom(hostile as unknown as RandomFormat)).toThrow(/unknown random format object/);
    expect(() => generateRandom('x'.repeat(10_000) as RandomFormat)).toThrow(/^.{0,200}$/);
  });
});

describe('isRandomFormat', () => {
  it.each(RANDOM_FORMATS)('accepts %s', (format) => {
    expect(isRandomFormat(format)).toBe(true);
  });

  it.each([['UUID'], ['Hex32'], ['base64'], [''], ['toString'], ['constructor'], [null], [undefined], [32], [['uuid']]])(
    'rejects %s',
    (value) => {
      expect(isRandomFormat(value)).toBe(false);
    },
  );
});
