import { PREFIX } from './store-options.js';

/** Sends one raw command (`['EVAL', script, '1', key, ...]`) and resolves its reply. @internal */
export type RedisSend = (args: string[]) => Promise<unknown>;

/**
 * The part of a node-redis (`redis` 4-6) client the store uses: `createClient()`'s result, connected.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: NodeRedisClientLike = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }).connect();
 * ```
 */
export interface NodeRedisClientLike {
  /** Sends one raw command (`['SET', key, value, ...]`). */
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * The part of an `ioredis` client (`new Redis(url)`, or a `Cluster`) the store uses.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client: IoRedisClientLike = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface IoRedisClientLike {
  /** Sends one raw command (`call('SET', key, value, ...)`). */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/**
 * One way to send raw commands whichever client was passed: ioredis has
 * `call(command, ...args)`; node-redis has `sendCommand(args)` (ioredis has a
 * `sendCommand` too, taking a Command object, hence `call` is checked first).
 * @internal
 */
export function redisSenderOf(client: unknown): RedisSend {
  const candidate = client as Partial<IoRedisClientLike & NodeRedisClientLike> | null;
  if (candidate && typeof candidate.call === 'function') {
    const io = candidate as IoRedisClientLike;
    return ([command, ...args]) => io.call(command as string, ...args);
  }
  if (candidate && typeof candidate.sendCommand === 'function') {
    const node = candidate as NodeRedisClientLike;
    return (args) => node.sendCommand(args);
  }
  throw new TypeError(
    `${PREFIX}createRedisIdempotencyStore option client must be a connected node-redis client (createClient().connect()) or an ioredis client (new Redis(url)).`,
  );
}
