/**
 * Constant-time string comparisons. JavaScript has no portable
 * `timingSafeEqual`, and `node:crypto`'s is off limits in this leaf, so these
 * XOR every character and branch only on lengths that are not secret.
 * @internal
 */

/** Equal-length strings (hex signatures): time depends only on the length. */
export function timingSafeEqualString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * `given` against a secret `expected` (an API key): time depends only on the
 * expected length, so a caller probing lengths learns nothing.
 */
export function timingSafeEqualSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  // Out-of-range charCodeAt is NaN, and NaN | 0 is 0: no branch on the given length.
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  return diff === 0;
}
