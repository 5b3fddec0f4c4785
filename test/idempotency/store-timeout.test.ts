import { describe, expect, it } from 'vitest';
import { validateTimeout } from '../../src/idempotency/store-options.js';

describe('shared store timeoutMs', () => {
  it('clamps a timeout past 2^31-1 ms (setTimeout fires a longer one after 1 ms)', () => {
    expect(validateTimeout('createRedisIdempotencyStore', 2 ** 31 + 5)).toBe(2 ** 31 - 1);
    expect(validateTimeout('createRedisIdempotencyStore', 1000)).toBe(1000);
  });
});
