import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisIdempotencyStore } from '../../src/idempotency/redis.js';
import { createRotationHandler } from '../../src/webhooks.js';
import { startRedis, redisAvailable, type RedisServer } from '../support/redis-server.js';
import { now, rotateBody, SECRET, signedRequest } from '../webhooks/helpers.js';
import { canaries, canaryRotate, encodingsOf, storeContract } from './store-contract.js';

const connectNodeRedis = (url: string) => createClient({ url }).connect();
type NodeRedis = Awaited<ReturnType<typeof connectNodeRedis>>;

describe.skipIf(!redisAvailable)('createRedisIdempotencyStore on a real redis-server', () => {
  let server: RedisServer;
  let admin: NodeRedis;
  let nodeRedis: NodeRedis;
  let ioredis: Redis;
  let prefixes = 0;

  beforeAll(async () => {
    server = await startRedis();
    admin = await connectNodeRedis(server.url);
    nodeRedis = await connectNodeRedis(server.url);
    ioredis = new Redis(server.url);
  });

  afterAll(async () => {
    // Every key and value any test left, checked once more for every canary in every encoding.
    const dump = await dumpAll();
    for (const canary of canaries) for (const encoded of encodingsOf(canary)) expect(dump).not.toContain(encoded);
    await Promise.all([admin?.close(), nodeRedis?.close(), ioredis?.quit()]);
    await server?.stop();
  });

  async function dumpAll(): Promise<string> {
    const keys = await admin.keys('*');
    const values = await Promise.all(keys.map((key) => admin.get(key)));
    return keys.map((key, i) => `${key} = ${values[i]}`).join('\n');
  }

  for (const [name, client] of [
    ['node-redis', () => nodeRedis],
    ['ioredis', () => ioredis],
  ] as const) {
    describe(`with ${name}`, () => {
      storeContract(() => ({
        make: ({ namespace, encryptionKey } = {}) =>
          createRedisIdempotencyStore({ client: client(), prefix: `${namespace ?? `t${++prefixes}`}:`, encryptionKey }),
        dump: dumpAll,
      }));

      it('keeps claims for their TTL and answers for theirs (PX on one key per request id)', async () => {
        const store = createRedisIdempotencyStore({ client: client(), prefix: 'ttl:' });
        await store.claim('request:a', { owner: 'o', fingerprint: 'f', ttlMs: 30_000 });
        const claimTtl = await admin.pTTL('ttl:request:a');
        expect(claimTtl).toBeGreaterThan(25_000);
        expect(claimTtl).toBeLessThanOrEqual(30_000);
        await store.complete('request:a', { owner: 'o', fingerprint: 'f', answer: 'v1.x' }, 86_400_000);
        expect(await admin.pTTL('ttl:request:a')).toBeGreaterThan(86_000_000);
        await admin.del('ttl:request:a');
      });
    });
  }

  it('answers 503 without rotating when Redis does not answer in time', async () => {
    const down = await startRedis();
    const client = new Redis(down.url, { maxRetriesPerRequest: null });
    await client.ping();
    await down.stop();
    canaryRotate.mockClear();
    const handler = createRotationHandler({
      signingSecret: SECRET,
      now,
      rotate: canaryRotate,
      idempotency: createRedisIdempotencyStore({ client, timeoutMs: 100 }),
    });
    const response = await handler(await signedRequest(rotateBody('down-1')));
    expect(response.status).toBe(503);
    expect(canaryRotate).not.toHaveBeenCalled();
    client.disconnect();
  });

  it('never shows its encryptionKey or client in JSON.stringify or util.inspect', async () => {
    const { inspect } = await import('node:util');
    const key = 'an-encryption-key-of-32-bytes-or-more!';
    const store = createRedisIdempotencyStore({ client: nodeRedis, encryptionKey: key });
    for (const text of [JSON.stringify(store), inspect(store, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(String(server.port));
    }
  });

  it('refuses a client of neither kind, and a short encryptionKey, without echoing it', () => {
    expect(() => createRedisIdempotencyStore({ client: {} as never })).toThrow(/node-redis client .* or an ioredis client/);
    expect(() => createRedisIdempotencyStore({ client: nodeRedis, encryptionKey: 'short-key-value' })).toThrow(/at least 32 bytes/);
    try {
      createRedisIdempotencyStore({ client: nodeRedis, encryptionKey: 'short-key-value' });
    } catch (error) {
      expect(String(error)).not.toContain('short-key-value');
    }
  });
});
