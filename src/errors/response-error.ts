import { BaxterError, errorGuard } from './baxter-error.js';
import type { RequestContext } from './request-context.js';

/**
 * One field that did not match the expected response shape, as listed in
 * {@link BaxterResponseError.issues}. Carries no value.
 *
 * @example
 * ```ts
 * if (isBaxterResponseError(error)) {
 *   for (const { path, problem } of error.issues) console.error(`${path || '(body)'}: ${problem}`);
 * }
 * ```
 */
export interface ResponseIssue {
  /** Dotted path to the field, e.g. `secrets.DB_URL` or `version`. */
  path: string;
  /** What was wrong, e.g. `expected string`. */
  problem: string;
}

/**
 * The server answered 2xx, but the body is not what the contract says (not
 * JSON, a missing field, a wrong type, an undecryptable E2EE payload). The
 * message names the fields, never their values. Usually a server/SDK version
 * mismatch or a proxy rewriting responses.
 *
 * @example
 * ```ts
 * if (isBaxterResponseError(error)) console.error(error.issues.map((i) => i.path));
 * ```
 */
export class BaxterResponseError extends BaxterError {
  override name = 'BaxterResponseError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_RESPONSE_INVALID' as const;
  readonly method: string;
  readonly path: string;
  readonly issues: readonly ResponseIssue[];

  constructor(init: RequestContext & { issues: readonly ResponseIssue[]; reason?: string; cause?: unknown }) {
    const fields = init.issues.map((i) => `${i.path || '(body)'}: ${i.problem}`).join('; ');
    super(
      `${init.method} ${init.path} returned an unexpected response${init.reason ? ` (${init.reason})` : ''}${fields ? `: ${fields}` : ''}. Check that the SDK version matches the server, and that no proxy rewrites responses.`,
      { cause: init.cause },
    );
    this.method = init.method;
    this.path = init.path;
    this.issues = init.issues;
  }
}

/** Whether `value` is a {@link BaxterResponseError}, from any copy of this package. @example `if (isBaxterResponseError(e)) ...` */
export const isBaxterResponseError = errorGuard<BaxterResponseError>('BaxterResponseError');
