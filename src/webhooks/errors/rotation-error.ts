import { BaxterError, type BaxterErrorOptions, errorGuard } from '../../errors/baxter-error.js';

/**
 * Options of {@link RotationError}: the status to answer, and the cause (kept
 * for `onError`, never sent to Bella).
 *
 * @example
 * ```ts
 * throw new RotationError('The provider refused to create a key; retry later', { status: 502, cause: error });
 * ```
 */
export interface RotationErrorOptions extends BaxterErrorOptions {
  /**
   * The HTTP status the rotation handler answers with (400-599).
   * @default 500
   */
  status?: number | undefined;
}

/**
 * Throw it from `rotate` or `revoke` to answer Bella with a chosen status and
 * message, e.g. 503 when the provider is rate limiting. Bella shows the message
 * as the rotation's last error and retries with backoff; the old value keeps
 * working. The message is sent as-is, so put no secret in it. Any other
 * exception answers 500 `{"error":"Rotation failed"}` instead.
 *
 * The handler and `parseRotationRequest` also throw it with status 400 for a
 * body that does not match the rotation contract.
 *
 * @example
 * ```ts
 * import { createRotationHandler, RotationError } from '@bella-baxter/sdk/webhooks';
 * const handler = createRotationHandler({
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   async rotate() {
 *     const res = await fetch('https://api.example.com/keys', { method: 'POST' });
 *     if (res.status === 429) throw new RotationError('Provider is rate limiting; retry later', { status: 503 });
 *     const { key } = (await res.json()) as { key: string };
 *     return { newValue: key };
 *   },
 * });
 * ```
 */
export class RotationError extends BaxterError {
  override name = 'RotationError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_ROTATION_ERROR' as const;
  /** The HTTP status answered for this error. */
  readonly status: number;

  constructor(message: string, options?: RotationErrorOptions) {
    super(message, options);
    const status = options?.status ?? 500;
    this.status = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
  }
}

/**
 * Whether `value` is a {@link RotationError}, from any copy of this package.
 * @example
 * ```ts
 * if (isRotationError(error)) console.error(error.status, error.message);
 * ```
 */
export const isRotationError = /* @__PURE__ */ errorGuard<RotationError>('RotationError');
