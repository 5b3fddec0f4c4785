import { BaxterError, errorGuard } from './baxter-error.js';
import type { RequestContext } from './request-context.js';

/**
 * A secrets read sent with end-to-end encryption on (`X-E2E-Public-Key`) got a
 * plain, unencrypted 2xx answer, and the SDK refused it: a proxy or a
 * misconfigured server stripped the encryption. Nothing from that answer was
 * used. Look at what sits between this process and Bella Baxter (a proxy that
 * drops the `X-E2E-Public-Key` header, or answers itself), or at the server.
 *
 * @example
 * ```ts
 * try {
 *   await client.refresh();
 * } catch (error) {
 *   if (isBaxterE2eeDowngradeError(error)) alertSecurityTeam(`${error.method} ${error.path}: ${error.message}`);
 * }
 * ```
 */
export class BaxterE2eeDowngradeError extends BaxterError {
  override name = 'BaxterE2eeDowngradeError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_E2EE_DOWNGRADE' as const;
  readonly method: string;
  readonly path: string;
  /** The 2xx status of the refused answer. */
  readonly status: number;

  constructor(init: RequestContext & { status: number }) {
    super(
      `${init.method} ${init.path} answered ${init.status} with a plain (unencrypted) body although the request asked for end-to-end encryption (X-E2E-Public-Key). ` +
        'A proxy or a misconfigured server stripped the encryption, so the answer was refused and nothing in it was used. ' +
        'Check any proxy between this process and Bella Baxter (it must pass X-E2E-Public-Key through and not answer itself), and the server.',
    );
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
  }
}

/** Whether `value` is a {@link BaxterE2eeDowngradeError}, from any copy of this package. @example `if (isBaxterE2eeDowngradeError(e)) ...` */
export const isBaxterE2eeDowngradeError = errorGuard<BaxterE2eeDowngradeError>('BaxterE2eeDowngradeError');
