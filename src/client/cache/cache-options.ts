import type { BaxterCacheError } from '../../errors/cache-error.js';
import { BaxterConfigError } from '../../errors/config-error.js';
import type { Auth } from '../options.js';
import { resolveCacheKeyMaterial } from './cache-key.js';
import { LastGoodCache } from './last-good-cache.js';

/**
 * The `cache` option of `createBaxterClient`: keep an encrypted last-known-good
 * copy of the secrets in a file, and START from it when the server cannot be
 * reached (the client is then `stale` until its first successful check), so a
 * service restarted during an API outage still comes up.
 *
 * Each successful fetch is sealed with AES-256-GCM under a key derived (HKDF-SHA256)
 * from the API key's signing secret, or from `key` / `BELLA_BAXTER_CACHE_KEY`
 * (required with an access token); written atomically, mode 0600. A 401 or 403
 * deletes the file: a revoked key must not keep serving.
 *
 * @example
 * ```ts
 * const client = await createBaxterClient({
 *   refreshInterval: 30,
 *   cache: { path: '/var/cache/checkout/secrets.bin', maxAgeSeconds: 24 * 3600 },
 * });
 * if (client.status.state === 'stale') console.warn(`serving cached secrets from ${client.snapshot.fetchedAt.toISOString()}`);
 * ```
 */
export interface SecretsCacheOptions {
  /** The cache file. Its folder is created 0700 when missing. */
  path: string;
  /**
   * A cache older than this (seconds since the server last confirmed it) is not used at start.
   * @default undefined (no limit)
   */
  maxAgeSeconds?: number;
  /**
   * Key material (at least 16 characters) instead of the API key's secret; required with an access token.
   * @default process.env.BELLA_BAXTER_CACHE_KEY, else derived from the API key
   */
  key?: string;
  /**
   * Told when the cache is not usable (expired, another key or scope) or cannot be written.
   * @default a process warning (`process.emitWarning`)
   */
  onError?: (error: BaxterCacheError) => void;
}

function warn(error: BaxterCacheError): void {
  process.emitWarning(error.message, { type: 'BaxterCacheWarning', code: error.code });
}

/** Validates the option and builds the cache, or undefined without the option. @internal */
export function createLastGoodCache(
  options: SecretsCacheOptions | undefined,
  auth: Auth,
  env: Record<string, string | undefined>,
): LastGoodCache | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new BaxterConfigError('Option cache must be an object such as { path: "/var/cache/app/secrets.bin" }.', { option: 'cache' });
  }
  if (options.key !== undefined && typeof options.key !== 'string') {
    throw new BaxterConfigError('Option cache.key must be a string (at least 16 characters).', { option: 'cache.key' });
  }
  if (typeof options.path !== 'string' || options.path.trim() === '') {
    throw new BaxterConfigError('Option cache.path must be the path of the cache file.', { option: 'cache.path' });
  }
  const { maxAgeSeconds } = options;
  if (maxAgeSeconds !== undefined && (!Number.isFinite(maxAgeSeconds) || maxAgeSeconds <= 0)) {
    throw new BaxterConfigError('Option cache.maxAgeSeconds must be a positive number of seconds.', { option: 'cache.maxAgeSeconds' });
  }
  return new LastGoodCache({
    path: options.path,
    material: resolveCacheKeyMaterial(options.key, auth, env),
    maxAgeMs: maxAgeSeconds === undefined ? undefined : maxAgeSeconds * 1000,
    onError: options.onError ?? warn,
  });
}
