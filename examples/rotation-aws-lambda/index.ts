/**
 * A Bella rotation function on AWS Lambda (Function URL or API Gateway HTTP API).
 *
 * Bella POSTs signed `rotate` and `revoke` calls; the SDK verifies the
 * signature, validates the body, answers retries from its idempotency store and
 * turns errors into the right status. You write `rotate` (and `revoke`).
 *
 * Environment: BELLA_SIGNING_SECRET (from the rotation policy), optionally
 * BELLA_FUNCTION_API_KEY when the policy sets an API key.
 */
import { createRotationHandler, RotationError, toLambdaHandler } from '@bella-baxter/sdk/webhooks';
import { keyApi } from './fake-key-api.js';

const signingSecret = process.env.BELLA_SIGNING_SECRET;
if (!signingSecret) throw new Error('Set BELLA_SIGNING_SECRET to the rotation policy signing secret');

const rotation = createRotationHandler({
  signingSecret,
  apiKey: process.env.BELLA_FUNCTION_API_KEY || undefined,
  // Lambda's own timeout should be longer than this, so Bella gets a clean 504 instead of a dropped connection.
  timeoutMs: 20_000,

  async rotate(request, { signal }) {
    const key = await keyApi.createKey(`${request.projectSlug}/${request.environmentSlug}/${request.secretKey}`, signal);
    if (!key.secret) throw new RotationError('The provider returned an empty key', { status: 502 });
    // newHandle names the key just issued, which stays live. Bella passes it back to revoke (as
    // oldHandle) only after a LATER rotation has replaced this key, plus revokePreviousAfterDays.
    return { newValue: key.secret, newHandle: key.id };
  },

  async revoke(request, { signal }) {
    await keyApi.deleteKey(request.oldHandle, signal);
  },

  onError(error, info) {
    // The details stay in your logs; Bella only sees {"error":"Rotation failed"}.
    console.error('rotation failed', info, error);
  },
});

// The in-memory idempotency store lives as long as the warm container; for
// strict once-only rotation across containers see ../rotation-aws-lambda-dynamodb (createDynamoDbIdempotencyStore).
export const handler = toLambdaHandler(rotation);
