import type { BellaRevokeResponse, BellaRotateResponse } from './contracts.js';

type Awaitable<T> = T | Promise<T>;

/**
 * The successful answer remembered for one request id: `{ newValue, newHandle? }`
 * for a rotate (it holds the new secret), `{ success: true }` for a revoke.
 *
 * @example
 * ```ts
 * import type { IdempotencyStore, IdempotentResult } from '@bella-baxter/sdk/webhooks';
 *
 * const answers = new Map<string, IdempotentResult>(); // no expiry: a sketch for tests only
 * const store: IdempotencyStore = {
 *   get: (key) => answers.get(key),
 *   set: (key, result) => void answers.set(key, result),
 * };
 * ```
 */
export type IdempotentResult = BellaRotateResponse | BellaRevokeResponse;

/**
 * Where the rotation handler remembers answers by request id, so a retried
 * call gets the same answer instead of rotating twice. Only successes are
 * stored: a failed rotation may be retried for real.
 *
 * Stored rotate answers hold the new secret value: back the store with
 * something as trusted as the secret itself, and keep the TTL short.
 *
 * `claim` and `release` are optional. Without them, duplicates arriving at the
 * same process at the same time still run once (the handler joins them in
 * memory); with them, duplicates arriving at two instances at once do too.
 *
 * @example
 * ```ts
 * import type { IdempotencyStore } from '@bella-baxter/sdk/webhooks';
 * import { Redis } from 'ioredis';
 * const redis = new Redis(process.env.REDIS_URL!);
 * const store: IdempotencyStore = {
 *   async get(key) { const v = await redis.get(`bella:${key}`); return v ? JSON.parse(v) : undefined; },
 *   async set(key, result, ttlMs) { await redis.set(`bella:${key}`, JSON.stringify(result), 'PX', ttlMs); },
 *   async claim(key, ttlMs) { return (await redis.set(`bella:lock:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK'; },
 *   async release(key) { await redis.del(`bella:lock:${key}`); },
 * };
 * ```
 */
export interface IdempotencyStore {
  /** The stored answer for `key`, or `undefined`. */
  get(key: string): Awaitable<IdempotentResult | undefined>;
  /** Remembers `result` for `key` during `ttlMs` milliseconds. */
  set(key: string, result: IdempotentResult, ttlMs: number): Awaitable<void>;
  /**
   * Atomically marks `key` as in progress for `ttlMs` (set-if-absent). Returns
   * `false` when another instance holds it; the handler then answers 409 and
   * Bella retries later.
   */
  claim?(key: string, ttlMs: number): Awaitable<boolean>;
  /** Drops the in-progress mark after a failure, so a retry can run at once. */
  release?(key: string): Awaitable<void>;
}

/**
 * Options of {@link createMemoryIdempotencyStore}.
 *
 * @example
 * ```ts
 * const idempotency = createMemoryIdempotencyStore({ maxEntries: 1_000 }); // keeps the 1000 newest answers
 * ```
 */
export interface MemoryIdempotencyStoreOptions {
  /**
   * At most this many answers are kept; the oldest go first.
   * @default 10000
   */
  maxEntries?: number | undefined;
  /** The current time in epoch milliseconds. @default Date.now */
  now?: (() => number) | undefined;
}

/**
 * The default store: in process memory, entries expire after the TTL the
 * handler passes (24 h by default), at most `maxEntries` kept. Right for a
 * single long-lived instance; on Lambda or Cloud Run with several instances,
 * use a shared store (Redis, DynamoDB), see {@link IdempotencyStore}.
 *
 * @example
 * ```ts
 * import { createRotationHandler, createMemoryIdempotencyStore } from '@bella-baxter/sdk/webhooks';
 * const handler = createRotationHandler({
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   idempotency: createMemoryIdempotencyStore({ maxEntries: 1000 }),
 *   rotate: async () => ({ newValue: crypto.randomUUID() }),
 * });
 * ```
 */
export function createMemoryIdempotencyStore(options?: MemoryIdempotencyStoreOptions): IdempotencyStore {
  const maxEntries = options?.maxEntries ?? 10_000;
  // NaN (e.g. Number(process.env.UNSET)) would make the `size >= max` check never true: an unbounded store.
  if (typeof maxEntries !== 'number' || !(maxEntries >= 1)) {
    throw new TypeError(`@bella-baxter/sdk: createMemoryIdempotencyStore option maxEntries must be a number >= 1, got ${String(maxEntries)}.`);
  }
  const now = options?.now ?? Date.now;
  // A Map iterates in insertion order, so its first key is always the oldest entry.
  const entries = new Map<string, { result: IdempotentResult; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.result;
    },
    set(key, result, ttlMs) {
      entries.delete(key);
      while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { result, expiresAt: now() + ttlMs });
    },
  };
}
