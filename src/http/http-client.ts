import type * as z from 'zod/mini';
import { BaxterApiError, type ProblemDetails } from '../errors/api-error.js';
import type { BaxterError } from '../errors/baxter-error.js';
import { BaxterNetworkError } from '../errors/network-error.js';
import { BaxterResponseError, type ResponseIssue } from '../errors/response-error.js';
import { BaxterTimeoutError } from '../errors/timeout-error.js';
import type { Authenticator } from './auth.js';
import { type E2eeSession, isEncryptedPayload } from './e2ee.js';
import { utf8 } from './encoding.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from './retry.js';
import type { ResponseHeaders, Transport, TransportResponse } from './transport.js';

export interface HttpClientOptions {
  baseUrl: string;
  transport: Transport;
  authenticate: Authenticator;
  /** Headers sent on every request: `X-Bella-Client`, `User-Agent`, `X-App-Client`. */
  clientHeaders: Record<string, string>;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  /**
   * The longest `Retry-After` honoured before another attempt. A server asking
   * for more (a maintenance window, a long rate-limit ban) gets its error
   * handed back instead: an unbounded wait would stall the caller, and the
   * refresh loop and every `refresh()` sharing its check, for as long as it asks.
   */
  maxRetryAfterMs?: number;
  e2ee?: E2eeSession | undefined;
  now?: () => number;
  random?: () => number;
}

export interface HttpRequest<S extends z.ZodMiniType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Validates the (decrypted) JSON body of a 2xx answer. */
  schema: S;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string>;
  /**
   * Whether retrying is safe. Defaults to true for GET/PUT/DELETE, false for POST
   * (a POST may create something: a database user, a rotation).
   */
  idempotent?: boolean;
  /** Extra statuses handed back to the caller instead of thrown (e.g. 304, 404 for feature detection). */
  passStatuses?: readonly number[];
}

export interface HttpResult<T> {
  status: number;
  headers: ResponseHeaders;
  /** The validated body; undefined for a passed-through status. */
  data: T | undefined;
  /** Bytes of body received on the wire (for metrics and benchmarks). */
  bytes: number;
}

/** The single place that sends a request: auth, timeouts, retries, errors, E2EE, validation. */
export class HttpClient {
  readonly #o: Required<Omit<HttpClientOptions, 'e2ee'>> & { e2ee?: E2eeSession | undefined };

