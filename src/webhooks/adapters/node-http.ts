/**
 * node:http and Express in front of a Fetch handler. Typed structurally, with
 * no import from Node or Express, so this file stays inside the Web-standard
 * leaf and bundles for any platform.
 */

/**
 * The part of `http.IncomingMessage` (or an Express `Request`) the adapter
 * reads. Node's own request fits as it is.
 *
 * @example
 * ```ts
 * import type { IncomingMessage } from 'node:http';
 * import type { NodeRequestLike } from '@bella-baxter/sdk/webhooks';
 *
 * const asRequest = (req: IncomingMessage): NodeRequestLike => req;
 * ```
 */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Set by body parsers: a `Buffer` after `express.raw()`, a string after `express.text()`. */
  body?: unknown;
  readableEnded?: boolean;
  /** Subscribes to the body's chunks. */
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  /** Subscribes to the end of the body. */
  on(event: 'end', listener: () => void): unknown;
  /** Subscribes to a stream error. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Unsubscribes a `data` listener. */
  removeListener(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  /** Pauses the body stream (back-pressure). */
  pause(): unknown;
  /** Resumes the body stream. */
  resume(): unknown;
}

/**
 * The part of `http.ServerResponse` (or an Express `Response`) the adapter
 * writes. Node's own response fits as it is.
 *
 * @example
 * ```ts
 * import type { ServerResponse } from 'node:http';
 * import type { NodeResponseLike } from '@bella-baxter/sdk/webhooks';
 *
 * const asResponse = (res: ServerResponse): NodeResponseLike => res;
 * ```
 */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean;
  /** Sets a response header. */
  setHeader(name: string, value: string | string[]): unknown;
  /** Sends the body and ends the response. */
  end(body?: Uint8Array | string): unknown;
}

/**
 * A `node:http` request listener that is also Express middleware: errors go to
 * `next` when there is one.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createRotationHandler, toNodeHandler, type NodeHandler } from '@bella-baxter/sdk/webhooks';
 *
 * const rotation: NodeHandler = toNodeHandler(
 *   createRotationHandler({ signingSecret: process.env.BELLA_SIGNING_SECRET!, rotate: async () => ({ newValue: crypto.randomUUID() }) }),
 * );
 * const app = express();
 * app.post('/rotate', rotation); // mounted before any express.json(), which would consume the raw body
 * ```
 */
export type NodeHandler = (req: NodeRequestLike, res: NodeResponseLike, next?: (error?: unknown) => void) => Promise<void>;

const encoder = /* @__PURE__ */ new TextEncoder();

/** Streams the request without buffering it all, so the handler's size cap stops reading early. */
function streamOf(req: NodeRequestLike): ReadableStream<Uint8Array> {
  let onData: (chunk: Uint8Array | string) => void;
  // Set on cancel: 'end' and 'error' may still fire, and a cancelled stream must not be touched.
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onData = (chunk) => {
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      };
      req.on('data', onData);
      req.on('end', () => cancelled || controller.close());
      req.on('error', (error) => cancelled || controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      // Drain the rest unread so the socket can still carry the 413 answer.
      req.removeListener('data', onData);
      req.resume();
    },
  });
}

function rawBodyFrom(req: NodeRequestLike): BodyInit | null | Error {
  const body = req.body;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body as Uint8Array<ArrayBuffer>;
  if (!req.readableEnded) return streamOf(req);
  if (body === undefined) return null;
  return new TypeError(
    '@bella-baxter/sdk: toNodeHandler needs the raw request body, but a body parser already consumed it into an object. ' +
      "Mount express.raw({ type: '*/*' }) on this route (or no body parser at all), before any express.json().",
  );
}

/**
 * Serves a Fetch handler (such as `createRotationHandler`'s) from `node:http`,
 * Express, Cloud Run or any Node server. It reads the raw body itself, and also
 * works after `express.raw()` or `express.text()`; after `express.json()` the
 * exact bytes are gone, so it passes a `TypeError` explaining the fix to `next`
 * (or answers 500 without Express).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createRotationHandler, toNodeHandler } from '@bella-baxter/sdk/webhooks';
 * const handler = createRotationHandler({ signingSecret: process.env.BELLA_SIGNING_SECRET!, rotate: async () => ({ newValue: 'new' }) });
 * createServer(toNodeHandler(handler)).listen(Number(process.env.PORT ?? 8080));
 * // Express: app.post('/rotate', toNodeHandler(handler));
 * ```
 */
export function toNodeHandler(handler: (request: Request) => Promise<Response>): NodeHandler {
  return async function nodeHandler(req, res, next) {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      // Fetch cannot even build a Request with these methods; answer as the handler would for any non-POST.
      if (method === 'CONNECT' || method === 'TRACE' || method === 'TRACK') {
        res.statusCode = 405;
        res.setHeader('content-type', 'application/json');
        res.end('{"error":"Method not allowed"}');
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        // HTTP/2 pseudo-headers (`:path`) are not valid Fetch header names.
        if (value === undefined || name.startsWith(':')) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const body = method === 'GET' || method === 'HEAD' ? null : rawBodyFrom(req);
      if (body instanceof Error) throw body;
      const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
      if (body instanceof ReadableStream) init.duplex = 'half';
      const path = req.url?.startsWith('/') ? req.url : '/';
      const response = await handler(new Request(new URL(path, 'http://localhost'), init));

      res.statusCode = response.status;
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(new Uint8Array(await response.arrayBuffer()));
    } catch (error) {
      if (next) return next(error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.end('{"error":"Rotation failed"}');
      }
    }
  };
}
