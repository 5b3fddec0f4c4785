import { BaxterError, errorGuard } from './baxter-error.js';

/**
 * `waitForRotation` gave up: no rotation was seen to finish (or fail) after the
 * request before `timeoutMs` ran out. The rotation itself may go on on the
 * server; wait again, or look at the policy later.
 *
 * @example
 * ```ts
 * try {
 *   await client.rotation.waitForRotation({ provider: 'vault', key: 'STRIPE_KEY', timeoutMs: 30_000 });
 * } catch (error) {
 *   if (isBaxterRotationTimeoutError(error)) console.warn(`${error.key} still ${error.lastStatus}`);
 * }
 * ```
 */
export class BaxterRotationTimeoutError extends BaxterError {
  override name = 'BaxterRotationTimeoutError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_ROTATION_TIMEOUT' as const;
  readonly provider: string;
  readonly key: string;
  readonly timeoutMs: number;
  /** The last status read (`Rotating`, say), or undefined when no read completed. */
  readonly lastStatus: string | undefined;

  constructor(init: { provider: string; key: string; timeoutMs: number; lastStatus: string | undefined; cause?: unknown }) {
    super(
      `The rotation of ${init.key} (provider ${init.provider}) was not seen to finish within ${init.timeoutMs} ms (last status: ${init.lastStatus ?? 'unknown, no read completed'}). It may go on on the server: wait again with a longer timeoutMs, or read the policy later.`,
      { cause: init.cause },
    );
    this.provider = init.provider;
    this.key = init.key;
    this.timeoutMs = init.timeoutMs;
    this.lastStatus = init.lastStatus;
  }
}

/** Whether `value` is a {@link BaxterRotationTimeoutError}, from any copy of this package. @example `if (isBaxterRotationTimeoutError(e)) ...` */
export const isBaxterRotationTimeoutError = errorGuard<BaxterRotationTimeoutError>('BaxterRotationTimeoutError');
