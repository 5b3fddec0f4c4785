import { BaxterError, errorGuard } from './baxter-error.js';

/**
 * `getOrThrow(key)` found no secret of that name. The message names the key
 * (never a value) and lists how many keys the snapshot does have.
 *
 * @example
 * ```ts
 * try {
 *   client.getOrThrow('DATABASE_URL');
 * } catch (error) {
 *   if (isBaxterMissingSecretError(error)) console.error(`set ${error.key} in Bella Baxter`);
 * }
 * ```
 */
export class BaxterMissingSecretError extends BaxterError {
  override name = 'BaxterMissingSecretError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_SECRET_MISSING' as const;
  readonly key: string;

  constructor(key: string, available: number) {
    super(`Secret "${key}" is not set in this environment (it has ${available} other secrets). Add it in Bella Baxter, or use get() and handle undefined.`);
    this.key = key;
  }
}

/** Whether `value` is a {@link BaxterMissingSecretError}, from any copy of this package. @example `if (isBaxterMissingSecretError(e)) ...` */
export const isBaxterMissingSecretError = errorGuard<BaxterMissingSecretError>('BaxterMissingSecretError');
