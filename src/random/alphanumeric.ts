/**
 * Uniform `[A-Za-z0-9]` strings by rejection sampling.
 *
 * Why not `byte % 62`: 256 = 4·62 + 8, so the first 8 symbols would get 5 of the
 * 256 byte values and the rest 4, making `A`–`H` 25% more likely. Here a byte is
 * used only when it is below 248 (= 4·62), where each symbol owns exactly 4
 * values; bytes 248–255 are thrown away (8 in 256, about 3%) and another drawn.
 */
import type { EntropyPool } from './entropy-pool.js';

export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Largest multiple of 62 that fits in a byte: bytes from here up are rejected. */
const LIMIT = 248;
const REJECT = 0;

/** Byte value → char code of its symbol, or REJECT. A table read replaces a modulo per char. */
const SYMBOL = new Uint8Array(256);
for (let i = 0; i < LIMIT; i++) SYMBOL[i] = ALPHANUMERIC.charCodeAt(i % 62);

const fromCharCode = String.fromCharCode;

/**
 * Scratch for one result: the raw bytes drawn, then their char codes. Zeroed
 * after use so the last secret does not linger in it.
 */
const codes = new Uint8Array(32);

/** 32 characters, each uniform and independent over the 62 symbols. */
export function alphanumeric32(pool: EntropyPool): string {
  const c = codes;
  // One pass over the pool: each byte mapped through SYMBOL, rejected ones (REJECT) skipped.
  pool.readMapped(c, 32, SYMBOL);
  const s = fromCharCode(
    c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!,
    c[16]!, c[17]!, c[18]!, c[19]!, c[20]!, c[21]!, c[22]!, c[23]!, c[24]!, c[25]!, c[26]!, c[27]!, c[28]!, c[29]!, c[30]!, c[31]!,
  );
  c.fill(0);
  return s;
}
