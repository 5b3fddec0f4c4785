import type { BellaRevokeResponse, BellaRotateResponse } from './contracts.js';

type Awaitable<T> = T | Promise<T>;

/**
 * The successful answer remembered for one request id: `{ newValue, newHandle? }`
 * for a rotate (it holds the new secret), `{ success: true }` for a revoke.
 * Stores never see it in the clear: the handler seals it first (see {@link IdempotencyStore}).
 *
 * @example
 * ```ts
 * import type { IdempotentResult } from '@bella-baxter/sdk/webhooks';
 * const answer: IdempotentResult = { newValue: 'sk_live_...', newHandle: 'key_2' };
 * ```
 */
export type IdempotentResult = BellaRotateResponse | BellaRevokeResponse;

/**
 * What the handler asks a store to hold for a key while a call runs: `owner`
 * (a random token of this attempt, so only it may release the claim),
 * `fingerprint` (a hash of the request's action and target, to refuse the same
 * request id with another body) and `ttlMs` (the claim expires by itself after
 * it, so a crashed instance never blocks a request id for good).
 *
 * @example
 * ```ts
 * const claim: IdempotencyClaim = { owner: '5f0c…', fingerprint: '9b1d…', ttlMs: 30_000 };
 * const outcome = await store.claim('request:req-1', claim);
 * ```
 */
export interface IdempotencyClaim {
  owner: string;
  fingerprint: string;
  ttlMs: number;
}

/**
 * What {@link IdempotencyStore.claim} found, atomically: `claimed` (the caller
 * now owns the key and runs the call), `pending` (another attempt holds an
 * unexpired claim), or `done` (an answer is stored: `answer` is the sealed
 * text the handler gave to `complete`).
 *
 * @example
 * ```ts
 * const outcome: ClaimOutcome = await store.claim(key, claim);
 * if (outcome.state === 'done') console.log('answered before, fingerprint', outcome.fingerprint);
 * ```
 */
export type ClaimOutcome =
  | { state: 'claimed' }
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; answer: string };

/**
 * What {@link IdempotencyStore.complete} stores: the claim's `owner` and
 * `fingerprint`, and `answer`, the AES-256-GCM sealed answer (base64url text).
 *
 * @example
 * ```ts
 * const record: CompletedRecord = { owner: claim.owner, fingerprint: claim.fingerprint, answer: sealed };
 * await store.complete('request:req-1', record, 86_400_000);
 * ```
 */
export interface CompletedRecord {
  owner: string;
  fingerprint: string;
  answer: string;
}

/**
 * Where the rotation handler claims request ids and remembers answers, so a
 * retried call gets the same answer instead of rotating twice, on any
 * instance sharing the store. Shipped: {@link createMemoryIdempotencyStore}
 * (one process), `createRedisIdempotencyStore` (`@bella-baxter/sdk/idempotency/redis`)
 * and `createDynamoDbIdempotencyStore` (`@bella-baxter/sdk/idempotency/dynamodb`).
 *
 * The handler never gives a store a secret in the clear: answers arrive
 * sealed (AES-256-GCM under a key derived from the signing secret or
 * `encryptionKey()`, bound to the key as additional data), fingerprints are
 * hashes. Only successes are completed: a failed call releases its claim, so a
 * retry runs for real. The handler also uses `claim`/`release` (never
 * `complete`) on `secret:` keys to serialise rotations per secret.
 *
 * @example
 * ```ts
 * import type { IdempotencyStore } from '@bella-baxter/sdk/webhooks';
 * // A store over a Map (one process, no expiry): the contract in a few lines.
 * const map = new Map<string, { owner?: string; fingerprint: string; answer?: string }>();
 * const store: IdempotencyStore = {
 *   claim(key, { owner, fingerprint }) {
 *     const found = map.get(key);
 *     if (found?.answer) return { state: 'done', fingerprint: found.fingerprint, answer: found.answer };
 *     if (found) return { state: 'pending', fingerprint: found.fingerprint };
 *     map.set(key, { owner, fingerprint });
 *     return { state: 'claimed' };
 *   },
 *   complete(key, record) { map.set(key, record); },
 *   release(key, owner) { if (map.get(key)?.owner === owner && !map.get(key)?.answer) map.delete(key); },
 * };
 * ```
 */
export interface IdempotencyStore {
  /**
   * Atomically: the stored answer for `key`, or else the live claim on it, or
   * else a new claim for `claim.owner` held `claim.ttlMs` milliseconds. A
   * store that cannot be reached throws: the handler answers 503 and does not rotate.
   */
  claim(key: string, claim: IdempotencyClaim): Awaitable<ClaimOutcome>;
  /** Stores the answer for `ttlMs` milliseconds and ends the claim. Keeps an answer another owner already stored. */
  complete(key: string, record: CompletedRecord, ttlMs: number): Awaitable<void>;
  /** Drops the claim on `key` if `owner` still holds it (never another owner's claim, never an answer). */
  release(key: string, owner: string): Awaitable<void>;
  /**
   * Key material the handler seals answers with (at least 32 bytes) instead of
   * deriving a key from the signing secret: set it to keep stored answers
   * readable across a signing-secret change.
   */
  encryptionKey?(): string | Uint8Array;
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
   * At most this many keys are kept; the oldest go first.
   * @default 10000
   */
  maxEntries?: number | undefined;
  /** The current time in epoch milliseconds. @default Date.now */
  now?: (() => number) | undefined;
}

interface Entry {
  owner: string;
  fingerprint: string;
  answer: string | undefined;
  expiresAt: number;
}

/**
 * The default store: in process memory, answers expire after the TTL the
 * handler passes (24 h by default), at most `maxEntries` kept. It has the
 * shared stores' semantics (claims, owners, fingerprints, sealed answers)
 * within one process. Right for a single long-lived instance; with several
 * instances (Lambda, Cloud Run, Functions) use `createRedisIdempotencyStore`
 * or `createDynamoDbIdempotencyStore`.
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
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, entry: Entry) => {
    entries.delete(key);
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(key, entry);
  };
  return {
    claim(key, { owner, fingerprint, ttlMs }) {
      const found = live(key);
      if (found?.answer !== undefined) return { state: 'done', fingerprint: found.fingerprint, answer: found.answer };
      if (found) return { state: 'pending', fingerprint: found.fingerprint };
      put(key, { owner, fingerprint, answer: undefined, expiresAt: now() + ttlMs });
      return { state: 'claimed' };
    },
    complete(key, { owner, fingerprint, answer }, ttlMs) {
      if (live(key)?.answer !== undefined) return;
      put(key, { owner, fingerprint, answer, expiresAt: now() + ttlMs });
    },
    release(key, owner) {
      const found = live(key);
      if (found && found.answer === undefined && found.owner === owner) entries.delete(key);
    },
  };
}
