import { Agent, EnvHttpProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import { readIterableCapped, readStreamCapped, throwOnDeclaredLength } from './read-body.js';

/** One HTTP exchange as the SDK sees it: bytes in, bytes out. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | undefined;
  signal: AbortSignal;
  /** Stop reading (and fail with `BodyTooLarge`) past this many body bytes. @default unlimited */
  maxResponseBytes?: number | undefined;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * Sends requests. Two implementations: undici over the client's own keep-alive
 * pool (the Node default), and any Fetch-API function (tests with msw, edge
 * runtimes, instrumentation). Keeping this seam small is what lets the same
 * client be tested in process (msw intercepts `fetch`) and end to end over a
 * real loopback socket (undici's dispatcher, which msw cannot see).
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases sockets. Idempotent. */
  close(): Promise<void>;
}

/**
 * A Fetch-API compatible function, as accepted by the `fetch` option: the
 * global `fetch`, one patched by msw, an instrumented wrapper, or an
 * emulator's `fetch`. With it the client sends every request through that
 * function instead of its own undici connection pool (so `HTTPS_PROXY` is then
 * up to the function).
 *
 * @example
 * ```ts
 * import { createBaxterClient, type FetchLike } from '@bella-baxter/sdk';
 *
 * const timedFetch: FetchLike = async (input, init) => {
 *   const started = performance.now();
 *   try {
 *     return await fetch(input, init);
 *   } finally {
 *     console.debug(`${init?.method ?? 'GET'} ${String(input)}: ${Math.round(performance.now() - started)} ms`);
 *   }
 * };
 * const client = await createBaxterClient({ fetch: timedFetch });
 * ```
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function hasProxyEnv(env: Record<string, string | undefined>): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/**
 * The Node default: undici `request` over an `Agent` owned by this transport,
 * or an `EnvHttpProxyAgent` when `HTTPS_PROXY`/`HTTP_PROXY` are set (it honours
 * `NO_PROXY` itself).
 */
export function createUndiciTransport(env: Record<string, string | undefined> = process.env): Transport {
  const options = { keepAliveTimeout: 30_000, connections: 8 };
  // The variables are passed explicitly so the client's `env` option (not only process.env) decides.
  const dispatcher: Dispatcher = hasProxyEnv(env)
    ? new EnvHttpProxyAgent({
        ...options,
        httpProxy: env.HTTP_PROXY ?? env.http_proxy,
        httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
        noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
      })
    : new Agent(options);
  let closed: Promise<void> | undefined;
  return {
    async send({ method, url, headers, body, signal, maxResponseBytes = Number.POSITIVE_INFINITY }) {
      const res = await undiciRequest(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body: body && body.byteLength > 0 ? body : null,
        signal,
        dispatcher,
      });
      const length = res.headers['content-length'];
      let bytes: Uint8Array;
      try {
        throwOnDeclaredLength(Array.isArray(length) ? length[0] : length, maxResponseBytes);
        bytes = await readIterableCapped(res.body, maxResponseBytes);
      } catch (error) {
        res.body.destroy();
        throw error;
      }
      const out = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
      }
      return { status: res.statusCode, headers: out, body: bytes };
    },
    close() {
      closed ??= dispatcher.close();
      return closed;
    },
  };
}

/** Wraps a Fetch-API function. `close()` has no sockets of its own to release. */
export function createFetchTransport(fetchFn: FetchLike): Transport {
  return {
    async send({ method, url, headers, body, signal, maxResponseBytes = Number.POSITIVE_INFINITY }) {
      const res = await fetchFn(url, {
        method,
        headers,
        ...(body && body.byteLength > 0 ? { body: body as BodyInit } : {}),
        signal,
      });
      try {
        throwOnDeclaredLength(res.headers.get('content-length'), maxResponseBytes);
      } catch (error) {
        res.body?.cancel().catch(() => undefined);
        throw error;
      }
      return { status: res.status, headers: res.headers, body: await readStreamCapped(res.body, maxResponseBytes) };
    },
    async close() {},
  };
}
