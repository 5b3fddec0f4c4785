/**
 * A Bella rotation function for Google Cloud Run that rotates each request
 * exactly once across instances: the idempotency store is a Redis (Memorystore)
 * shared by all of them.
 *
 * Environment: BELLA_SIGNING_SECRET, REDIS_URL (e.g. redis://10.0.0.3:6379 through a
 * VPC connector), optionally BELLA_FUNCTION_API_KEY and BELLA_IDEMPOTENCY_KEY.
 */
import { createRedisIdempotencyStore } from '@bella-baxter/sdk/idempotency/redis';
import { createRotationHandler } from '@bella-baxter/sdk/webhooks';
import { createClient } from 'redis';
import { keyApi } from './fake-key-api.js';

const signingSecret = process.env.BELLA_SIGNING_SECRET;
if (!signingSecret) throw new Error('Set BELLA_SIGNING_SECRET to the rotation policy signing secret');

// One connection per instance, opened at startup; server.ts closes it on SIGTERM.
export const redis = await createClient({ url: process.env.REDIS_URL }).connect();

export const handler = createRotationHandler({
  signingSecret,
  apiKey: process.env.BELLA_FUNCTION_API_KEY || undefined,
  idempotency: createRedisIdempotencyStore({
    client: redis, // an ioredis client works too: new Redis(process.env.REDIS_URL)
    prefix: 'bella:rotation:',
    encryptionKey: process.env.BELLA_IDEMPOTENCY_KEY || undefined,
  }),
  serializePerSecret: true,

  async rotate(request, { signal }) {
    const key = await keyApi.createKey(`${request.projectSlug}/${request.environmentSlug}/${request.secretKey}`, signal);
    return { newValue: key.secret, newHandle: key.id };
  },

  async revoke(request, { signal }) {
    await keyApi.deleteKey(request.oldHandle, signal);
  },

  onError: (error, info) => console.error(JSON.stringify({ severity: 'ERROR', message: 'rotation failed', ...info, error: String(error) })),
});
