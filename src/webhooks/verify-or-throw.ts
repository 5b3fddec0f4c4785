import { WebhookSignatureError } from './errors/webhook-signature-error.js';
import {
  checkWebhookSignature,
  type RawBody,
  type VerifyWebhookSignatureOptions,
  type WebhookSecret,
} from './signature.js';

/**
 * Like `verifyWebhookSignature`, for callers who want the reason: resolves when
 * the signature is valid, rejects with a {@link WebhookSignatureError} whose
 * `reason` is `missing_header`, `malformed_header`, `timestamp_out_of_tolerance`
 * or `no_matching_signature` otherwise.
 *
 * @throws TypeError on misuse: an empty secret, or a body that is not raw.
 * @example
 * ```ts
 * import { verifyWebhookSignatureOrThrow, isWebhookSignatureError } from '@bella-baxter/sdk/webhooks';
 * try {
 *   await verifyWebhookSignatureOrThrow(secret, req.headers['x-bella-signature'] as string, req.body);
 * } catch (error) {
 *   if (isWebhookSignatureError(error)) return res.status(401).json({ error: 'Invalid signature' });
 *   throw error;
 * }
 * ```
 */
export async function verifyWebhookSignatureOrThrow(
  secret: WebhookSecret,
  signatureHeader: string | null | undefined,
  rawBody: RawBody,
  options?: VerifyWebhookSignatureOptions,
): Promise<void> {
  const failure = await checkWebhookSignature(secret, signatureHeader, rawBody, options, 'verifyWebhookSignatureOrThrow');
  if (failure) throw new WebhookSignatureError(failure);
}
