import { BaxterError, errorGuard } from './baxter-error.js';
import type { RequestContext } from './request-context.js';

/**
 * The request never got an HTTP answer: DNS failure, refused or reset
 * connection, TLS failure. The original error is in `cause`.
 *
 * @example
 * ```ts
 * if (isBaxterNetworkError(error)) console.error('Bella Baxter unreachable:', error.message);
 * ```
 */
export class BaxterNetworkError extends BaxterError {
  override name = 'BaxterNetworkError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_NETWORK' as const;
  readonly method: string;
  readonly path: string;

  constructor(init: RequestContext & { cause: unknown }) {
    const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
    super(
      `${init.method} ${init.path} could not reach the Bella Baxter server (${reason}). Check the base URL, network and proxy settings (HTTPS_PROXY, NO_PROXY).`,
      { cause: init.cause },
    );
    this.method = init.method;
    this.path = init.path;
  }
}

/** Whether `value` is a {@link BaxterNetworkError}, from any copy of this package. @example `if (isBaxterNetworkError(e)) ...` */
export const isBaxterNetworkError = errorGuard<BaxterNetworkError>('BaxterNetworkError');
