import type { Dispatcher } from 'undici';
import { linkSignals } from '../shared/abort.js';
import { AttemptTimedOut } from './attempt-timeout.js';
import { readStreamCapped, throwOnDeclaredLength } from './read-body.js';
import { exchange } from './undici-exchange.js';

/** One HTTP exchange as the SDK sees it: bytes in, bytes out. */
export interface TransportRequest {
  method: string;
  /** The full URL; the HTTP client hands over the `URL` it already parsed (and signed). */
  url: string | URL;
  headers: Record<string, string>;
  body?: Uint8Array | undefined;
  /** The caller's signal: aborting it drops the request (the transport rejects with its reason). */
  signal?: AbortSignal | undefined;
  /** This attempt's deadline: past it the request is dropped and the transport rejects with `AttemptTimedOut`. @default none */
  timeoutMs?: number | undefined;
  /** Stop reading (and fail with `BodyTooLarge`) past this many body bytes. @default unlimited */
  maxResponseBytes?: number | undefined;
}

/**
 * What the SDK reads of response headers: `get`, case-insensitive, repeated values joined by
 * `, `. Not a `Headers`: the first `new Headers()` in a process loads the whole undici bundled
 * inside Node (~15 ms), which the undici transport otherwise never needs.
 */
export type ResponseHeaders = Pick<Headers, 'get'>;

export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
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

type AgentOptions = { keepAliveTimeout: number; connections: number };

/**
 * undici, loaded when a client creates its transport (not at import), and only the parts we
 * use: `Agent` (about 20 of the package's 110 modules; requests go through its handler API,
 * see undici-exchange.ts), plus `EnvHttpProxyAgent` when a proxy is set. Importing the package
 * index costs ~90 ms of CPU (its fetch, WebSocket, cache and mock modules); these parts ~30 ms.
 * The specifiers are literals so bundlers still include these modules. They are the files the
 * package index loads too, so an app that imports `undici` itself shares them.
 */
async function loadUndici(proxy: boolean): Promise<{ createDispatcher(options: AgentOptions, env: Record<string, string | undefined>): Dispatcher }> {
  const [agent, envProxy] = await Promise.all([
    import('undici/lib/dispatcher/agent.js'),
    proxy ? import('undici/lib/dispatcher/env-http-proxy-agent.js') : undefined,
  ]);
  return {
    // The variables are passed explicitly so the client's `env` option (not only process.env) decides.
    createDispatcher: (options, env) =>
      envProxy
        ? new envProxy.default({
            ...options,
            httpProxy: env.HTTP_PROXY ?? env.http_proxy,
            httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
            noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
          })
        : new agent.default(options),
  };
}

/**
 * The Node default: undici over an `Agent` owned by this transport,
 * or an `EnvHttpProxyAgent` when `HTTPS_PROXY`/`HTTP_PROXY` are set (it honours
 * `NO_PROXY` itself). undici is loaded, and the pool created, in the background from the
 * moment the transport is created; nothing is imported with the package.
 */
export function createUndiciTransport(env: Record<string, string | undefined> = process.env): Transport {
  const options: AgentOptions = { keepAliveTimeout: 30_000, connections: 8 };
  let ready: Promise<Dispatcher> | undefined;
  /** The dispatcher once created: a request then does not wait on `ready` again. */
  let loaded: Dispatcher | undefined;
  let closed: Promise<void> | undefined;
  const start = () => (ready ??= loadUndici(hasProxyEnv(env)).then((undici) => (loaded = undici.createDispatcher(options, env))));
  // Loading starts now, so it overlaps whatever the client does before its first request (the
  // E2EE key pair); a failure surfaces on that request.
  start().catch(() => undefined);
  return {
    async send({ method, url, headers, body, signal, timeoutMs, maxResponseBytes = Number.POSITIVE_INFINITY }) {
      if (closed) throw new Error('The transport is closed.');
      const dispatcher = loaded ?? (await start());
      const target = typeof url === 'string' ? new URL(url) : url;
      const res = await exchange(
        dispatcher,
        { origin: target.origin, path: target.pathname + target.search, method: method as Dispatcher.HttpMethod, headers, body: body && body.byteLength > 0 ? body : null },
        { signal, timeoutMs, maxBytes: maxResponseBytes },
      );
      // undici's header names are already lower case.
      const raw = res.headers;
      const get = (name: string): string | null => {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      };
      return { status: res.status, headers: { get }, body: res.body };
    },
    close() {
      closed ??= start().then(
        (dispatcher) => dispatcher.close(),
        () => undefined,
      );
      return closed;
    },
  };
}

/**
 * Wraps a Fetch-API function. `close()` has no sockets of its own to release. Each
 * attempt gets a signal of its own (the caller's, linked by hand; see shared/abort.ts)
 * that the deadline aborts, reading the body included.
 */
export function createFetchTransport(fetchFn: FetchLike): Transport {
  return {
    async send({ method, url, headers, body, signal, timeoutMs, maxResponseBytes = Number.POSITIVE_INFINITY }) {
      const attempt = linkSignals([signal]);
      let timedOut: AttemptTimedOut | undefined;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => attempt.abort((timedOut = new AttemptTimedOut(timeoutMs))), timeoutMs);
      timer?.unref?.();
      try {
        // A string, as the function always got: a user's function may expect one.
        const res = await fetchFn(String(url), {
          method,
          headers,
          ...(body && body.byteLength > 0 ? { body: body as BodyInit } : {}),
          signal: attempt.signal,
        });
        try {
          throwOnDeclaredLength(res.headers.get('content-length'), maxResponseBytes);
        } catch (error) {
          res.body?.cancel().catch(() => undefined);
          throw error;
        }
        return { status: res.status, headers: res.headers, body: await readStreamCapped(res.body, maxResponseBytes) };
      } catch (error) {
        // Whatever the function threw once the deadline passed (an AbortError, or its own error), the deadline is why.
        if (timedOut && !signal?.aborted) throw timedOut;
        throw error;
      } finally {
        clearTimeout(timer);
        attempt.unlink();
      }
    },
    async close() {},
  };
}
