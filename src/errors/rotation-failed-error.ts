import { BaxterError, errorGuard } from './baxter-error.js';

/**
 * `waitForRotation` saw the rotation fail: the policy reached `Error` after the
 * rotation was requested. `lastError` is the server's account of it, when the
 * server gives one. The old value keeps working and the server retries with
 * backoff; fix the cause (often the rotation function) and rotate again.
 *
 * @example
 * ```ts
 * try {
 *   await client.rotation.waitForRotation({ provider: 'vault', key: 'STRIPE_KEY', timeoutMs: 60_000 });
 * } catch (error) {
 *   if (isBaxterRotationFailedError(error)) console.error(`${error.key}: ${error.lastError ?? 'no reason given'}`);
 * }
 * ```
 */
export class BaxterRotationFailedError extends BaxterError {
  override name = 'BaxterRotationFailedError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_ROTATION_FAILED' as const;
  readonly provider: string;
  readonly key: string;
  /** What the server said about the failure (its `lastError`), when it said. */
  readonly lastError: string | undefined;

  constructor(init: { provider: string; key: string; lastError?: string | null | undefined }) {
    const lastError = init.lastError ? init.lastError.slice(0, 500) : undefined;
    super(
      `The rotation of ${init.key} (provider ${init.provider}) failed on the server${lastError ? `: ${lastError}` : ' (it gave no reason)'}. ` +
        'The old value keeps working and the server retries with backoff; fix the cause (often the rotation function) and rotate again.',
    );
    this.provider = init.provider;
    this.key = init.key;
    this.lastError = lastError;
  }
}

/** Whether `value` is a {@link BaxterRotationFailedError}, from any copy of this package. @example `if (isBaxterRotationFailedError(e)) ...` */
export const isBaxterRotationFailedError = errorGuard<BaxterRotationFailedError>('BaxterRotationFailedError');
