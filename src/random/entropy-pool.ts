/**
 * A small buffer of cryptographically secure random bytes.
 *
 * Why: a `crypto.getRandomValues` call costs about as much as producing a few
 * kilobytes, so asking for 16 bytes at a time spends nearly all the time in the
 * call. The pool refills itself in one call and hands its bytes out one by one.
 *
 * Rules it keeps (tested in test/random/entropy-pool.test.ts):
 * - each byte is handed out once, in order; a request that straddles a refill
 *   uses the old pool's last bytes before the new pool's first (nothing skipped);
 * - callers get copies (a number or bytes written into their own array), never a
 *   view of the pool, so no caller can read bytes meant for another;
 * - a byte is zeroed as it leaves, so the pool never holds a value already used
 *   to make a secret (a heap snapshot shows only bytes not yet drawn);
 * - when a refill fails, the pool stays empty and the error propagates: it never
 *   falls back to stale or zeroed bytes.
 *
 * Web Crypto only: no Node built-ins, so it runs on Workers, Deno, Bun and browsers.
 */

/** Writes cryptographically secure random bytes over the whole `buffer` (getRandomValues's contract). */
export type RandomFill = (buffer: Uint8Array) => void;

/** Web Crypto refuses more than this many bytes per getRandomValues call (QuotaExceededError). */
export const MAX_POOL_SIZE = 65_536;

/**
 * 8 KiB: measured on Node 20, a 4 KiB refill already costs under 1 ns per byte
 * and 8 KiB gains a little more; beyond that the gain is noise while the memory
 * held (and the latency of the one call that refills) keeps growing.
 */
export const DEFAULT_POOL_SIZE = 8_192;

/** The platform's CSPRNG, looked up at call time so a polyfill installed later is honoured. */
export const webCryptoFill: RandomFill = (buffer) => {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof crypto?.getRandomValues !== 'function') {
    throw new TypeError(
      '@bella-baxter/sdk: globalThis.crypto.getRandomValues is not available; this runtime has no Web Crypto',
    );
  }
  crypto.getRandomValues(buffer);
};

/** A pool of random bytes refilled in one call when empty. */
export class EntropyPool {
  /** Capacity in bytes: how many bytes one refill produces. */
  readonly size: number;
  readonly #fill: RandomFill;
  readonly #buffer: Uint8Array;
  /** Index of the next unused byte; `size` means empty. */
  #next: number;
  #refills = 0;

  constructor(size: number = DEFAULT_POOL_SIZE, fill: RandomFill = webCryptoFill) {
    if (!Number.isInteger(size) || size < 1 || size > MAX_POOL_SIZE) {
      throw new RangeError(`@bella-baxter/sdk: entropy pool size must be an integer from 1 to ${MAX_POOL_SIZE}`);
    }
    this.size = size;
    this.#fill = fill;
    this.#buffer = new Uint8Array(size);
    this.#next = size; // start empty: no random call until the first byte is wanted
  }

  /** How many times the pool has been refilled (for tests and diagnostics). */
  get refills(): number {
    return this.#refills;
  }

  /** One fresh random byte (0–255). */
  byte(): number {
    if (this.#next === this.size) this.#refill();
    const buffer = this.#buffer;
    const i = this.#next++;
    const value = buffer[i]!;
    buffer[i] = 0;
    return value;
  }

  /**
   * Copies `length` fresh random bytes into `target` starting at `offset`.
   * Any length is allowed; a request larger than the pool refills as often as needed.
   */
  readInto(target: Uint8Array, offset = 0, length = target.length - offset): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > target.length) {
      throw new RangeError('@bella-baxter/sdk: readInto range is outside the target array');
    }
    const buffer = this.#buffer;
    const size = this.size;
    let next = this.#next;
    const end = offset + length;
    if (next + length <= size) {
      // Hot path (nearly every call): no refill can happen, so no per-byte check.
      for (let i = offset; i < end; i++) {
        target[i] = buffer[next]!;
        buffer[next++] = 0;
      }
      this.#next = next;
      return;
    }
    for (let i = offset; i < end; i++) {
      if (next === size) {
        this.#next = next; // keep state consistent if the refill throws
        this.#refill();
        next = 0;
      }
      target[i] = buffer[next]!;
      buffer[next++] = 0;
    }
    this.#next = next;
  }

  /**
   * Rejection sampling in one pass over the pool: draws bytes in order, and for
   * each writes `table[byte]` into `target` unless it is 0 (a rejected byte),
   * until `count` values are written from index 0. Every byte drawn is zeroed,
   * kept or not. One pass, where `readInto` then a mapping loop would take two.
   */
  readMapped(target: Uint8Array, count: number, table: Uint8Array): void {
    if (!Number.isInteger(count) || count < 0 || count > target.length || table.length !== 256) {
      throw new RangeError('@bella-baxter/sdk: readMapped needs count <= target.length and a 256-entry table');
    }
    const buffer = this.#buffer;
    const size = this.size;
    let next = this.#next;
    let n = 0;
    while (n < count) {
      if (next === size) {
        this.#next = next; // keep state consistent if the refill throws
        this.#refill();
        next = 0;
      }
      const value = table[buffer[next]!]!;
      buffer[next++] = 0;
      if (value !== 0) target[n++] = value;
    }
    this.#next = next;
  }

  /** `length` fresh random bytes in a new array the caller owns. */
  take(length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readInto(out);
    return out;
  }

  #refill(): void {
    // Mark empty first: if the fill throws, the next call retries the refill
    // instead of handing out the zeroed bytes left behind.
    this.#next = this.size;
    this.#fill(this.#buffer);
    this.#next = 0;
    this.#refills++;
  }
}
