/**
 * Azure Functions (Node programming model v4) in front of a Fetch handler,
 * typed structurally so `@azure/functions` is not a dependency of this package.
 */

/**
 * The part of an Azure Functions v4 `HttpRequest` the adapter reads. The real
 * `HttpRequest` fits; so does a small object in a test.
 *
 * @example
 * ```ts
 * import type { AzureHttpRequestLike } from '@bella-baxter/sdk/webhooks';
 *
 * const request: AzureHttpRequestLike = {
 *   method: 'POST',
 *   url: 'http://localhost:7071/api/rotate',
 *   headers: new Headers({ 'content-type': 'application/json', 'x-bella-signature': signature }),
 *   arrayBuffer: async () => new TextEncoder().encode(body).buffer,
 * };
 * const response = await azureHandler(request);
 * ```
 */
export interface AzureHttpRequestLike {
  method: string;
  url: string;
  headers: Iterable<[string, string]>;
  /** The raw body bytes. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * An Azure Functions v4 `HttpResponseInit`, with the body as text.
 *
 * @example
 * ```ts
 * import type { AzureHttpResponseInit } from '@bella-baxter/sdk/webhooks';
 *
 * const { status, body }: AzureHttpResponseInit = await azureHandler(request);
 * if (status !== 200) console.error(body); // e.g. {"error":"Invalid signature"}
 * ```
 */
export interface AzureHttpResponseInit {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * An Azure Functions v4 HTTP handler, as {@link toAzureFunctionsHandler} returns it.
 *
 * @example
 * ```ts
 * import { app } from '@azure/functions';
 * import { createRotationHandler, toAzureFunctionsHandler, type AzureFunctionsHandler } from '@bella-baxter/sdk/webhooks';
 *
 * const rotate: AzureFunctionsHandler = toAzureFunctionsHandler(
 *   createRotationHandler({ signingSecret: process.env.BELLA_SIGNING_SECRET!, rotate: async () => ({ newValue: crypto.randomUUID() }) }),
 * );
 * app.http('rotate', { methods: ['POST'], authLevel: 'anonymous', handler: rotate });
 * ```
 */
export type AzureFunctionsHandler = (request: AzureHttpRequestLike, context?: unknown) => Promise<AzureHttpResponseInit>;

/**
 * Serves a Fetch handler (such as `createRotationHandler`'s) from Azure
 * Functions v4: register the result with `app.http(...)`.
 *
 * @example
 * ```ts
 * import { app } from '@azure/functions';
 * import { createRotationHandler, toAzureFunctionsHandler } from '@bella-baxter/sdk/webhooks';
 * const rotation = createRotationHandler({ signingSecret: process.env.BELLA_SIGNING_SECRET!, rotate: async () => ({ newValue: 'new' }) });
 * app.http('rotate', { methods: ['POST'], authLevel: 'anonymous', handler: toAzureFunctionsHandler(rotation) });
 * ```
 */
export function toAzureFunctionsHandler(handler: (request: Request) => Promise<Response>): AzureFunctionsHandler {
  return async function azureHandler(request) {
    const method = request.method.toUpperCase();
    const headers = new Headers();
    for (const [name, value] of request.headers) headers.set(name, value);
    const body = method === 'GET' || method === 'HEAD' ? null : await request.arrayBuffer();
    const response = await handler(new Request(request.url, { method, headers, body }));
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    return { status: response.status, headers: out, body: await response.text() };
  };
}
