import { BaxterError, errorGuard } from './baxter-error.js';
import type { RequestContext } from './request-context.js';

/**
 * An answer was larger than the client's `maxResponseBytes` option: the client
 * stopped reading it there and dropped the connection, so a misbehaving server
 * or proxy cannot exhaust the process's memory. Not retried. Raise
 * `maxResponseBytes` if the environment really holds that much.
 *
 * @example
 * ```ts
 * import { isBaxterResponseTooLargeError } from '@bella-baxter/sdk';
 *
 * client.on('error', ({ error }) => {
 *   if (isBaxterResponseTooLargeError(error)) console.error(`answer over ${error.limitBytes} bytes from ${error.path}`);
 * });
 * ```
 */
export class BaxterResponseTooLargeError extends BaxterError {
  override name = 'BaxterResponseTooLargeError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_RESPONSE_TOO_LARGE' as const;
  readonly method: string;
  readonly path: string;
  /** The cap that was passed (`maxResponseBytes`). */
  readonly limitBytes: number;

  constructor(init: RequestContext & { limitBytes: number }) {
    super(
      `${init.method} ${init.path} answered more than ${init.limitBytes} bytes; the client stopped reading there. Check for a misbehaving proxy, or raise the maxResponseBytes option.`,
    );
    this.method = init.method;
    this.path = init.path;
    this.limitBytes = init.limitBytes;
  }
}

/** Whether `value` is a {@link BaxterResponseTooLargeError}, from any copy of this package. @example `if (isBaxterResponseTooLargeError(e)) ...` */
export const isBaxterResponseTooLargeError = errorGuard<BaxterResponseTooLargeError>('BaxterResponseTooLargeError');
