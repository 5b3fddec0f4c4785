/**
 * AWS Lambda in front of a Fetch handler, typed structurally so neither
 * `@types/aws-lambda` nor any Node built-in is needed.
 */

/**
 * An API Gateway HTTP API (payload v2.0) or Lambda Function URL event; REST API
 * (v1) events work too. Base64 bodies (`isBase64Encoded`) are decoded to the
 * exact bytes sent.
 *
 * @example
 * ```ts
 * import { signWebhookPayload, type LambdaHttpEvent } from '@bella-baxter/sdk/webhooks';
 *
 * // Invoking the deployed handler locally, in a test.
 * const body = JSON.stringify({ action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'dev', requestId: 'r-1' });
 * const event: LambdaHttpEvent = {
 *   rawPath: '/rotate',
 *   requestContext: { http: { method: 'POST' } },
 *   headers: { 'content-type': 'application/json', 'x-bella-signature': await signWebhookPayload('whsec-test', body) },
 *   body,
 * };
 * const result = await handler(event);
 * ```
 */
export interface LambdaHttpEvent {
  rawPath?: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
  /** REST API (payload v1) */
  httpMethod?: string;
  /** REST API (payload v1) */
  path?: string;
}

/**
 * What the Lambda handler returns (API Gateway and Function URL both accept it).
 * The body is always text (`isBase64Encoded: false`).
 *
 * @example
 * ```ts
 * import type { LambdaHttpResult } from '@bella-baxter/sdk/webhooks';
 *
 * const result: LambdaHttpResult = await handler(event);
 * if (result.statusCode !== 200) console.error((JSON.parse(result.body) as { error: string }).error);
 * ```
 */
export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/**
 * A Lambda handler: `(event) => Promise<result>`, as {@link toLambdaHandler} returns it.
 *
 * @example
 * ```ts
 * import { createRotationHandler, toLambdaHandler, type LambdaHandler } from '@bella-baxter/sdk/webhooks';
 *
 * export const handler: LambdaHandler = toLambdaHandler(
 *   createRotationHandler({ signingSecret: process.env.BELLA_SIGNING_SECRET!, rotate: async () => ({ newValue: crypto.randomUUID() }) }),
 * );
 * ```
 */
export type LambdaHandler = (event: LambdaHttpEvent, context?: unknown) => Promise<LambdaHttpResult>;

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/**
 * Serves a Fetch handler (such as `createRotationHandler`'s) from AWS Lambda
 * behind an API Gateway HTTP API or a Lambda Function URL. Base64 bodies are
 * decoded to the exact bytes sent, so signatures verify on binary payloads too.
 *
 * @example
 * ```ts
 * import { createRotationHandler, toLambdaHandler } from '@bella-baxter/sdk/webhooks';
 * export const handler = toLambdaHandler(
 *   createRotationHandler({ signingSecret: process.env.BELLA_SIGNING_SECRET!, rotate: async () => ({ newValue: 'new' }) }),
 * );
 * ```
 */
export function toLambdaHandler(handler: (request: Request) => Promise<Response>): LambdaHandler {
  return async function lambdaHandler(event) {
    const method = (event.requestContext?.http?.method ?? event.httpMethod ?? 'GET').toUpperCase();
    // Fetch cannot even build a Request with these methods; answer as the handler would for any non-POST.
    if (method === 'CONNECT' || method === 'TRACE' || method === 'TRACK') {
      return { statusCode: 405, headers: { 'content-type': 'application/json' }, body: '{"error":"Method not allowed"}', isBase64Encoded: false };
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(event.headers ?? {})) {
      try {
        if (value !== undefined) headers.set(name, value);
      } catch {
        // A name or value Fetch cannot carry (e.g. a character over U+00FF) is dropped, so a forged header answers 401, not a crash.
      }
    }
    let body: string | Uint8Array<ArrayBuffer> | null = null;
    if (method !== 'GET' && method !== 'HEAD' && event.body != null) {
      body = event.isBase64Encoded ? (fromBase64(event.body) ?? null) : event.body;
      if (body === null) return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{"error":"Invalid base64 body"}', isBase64Encoded: false };
    }
    const path = event.rawPath ?? event.path ?? '/';
    const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
    let url: URL;
    try {
      url = new URL(`${path}${query}`, 'http://lambda.local');
    } catch {
      url = new URL('http://lambda.local/');
    }
    const response = await handler(new Request(url, { method, headers, body }));
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    return { statusCode: response.status, headers: out, body: await response.text(), isBase64Encoded: false };
  };
}
