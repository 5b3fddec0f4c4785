import { BaxterError, errorGuard } from '../../errors/baxter-error.js';
import type { WebhookSignatureFailure } from '../signature.js';

const MESSAGES: Record<WebhookSignatureFailure, string> = {
  missing_header: 'The X-Bella-Signature header is missing.',
  malformed_header: 'The X-Bella-Signature header is malformed (expected t={unix seconds},v1={hex}).',
  timestamp_out_of_tolerance:
    "The X-Bella-Signature timestamp is outside the tolerance: a replayed request, or this machine's clock is wrong.",
  no_matching_signature:
    'No v1 signature matches the signing secret. Check the signing secret, and that the body is the raw request body, unparsed and unmodified.',
};

/**
 * A webhook or rotation-function call failed signature verification. `reason`
 * says why; the message never contains the secret, the header or the body.
 *
 * @example
 * ```ts
 * import { verifyWebhookSignatureOrThrow, isWebhookSignatureError } from '@bella-baxter/sdk/webhooks';
 * try {
 *   await verifyWebhookSignatureOrThrow(secret, request.headers.get('x-bella-signature'), rawBody);
 * } catch (error) {
 *   if (isWebhookSignatureError(error)) console.warn('rejected webhook:', error.reason);
 * }
 * ```
 */
export class WebhookSignatureError extends BaxterError {
  override name = 'WebhookSignatureError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_SIGNATURE_INVALID' as const;
  /** Why the signature was rejected. */
  readonly reason: WebhookSignatureFailure;

  constructor(reason: WebhookSignatureFailure) {
    super(MESSAGES[reason]);
    this.reason = reason;
  }
}

/**
 * Whether `value` is a {@link WebhookSignatureError}, from any copy of this package.
 * @example
 * ```ts
 * const answerFor = (error: unknown): Response => {
 *   if (isWebhookSignatureError(error)) return new Response(null, { status: 401 });
 *   throw error;
 * };
 * ```
 */
export const isWebhookSignatureError = /* @__PURE__ */ errorGuard<WebhookSignatureError>('WebhookSignatureError');
