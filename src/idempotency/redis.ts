/**
 * `@bella-baxter/sdk/idempotency/redis`: a shared idempotency store on Redis
 * for `createRotationHandler`. Pass your connected node-redis (`redis`) or
 * `ioredis` client; this entry imports neither (optional peer dependencies).
 *
 * @packageDocumentation
 */
export { createRedisIdempotencyStore } from './redis-store.js';
export type { RedisIdempotencyStoreOptions } from './redis-store.js';
export type { IoRedisClientLike, NodeRedisClientLike } from './redis-commands.js';
export type { SharedStoreOptions } from './store-options.js';
