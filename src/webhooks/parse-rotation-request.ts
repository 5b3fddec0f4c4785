import { BellaRotationRequest, describeIssues } from './contracts.js';
import { RotationError } from './errors/rotation-error.js';
import type { RawBody, VerifyWebhookSignatureOptions, WebhookSecret } from './signature.js';
import { rawBodyOf } from './signature.js';
import { verifyWebhookSignatureOrThrow } from './verify-or-throw.js';

const decoder = /* @__PURE__ */ new TextDecoder();

/**
 * Turns an authenticated body into a validated request, or a 400 {@link RotationError}.
 * @internal
 */
export function decodeRotationRequest(body: string | Uint8Array): BellaRotationRequest {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : decoder.decode(body));
  } catch (cause) {
    throw new RotationError('Invalid JSON body', { status: 400, cause });
  }
  const result = BellaRotationRequest.safeParse(json);
  if (!result.success) throw new RotationError(`Invalid rotation request: ${describeIssues(result.error)}`, { status: 400 });
  return result.data;
}

/**
 * Verifies, parses and validates a rotation-function call in one step, for
 * when you write the HTTP plumbing yourself instead of `createRotationHandler`.
 *
 * @throws WebhookSignatureError when the signature is missing, malformed, stale or wrong (answer 401).
 * @throws RotationError with status 400 when the body is not JSON or breaks the contract.
 * @throws TypeError on misuse: an empty secret, or a body that is not raw.
 * @example
 * ```ts
 * import { parseRotationRequest, isWebhookSignatureError, isRotationError } from '@bella-baxter/sdk/webhooks';
 * export async function POST(request: Request): Promise<Response> {
 *   const rawBody = await request.text();
 *   try {
 *     const req = await parseRotationRequest(rawBody, request.headers.get('x-bella-signature'), process.env.BELLA_SIGNING_SECRET!);
 *     if (req.action === 'rotate') return Response.json({ newValue: await createKey() });
 *     await deleteKey(req.oldHandle);
 *     return Response.json({ success: true });
 *   } catch (error) {
 *     if (isWebhookSignatureError(error)) return Response.json({ error: 'Invalid signature' }, { status: 401 });
 *     if (isRotationError(error)) return Response.json({ error: error.message }, { status: error.status });
 *     throw error;
 *   }
 * }
 * ```
 */
export async function parseRotationRequest(
  rawBody: RawBody,
  signatureHeader: string | null | undefined,
  secret: WebhookSecret,
  options?: VerifyWebhookSignatureOptions,
): Promise<BellaRotationRequest> {
  await verifyWebhookSignatureOrThrow(secret, signatureHeader, rawBody, options);
  return decodeRotationRequest(rawBodyOf(rawBody, 'parseRotationRequest'));
}
