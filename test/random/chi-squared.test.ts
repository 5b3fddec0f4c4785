import { describe, expect, it } from 'vitest';
import { ALPHANUMERIC } from '../../src/random/alphanumeric.js';
import { generateRandom } from '../../src/random.js';
import { chiSquaredPValue, lnGamma, uniformChiSquared } from './chi-squared.js';

describe('chi-squared p-value', () => {
  // Reference values from SciPy 1.x: scipy.stats.chi2.sf(x, df).
  it.each([
    [61, 61, 0.4759169119335499],
    [100, 61, 0.0012137188869887922],
    [100.88788530685825, 61, 0.001],
    [30, 61, 0.9997115726928689],
    [150, 61, 1.8630630518643006e-9],
    [2, 1, 0.15729920705028105],
  ])('chi2.sf(%f, %i) = %f', (statistic, df, expected) => {
    expect(chiSquaredPValue(statistic, df)).toBeCloseTo(expected, 12);
    expect(Math.abs(chiSquaredPValue(statistic, df) / expected - 1)).toBeLessThan(1e-9);
  });

  it('lnGamma matches known values', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(lnGamma(30.5)).toBeCloseTo(72.9534711841694, 9); // math.lgamma(30.5)
  });
});

describe('alphanumeric-32 is uniform over [A-Za-z0-9]', () => {
  const CHARS = 2_000_000;
  const BIN = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHANUMERIC.length; i++) BIN[ALPHANUMERIC.charCodeAt(i)] = i;

  it('passes a chi-squared test over 2,000,000 characters (62 bins) that a `byte % 62` generator fails', () => {
    const counts = new Float64Array(62);
    for (let n = 0; n < CHARS / 32; n++) {
      const s = generateRandom('alphanumeric-32');
      for (let i = 0; i < 32; i++) counts[BIN[s.charCodeAt(i)]!]!++;
    }
    const fair = uniformChiSquared(counts);

    // The mistake rejection sampling avoids: 256 = 4·62 + 8, so A–H get 5 byte values each, the rest 4.
    const biasedCounts = new Float64Array(62);
    const bytes = new Uint8Array(50_000); // several getRandomValues calls: Web Crypto caps one at 65,536 bytes
    for (let drawn = 0; drawn < CHARS; drawn += bytes.length) {
      crypto.getRandomValues(bytes);
      for (let i = 0; i < bytes.length; i++) biasedCounts[bytes[i]! % 62]!++;
    }
    const biased = uniformChiSquared(biasedCounts);

    expect(fair.df).toBe(61);
    expect(fair.pValue, `fair: chi2 = ${fair.statistic.toFixed(1)}`).toBeGreaterThan(0.001);
    expect(biased.pValue, `biased: chi2 = ${biased.statistic.toFixed(1)}`).toBeLessThan(0.001);
    // Not a near miss: the biased statistic is two orders of magnitude past the 0.001 critical value (100.9).
    expect(biased.statistic).toBeGreaterThan(10_000);
  });
});
