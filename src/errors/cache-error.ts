import { BaxterError, type BaxterErrorOptions, errorGuard } from './baxter-error.js';

/**
 * The last-known-good secrets cache (the `cache` option of `createBaxterClient`)
 * could not be used or written. It never stops the client: an unusable cache is
 * ignored (the client needs the server then), a failed write leaves the previous
 * file in place. `reason` says which: `expired` (older than `maxAgeSeconds`),
 * `unreadable` (not a cache file, or sealed with another key), `scope` (saved for
 * another project or environment), `write` (the file could not be written or
 * deleted). The message names the path, never a value or key.
 *
 * @example
 * ```ts
 * const client = await createBaxterClient({
 *   refreshInterval: 30,
 *   cache: { path: '/var/cache/app/secrets.bin', onError: (error) => console.warn(error.message) },
 * });
 * ```
 */
export class BaxterCacheError extends BaxterError {
  override name = 'BaxterCacheError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_CACHE_UNUSABLE' as const;
  /** Why the cache was not used. */
  readonly reason: 'expired' | 'unreadable' | 'scope' | 'write';
  /** The cache file. */
  readonly path: string;

  constructor(message: string, init: BaxterErrorOptions & { reason: BaxterCacheError['reason']; path: string }) {
    super(message, init);
    this.reason = init.reason;
    this.path = init.path;
  }
}

/** Whether `value` is a {@link BaxterCacheError}, from any copy of this package. @example `if (isBaxterCacheError(e) && e.reason === 'expired') ...` */
export const isBaxterCacheError = errorGuard<BaxterCacheError>('BaxterCacheError');
