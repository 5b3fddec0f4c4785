import { BaxterError, errorGuard } from './baxter-error.js';

/**
 * The client was closed: by `close()` while this call was in flight, or before
 * it was made. After `close()` every call that would reach the server, and
 * `on()`, fails at once with this error; create a new client instead. Reads
 * (`get`, `getAll`, `config`, ...) keep serving the last snapshot.
 *
 * @example
 * ```ts
 * import { isBaxterClosedError } from '@bella-baxter/sdk';
 *
 * await client.close();
 * await client.refresh().catch((error) => {
 *   if (isBaxterClosedError(error)) console.log('already shut down');
 * });
 * ```
 */
export class BaxterClosedError extends BaxterError {
  override name = 'BaxterClosedError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_CLIENT_CLOSED' as const;

  /** `what` names the call, e.g. `refresh()`; `inFlight` says close() cut it short. */
  constructor(what = 'This call', options: { inFlight?: boolean } = {}) {
    super(
      options.inFlight
        ? `${what} was cut short: the client was closed while it was in flight.`
        : `${what} was made after close(): the client is closed. Create a new client with createBaxterClient().`,
    );
  }
}

/** Whether `value` is a {@link BaxterClosedError}, from any copy of this package. @example `if (isBaxterClosedError(e)) ...` */
export const isBaxterClosedError = errorGuard<BaxterClosedError>('BaxterClosedError');
