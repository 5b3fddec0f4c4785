/**
 * `@bella-baxter/sdk/webhooks`: verify Bella's signed calls and write rotation
 * functions. Web-standard APIs only (no Node built-in import, no undici), so
 * it runs on Node, Bun, Deno, Cloudflare Workers and edge runtimes. Every
 * export below carries its own TSDoc and example.
 *
 * @packageDocumentation
 */

// Signatures
export { SIGNATURE_HEADER, signWebhookPayload, verifyWebhookSignature } from './webhooks/signature.js';
export type {
  RawBody,
  SignWebhookPayloadOptions,
  VerifyWebhookSignatureOptions,
  WebhookSecret,
  WebhookSignatureFailure,
} from './webhooks/signature.js';
export { verifyWebhookSignatureOrThrow } from './webhooks/verify-or-throw.js';

// Errors
export { WebhookSignatureError, isWebhookSignatureError } from './webhooks/errors/webhook-signature-error.js';
export { RotationError, isRotationError } from './webhooks/errors/rotation-error.js';
export type { RotationErrorOptions } from './webhooks/errors/rotation-error.js';
export { RotationFunctionError, isRotationFunctionError } from './webhooks/errors/rotation-function-error.js';
export type { RotationFunctionFailure } from './webhooks/errors/rotation-function-error.js';

// Contracts (each name is both a zod schema and its inferred type)
export {
  BellaProviderGetResponse,
  BellaProviderListResponse,
  BellaProviderRequest,
  BellaProviderWriteResponse,
  BellaRevokeRequest,
  BellaRevokeResponse,
  BellaRotateRequest,
  BellaRotateResponse,
  BellaRotationErrorResponse,
  BellaRotationRequest,
} from './webhooks/contracts.js';
export { parseRotationRequest } from './webhooks/parse-rotation-request.js';

// Rotation functions
export { createRotationHandler } from './webhooks/rotation-handler.js';
export type {
  RotateResult,
  RotationContext,
  RotationErrorInfo,
  RotationHandler,
  RotationHandlerOptions,
} from './webhooks/rotation-handler.js';
export { createMemoryIdempotencyStore } from './webhooks/idempotency.js';
export type {
  ClaimOutcome,
  CompletedRecord,
  IdempotencyClaim,
  IdempotencyStore,
  IdempotentResult,
  MemoryIdempotencyStoreOptions,
} from './webhooks/idempotency.js';

// Adapters
export { toNodeHandler } from './webhooks/adapters/node-http.js';
export type { NodeHandler, NodeRequestLike, NodeResponseLike } from './webhooks/adapters/node-http.js';
export { toLambdaHandler } from './webhooks/adapters/aws-lambda.js';
export type { LambdaHandler, LambdaHttpEvent, LambdaHttpResult } from './webhooks/adapters/aws-lambda.js';
export { toAzureFunctionsHandler } from './webhooks/adapters/azure-functions.js';
export type {
  AzureFunctionsHandler,
  AzureHttpRequestLike,
  AzureHttpResponseInit,
} from './webhooks/adapters/azure-functions.js';

// The caller's side (Bella, the emulator)
export { callRotationFunction } from './webhooks/call-rotation-function.js';
export type { CallRotationFunctionOptions } from './webhooks/call-rotation-function.js';
