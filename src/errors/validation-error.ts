import { BaxterError, errorGuard } from './baxter-error.js';

/**
 * A snapshot of secrets failed the client's `schema`, or an argument failed
 * validation before any request was sent. Names the keys/fields that failed,
 * never their values.
 *
 * @example
 * ```ts
 * client.on('error', ({ error }) => {
 *   if (isBaxterValidationError(error)) console.error('bad keys:', error.keys);
 * });
 * ```
 */
export class BaxterValidationError extends BaxterError {
  override name = 'BaxterValidationError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_VALIDATION_FAILED' as const;
  /** The keys (or argument fields) that failed. */
  readonly keys: readonly string[];

  constructor(message: string, keys: readonly string[]) {
    super(message);
    this.keys = keys;
  }
}

/** Whether `value` is a {@link BaxterValidationError}, from any copy of this package. @example `if (isBaxterValidationError(e)) ...` */
export const isBaxterValidationError = errorGuard<BaxterValidationError>('BaxterValidationError');
