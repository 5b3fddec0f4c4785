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
 * import express from 'express';
 * import { verifyWebhookSignatureOrThrow, isWebhookSignatureError } from '@bella-baxter/sdk/webhooks';
 *
 * app.post('/bella/webhook', express.raw({ type: 'application/json' }), async (req, res) => {
 *   try {
 *     await verifyWebhookSignatureOrThrow(secret, req.header('x-bella-signature'), req.body);
 *   } catch (error) {
 *     if (isWebhookSignatureError(error)) {
 *       res.status(401).json({ error: 'Invalid signature' });
 *       return;
 *     }
 *     throw error;
 *   }
 *   res.sendStatus(200);
 * });
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