  constructor(options: HttpClientOptions) {
    this.#o = {
      retryBaseMs: 250,
      retryCapMs: 10_000,
      maxRetryAfterMs: 60_000,
      now: Date.now,
      random: Math.random,
      ...options,
    };
  }

  async request<S extends z.ZodMiniType>(req: HttpRequest<S>): Promise<HttpResult<z.output<S>>> {
    const o = this.#o;
    const url = new URL(o.baseUrl.replace(/\/+$/, '') + req.path);
    for (const [name, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    const body = req.body === undefined ? new Uint8Array() : utf8.encode(JSON.stringify(req.body));
    const idempotent = req.idempotent ?? req.method !== 'POST';
    const maxAttempts = idempotent ? Math.max(1, o.maxAttempts) : 1;
    const ctx = { method: req.method, path: url.pathname };

    for (let attempt = 1; ; attempt++) {
      req.signal?.throwIfAborted();
      let response: TransportResponse | undefined;
      let failure: BaxterError;
      try {
        response = await this.#send(req, url, body, ctx);
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        // Only transport failures are worth another attempt; a refused token or a bug is not.
        if (!(error instanceof BaxterNetworkError || error instanceof BaxterTimeoutError)) throw error;
        failure = error;
      }
      if (response) {
        const passed = req.passStatuses?.includes(response.status) ?? false;
        if ((response.status >= 200 && response.status < 300) || passed) {
          const data = passed && !(response.status >= 200 && response.status < 300) ? undefined : await this.#parse(req.schema, response, ctx);
          return { status: response.status, headers: response.headers, data, bytes: response.body.byteLength };
        }
        failure = apiError(response, ctx, o.now());
        if (!isRetryableStatus(response.status)) throw failure;
      }
      if (attempt >= maxAttempts) throw failure!;
      const retryAfter = failure! instanceof BaxterApiError ? failure.retryAfterSeconds : undefined;
      if (retryAfter !== undefined && retryAfter * 1000 > o.maxRetryAfterMs) throw failure!;
      const wait = retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, o.retryBaseMs, o.retryCapMs, o.random);
      await sleep(wait, req.signal);
    }
  }

  async #send(req: HttpRequest<z.ZodMiniType>, url: URL, body: Uint8Array, ctx: { method: string; path: string }): Promise<TransportResponse> {
    const o = this.#o;
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...o.clientHeaders,
      ...(await o.authenticate(req.method, url, body, new Date(o.now()))),
      ...(o.e2ee ? { 'X-E2E-Public-Key': o.e2ee.publicKey } : {}),
      ...(body.byteLength > 0 ? { 'Content-Type': 'application/json' } : {}),
      ...req.headers,
    };
    // One timer per attempt, cleared when the attempt ends; the caller's signal is the overall deadline.
    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(), o.timeoutMs);
    timer.unref?.();
    // Linked by hand rather than with AbortSignal.any: the caller's signal is often the client's
    // lifetime signal, and on some Node versions AbortSignal.any retains every combined signal
    // for as long as its source lives (nodejs/node#54614): one per poll, for the process's life.
    const onCallerAbort = () => attempt.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      return await o.transport.send({ method: req.method, url: url.toString(), headers, body, signal: attempt.signal });
    } catch (cause) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (attempt.signal.aborted) throw new BaxterTimeoutError({ ...ctx, timeoutMs: o.timeoutMs, cause });
      throw new BaxterNetworkError({ ...ctx, cause });
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  async #parse<S extends z.ZodMiniType>(schema: S, response: TransportResponse, ctx: { method: string; path: string }): Promise<z.output<S>> {
    let json: unknown;
    try {
      json = response.body.byteLength === 0 ? undefined : JSON.parse(new TextDecoder().decode(response.body));
    } catch (cause) {
      throw new BaxterResponseError({ ...ctx, issues: [], reason: 'the body is not valid JSON', cause });
    }
    if (isEncryptedPayload(json)) {
      if (!this.#o.e2ee) throw new BaxterResponseError({ ...ctx, issues: [], reason: 'an encrypted body arrived without an E2EE key' });
      try {
        json = await this.#o.e2ee.decrypt(json);
      } catch {
        // The cause is dropped on purpose: it could carry decrypted bytes.
        throw new BaxterResponseError({ ...ctx, issues: [], reason: 'the E2EE payload could not be decrypted' });
      }
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new BaxterResponseError({ ...ctx, issues: describeIssues(parsed.error) });
    return parsed.data;
  }
}

/** Zod issues → field paths and problems, never the values received. */
export function describeIssues(error: z.core.$ZodError): ResponseIssue[] {
  return error.issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join('.'),
    problem: issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.code.replace(/_/g, ' '),
  }));
}

function apiError(response: TransportResponse, ctx: { method: string; path: string }, now: number): BaxterApiError {
  let problem: ProblemDetails | undefined;
  try {
    const json = JSON.parse(new TextDecoder().decode(response.body)) as unknown;
    if (json && typeof json === 'object') {
      const p = json as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : undefined);
      problem = { type: str(p.type), title: str(p.title), detail: str(p.detail), instance: str(p.instance) };
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the status alone must do.
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  return new BaxterApiError({
    ...ctx,
    status: response.status,
    problem,
    requestId: response.headers.get('x-request-id') ?? response.headers.get('x-correlation-id') ?? undefined,
    retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
  });
}
