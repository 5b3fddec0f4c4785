import { BaxterError, errorGuard } from './baxter-error.js';
import type { RequestContext } from './request-context.js';

/**
 * The server does not offer this operation (it answered 404 or 405 where the
 * endpoint itself is missing). Upgrade the server, or avoid the call.
 *
 * @example
 * ```ts
 * if (isBaxterUnsupportedError(error)) console.warn(error.message);
 * ```
 */
export class BaxterUnsupportedError extends BaxterError {
  override name = 'BaxterUnsupportedError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_UNSUPPORTED' as const;
  readonly method: string;
  readonly path: string;
  readonly status: number;

  constructor(init: RequestContext & { status: number; feature: string; cause?: unknown }) {
    super(
      `${init.feature} is not supported by this Bella Baxter server (${init.method} ${init.path} answered ${init.status}). Upgrade the server, or do without this call.`,
      { cause: init.cause },
    );
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
  }
}

/** Whether `value` is a {@link BaxterUnsupportedError}, from any copy of this package. @example `if (isBaxterUnsupportedError(e)) ...` */
export const isBaxterUnsupportedError = errorGuard<BaxterUnsupportedError>('BaxterUnsupportedError');
