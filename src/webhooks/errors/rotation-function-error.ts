import { BaxterError, errorGuard } from '../../errors/baxter-error.js';

/**
 * How a call to a rotation function failed, as {@link RotationFunctionError.kind} says:
 * `http_error`, `invalid_response`, `timeout` or `network`.
 *
 * @example
 * ```ts
 * import { isRotationFunctionError, type RotationFunctionFailure } from '@bella-baxter/sdk/webhooks';
 *
 * const transient: ReadonlySet<RotationFunctionFailure> = new Set(['timeout', 'network']);
 * if (isRotationFunctionError(error) && transient.has(error.kind)) scheduleRetry();
 * ```
 */
export type RotationFunctionFailure =
  /** The function answered a non-2xx status; `status` and `functionError` say more. */
  | 'http_error'
  /** A 2xx answer that is not the contract's JSON. */
  | 'invalid_response'
  /** No answer within `timeoutMs`. */
  | 'timeout'
  /** The endpoint could not be reached (DNS, TLS, connection refused). */
  | 'network';

/**
 * `callRotationFunction` could not get a valid answer from a rotation function.
 * The message names the endpoint without its query string or credentials, the
 * status, and the function's own `error` text; never the signing secret or API key.
 *
 * @example
 * ```ts
 * import { callRotationFunction, isRotationFunctionError } from '@bella-baxter/sdk/webhooks';
 * try {
 *   const request = { action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'dev', requestId: crypto.randomUUID() } as const;
 *   await callRotationFunction({ endpoint, signingSecret, request });
 * } catch (error) {
 *   if (isRotationFunctionError(error)) console.error(error.kind, error.status, error.functionError);
 * }
 * ```
 */
export class RotationFunctionError extends BaxterError {
  override name = 'RotationFunctionError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_ROTATION_FUNCTION_FAILED' as const;
  /** How the call failed. */
  readonly kind: RotationFunctionFailure;
  /** The HTTP status answered, when there was an answer. */
  readonly status: number | undefined;
  /** The function's `{"error": ...}` text, when it sent one (at most 500 characters). */
  readonly functionError: string | undefined;
  /** The endpoint called, without query string or credentials. */
  readonly endpoint: string;

  constructor(init: {
    kind: RotationFunctionFailure;
    endpoint: string;
    status?: number;
    functionError?: string;
    detail?: string;
    cause?: unknown;
  }) {
    const what =
      init.kind === 'http_error'
        ? `answered ${init.status}${init.functionError ? `: ${init.functionError}` : ''}`
        : init.kind === 'timeout'
          ? `did not answer in time${init.detail ? ` (${init.detail})` : ''}`
          : init.kind === 'network'
            ? `could not be reached${init.detail ? ` (${init.detail})` : ''}`
            : `answered ${init.status} with a body that breaks the rotation contract${init.detail ? ` (${init.detail})` : ''}`;
    super(`Rotation function ${init.endpoint} ${what}.`, { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.functionError = init.functionError;
    this.endpoint = init.endpoint;
  }
}

/**
 * Whether `value` is a {@link RotationFunctionError}, from any copy of this package.
 * @example
 * ```ts
 * if (isRotationFunctionError(error) && error.kind === 'timeout') scheduleRetry();
 * ```
 */
export const isRotationFunctionError = /* @__PURE__ */ errorGuard<RotationFunctionError>('RotationFunctionError');
