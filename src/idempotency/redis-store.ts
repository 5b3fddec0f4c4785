import type { ClaimOutcome, IdempotencyStore } from '../webhooks/idempotency.js';
import { type IoRedisClientLike, type NodeRedisClientLike, redisSenderOf } from './redis-commands.js';
import { type SharedStoreOptions, validateKeyMaterial, validatePrefix, validateTimeout, withTimeout } from './store-options.js';

/**
 * Options of {@link createRedisIdempotencyStore}.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const options: RedisIdempotencyStoreOptions = {
 *   client: await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }).connect(),
 *   prefix: 'payments:bella:', // one prefix per rotation function sharing a Redis
 *   timeoutMs: 1000,
 * };
 * ```
 */
export interface RedisIdempotencyStoreOptions extends SharedStoreOptions {
  /** A connected client: node-redis (`redis` 4-6, `createClient()`) or `ioredis`. You keep it and close it. */
  client: NodeRedisClientLike | IoRedisClientLike;
  /** Prepended to every key. @default 'bella:idempotency:' */
  prefix?: string | undefined;
}

// One key per request id (and per secret for serialisation), so nothing spans Redis Cluster slots.
// Values: "p:<owner>:<fingerprint>" while claimed (PX = claim TTL), "d:<fingerprint>:<sealed answer>"
// once answered (PX = answer TTL). Owners and fingerprints are hex, answers base64url: no ':' inside.
const CLAIM = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return redis.call('GET', KEYS[1])`;
const COMPLETE = `local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, 2) == 'd:' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
// Compare-and-delete: only the owner's own claim, never another owner's, never an answer.
const RELEASE = `local owned = 'p:' .. ARGV[1] .. ':'
local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, #owned) == owned then return redis.call('DEL', KEYS[1]) end
return 0`;

const FN = 'createRedisIdempotencyStore';
const ms = (value: number) => String(Math.max(1, Math.ceil(value)));

function outcomeOf(reply: unknown): ClaimOutcome {
  if (reply === 1) return { state: 'claimed' };
  const text = typeof reply === 'string' ? reply : reply instanceof Uint8Array ? new TextDecoder().decode(reply) : '';
  const [kind, first = '', second = ''] = text.split(':');
  if (kind === 'p') return { state: 'pending', fingerprint: second };
  if (kind === 'd') return { state: 'done', fingerprint: first, answer: second };
  // A value this store did not write: refuse to run rather than overwrite it.
  throw new Error(`@bella-baxter/sdk: ${FN} found an unexpected value under its prefix; is another program using the same keys?`);
}

/**
 * A shared idempotency store on Redis, for rotation functions running as
 * several instances. Claims are `SET NX PX` (atomic, expiring by themselves if
 * an instance dies); releases are compare-and-delete by the claim's owner (a
 * Lua script); answers are kept with a TTL, sealed with AES-256-GCM by the
 * handler (a key dump shows no secret value). Works with node-redis (`redis`)
 * and `ioredis` clients, detected from the client; it imports neither (they are
 * optional peer dependencies of this package). Each call is one round trip.
 *
 * @throws TypeError when `client` is neither kind of client, or an option is invalid.
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createRotationHandler } from '@bella-baxter/sdk/webhooks';
 * import { createRedisIdempotencyStore } from '@bella-baxter/sdk/idempotency/redis';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }).connect();
 * export const handler = createRotationHandler({
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   idempotency: createRedisIdempotencyStore({ client: redis }),
 *   rotate: async () => ({ newValue: crypto.randomUUID() }),
 * });
 * ```
 */
export function createRedisIdempotencyStore(options: RedisIdempotencyStoreOptions): IdempotencyStore {
  const send = redisSenderOf(options?.client);
  const prefix = validatePrefix(FN, options.prefix, 'bella:idempotency:');
  const timeoutMs = validateTimeout(FN, options.timeoutMs);
  const key = validateKeyMaterial(FN, options.encryptionKey);
  const run = (script: string, name: string, ...args: string[]) =>
    withTimeout(send(['EVAL', script, '1', `${prefix}${name}`, ...args]), timeoutMs, 'Redis');

  const store: IdempotencyStore = {
    async claim(name, { owner, fingerprint, ttlMs }) {
      return outcomeOf(await run(CLAIM, name, `p:${owner}:${fingerprint}`, ms(ttlMs)));
    },
    async complete(name, { fingerprint, answer }, ttlMs) {
      await run(COMPLETE, name, `d:${fingerprint}:${answer}`, ms(ttlMs));
    },
    async release(name, owner) {
      await run(RELEASE, name, owner);
    },
  };
  if (key !== undefined) store.encryptionKey = () => key;
  return store;
}
