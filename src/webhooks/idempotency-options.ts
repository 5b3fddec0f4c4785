import { createMemoryIdempotencyStore, type IdempotencyStore } from './idempotency.js';
import { createAnswerSealer, validateEncryptionKey, type AnswerSealer } from './idempotency-seal.js';

const PREFIX = '@bella-baxter/sdk: createRotationHandler option ';
const DAY_MS = 86_400_000;

/** The idempotency options of `createRotationHandler`, as given. @internal */
export interface IdempotencyOptionsInput {
  idempotency?: IdempotencyStore | false;
  idempotencyTtlMs?: number;
  claimTtlMs?: number;
  serializePerSecret?: boolean;
}

/** The same, resolved and validated. @internal */
export interface ResolvedIdempotency {
  store: IdempotencyStore | undefined;
  sealer: AnswerSealer;
  ttlMs: number;
  claimTtlMs: number;
  serializePerSecret: boolean;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`${PREFIX}${name} must be a finite number > 0, got ${String(value)}.`);
  }
  return value;
}

/** Throws when a store lacks the methods the handler calls (e.g. a 0.1 get/set store). */
function validateStore(store: IdempotencyStore): IdempotencyStore {
  const missing = (['claim', 'complete', 'release'] as const).filter((m) => typeof store[m] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `${PREFIX}idempotency needs a store with claim(), complete() and release() (missing: ${missing.join(', ')}). ` +
        'Stores with get()/set() are from 0.1: use createMemoryIdempotencyStore, createRedisIdempotencyStore or createDynamoDbIdempotencyStore.',
    );
  }
  return store;
}

/**
 * Resolves the store, the answer sealer (keyed by the store's `encryptionKey()`
 * or else every signing secret, sealing with the first) and the TTLs. The
 * default claim TTL outlives the call's timeout by 5 s, so a claim held by a
 * crashed instance expires soon after the call could have ended.
 * @internal
 */
export function resolveIdempotency(options: IdempotencyOptionsInput, secrets: readonly string[], timeoutMs: number): ResolvedIdempotency {
  const store = options.idempotency === false ? undefined : validateStore(options.idempotency ?? createMemoryIdempotencyStore());
  const ttlMs = positive(options.idempotencyTtlMs, DAY_MS, 'idempotencyTtlMs');
  const claimTtlMs = positive(options.claimTtlMs, timeoutMs + 5_000, 'claimTtlMs');
  const explicit = store?.encryptionKey?.();
  const sealer = createAnswerSealer(explicit === undefined ? secrets : [validateEncryptionKey(explicit)]);
  return { store, sealer, ttlMs, claimTtlMs, serializePerSecret: options.serializePerSecret === true };
}
