import { BaxterError, errorGuard } from './baxter-error.js';
import type { RequestContext } from './request-context.js';

/**
 * A request attempt took longer than `timeoutMs`. Raise `timeoutMs`, or check
 * the server's health.
 *
 * @example
 * ```ts
 * if (isBaxterTimeoutError(error)) console.error(`gave up after ${error.timeoutMs} ms`);
 * ```
 */
export class BaxterTimeoutError extends BaxterError {
  override name = 'BaxterTimeoutError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_TIMEOUT' as const;
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(init: RequestContext & { timeoutMs: number; cause?: unknown }) {
    super(
      `${init.method} ${init.path} timed out after ${init.timeoutMs} ms. Raise the timeoutMs option or check the server's health.`,
      { cause: init.cause },
    );
    this.method = init.method;
    this.path = init.path;
    this.timeoutMs = init.timeoutMs;
  }
}

/** Whether `value` is a {@link BaxterTimeoutError}, from any copy of this package. @example `if (isBaxterTimeoutError(e)) ...` */
export const isBaxterTimeoutError = errorGuard<BaxterTimeoutError>('BaxterTimeoutError');
