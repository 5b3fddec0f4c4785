import type { z } from 'zod';
import { safeParse } from 'zod/mini';
import { abortError } from '../errors/abort-error.js';
import { BaxterApiError, type ProblemDetails } from '../errors/api-error.js';
import type { BaxterError } from '../errors/baxter-error.js';
import { BaxterE2eeDowngradeError } from '../errors/e2ee-downgrade-error.js';
import { BaxterNetworkError } from '../errors/network-error.js';
import { BaxterResponseError, type ResponseIssue } from '../errors/response-error.js';
import { BaxterResponseTooLargeError } from '../errors/response-too-large-error.js';
import { BaxterTimeoutError } from '../errors/timeout-error.js';
import type { AttemptInfo } from '../observability/request-log.js';
import { traceRequest, tracingRequests, type RequestSpan } from '../observability/tracing.js';
import { clampTimerMs } from '../shared/timer.js';
import { AttemptTimedOut } from './attempt-timeout.js';
import type { Authenticator } from './auth.js';
import { type E2eeSession, isEncryptedPayload } from './e2ee.js';
import { utf8 } from './encoding.js';
import { withoutHeaderValues } from './network-cause.js';
import { BodyTooLarge } from './read-body.js';
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
  /** The largest body read from one answer; past it the request fails with `BaxterResponseTooLargeError`. */
  maxResponseBytes?: number;
  e2ee?: E2eeSession | undefined;
  now?: () => number;
  random?: () => number;
  /** Told about every attempt (the `BELLA_BAXTER_DEBUG` request log); must not throw. */
  onAttempt?: ((attempt: AttemptInfo) => void) | undefined;
}

export interface HttpRequest<S extends z.core.$ZodType> {
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
  /**
   * A secrets read: with E2EE on, a plain 2xx body is refused with
   * `BaxterE2eeDowngradeError` (wire contract §4, no downgrade).
   */
  secretsRead?: boolean;
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
  readonly #o: Required<Omit<HttpClientOptions, 'e2ee' | 'onAttempt'>> & Pick<HttpClientOptions, 'e2ee' | 'onAttempt'>;

  constructor(options: HttpClientOptions) {
    this.#o = {
      retryBaseMs: 250,
      retryCapMs: 10_000,
      maxRetryAfterMs: 60_000,
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
      now: Date.now,
      random: Math.random,
      ...options,
    };
    this.#o.timeoutMs = clampTimerMs(this.#o.timeoutMs);
    this.#base = this.#o.baseUrl.replace(/\/+$/, '');
  }

  /** `baseUrl` without its trailing slashes: request paths start with one. */
  readonly #base: string;

  request<S extends z.core.$ZodType>(req: HttpRequest<S>): Promise<HttpResult<z.output<S>>> {
    if (!tracingRequests()) return this.#request(req, undefined);
    const path = new URL(this.#base + req.path).pathname;
    const span: RequestSpan = { method: req.method, path, status: undefined, attempts: 0, requestId: undefined };
    return traceRequest(span, () => this.#request(req, span));
  }

  async #request<S extends z.core.$ZodType>(req: HttpRequest<S>, span: RequestSpan | undefined): Promise<HttpResult<z.output<S>>> {
    const o = this.#o;
    const url = new URL(this.#base + req.path);
    if (req.query) for (const [name, value] of Object.entries(req.query)) if (value !== undefined) url.searchParams.set(name, value);
    const body = req.body === undefined ? EMPTY_BODY : utf8.encode(JSON.stringify(req.body));
    const idempotent = req.idempotent ?? req.method !== 'POST';
    const maxAttempts = idempotent ? Math.max(1, o.maxAttempts) : 1;
    const ctx = { method: req.method, path: url.pathname };
    const aborted = () => abortError(req.signal!, `${ctx.method} ${ctx.path}`);

    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw aborted();
      let response: TransportResponse | undefined;
      let failure: BaxterError;
      const started = performance.now();
      try {
        response = await this.#send(req, url, body, ctx);
      } catch (error) {
        if (req.signal?.aborted) throw aborted();
        // Only transport failures are worth another attempt; a refused token or a bug is not.
        if (!(error instanceof BaxterNetworkError || error instanceof BaxterTimeoutError)) throw error;
        failure = error;
      }
      if (span || o.onAttempt) this.#observe({ ...ctx, attempt, maxAttempts, durationMs: performance.now() - started, response, error: response ? undefined : failure! }, span);
      if (response) {
        const passed = req.passStatuses?.includes(response.status) ?? false;
        if ((response.status >= 200 && response.status < 300) || passed) {
          const data = passed && !(response.status >= 200 && response.status < 300) ? undefined : await this.#parse(req, response, ctx);
          return { status: response.status, headers: response.headers, data, bytes: response.body.byteLength };
        }
        failure = apiError(response, ctx, o.now());
        if (!isRetryableStatus(response.status)) throw failure;
      }
      if (attempt >= maxAttempts) throw failure!;
      const retryAfter = failure! instanceof BaxterApiError ? failure.retryAfterSeconds : undefined;
      if (retryAfter !== undefined && retryAfter * 1000 > o.maxRetryAfterMs) throw failure!;
      const wait = retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, o.retryBaseMs, o.retryCapMs, o.random);
      try {
        await sleep(clampTimerMs(wait), req.signal);
      } catch {
        throw aborted();
      }
    }
  }

  /** Feeds the request log and the tracing span (called only when one of them is there); neither may break a request. */
  #observe(a: { method: string; path: string; attempt: number; maxAttempts: number; durationMs: number; response: TransportResponse | undefined; error: BaxterError | undefined }, span: RequestSpan | undefined): void {
    const requestId = a.response ? requestIdOf(a.response.headers) : undefined;
    if (span) Object.assign(span, { status: a.response?.status, attempts: a.attempt, requestId });
    if (!this.#o.onAttempt) return;
    try {
      const { response, ...rest } = a;
      this.#o.onAttempt({ ...rest, status: response?.status, requestId, error: a.error });
    } catch {
      // A logger that throws must not fail the request it reports.
    }
  }

  async #send(req: HttpRequest<z.core.$ZodType>, url: URL, body: Uint8Array, ctx: { method: string; path: string }): Promise<TransportResponse> {
    const o = this.#o;
    // In this order on the wire; a later name replaces an earlier one in place, as a spread does.
    const headers: Record<string, string> = Object.assign({ Accept: 'application/json, application/problem+json' }, o.clientHeaders, await o.authenticate(req.method, url, body, new Date(o.now())));
    if (o.e2ee) headers['X-E2E-Public-Key'] = o.e2ee.publicKey;
    if (body.byteLength > 0) headers['Content-Type'] = 'application/json';
    if (req.headers) Object.assign(headers, req.headers);
    // The transport enforces the attempt's deadline; the caller's signal is the overall one.
    try {
      return await o.transport.send({
        method: req.method,
        url,
        headers,
        body,
        signal: req.signal,
        timeoutMs: o.timeoutMs,
        maxResponseBytes: o.maxResponseBytes,
      });
    } catch (cause) {
      if (req.signal?.aborted) throw abortError(req.signal, `${ctx.method} ${ctx.path}`);
      if (cause instanceof BodyTooLarge) throw new BaxterResponseTooLargeError({ ...ctx, limitBytes: cause.limitBytes });
      if (cause instanceof AttemptTimedOut) throw new BaxterTimeoutError({ ...ctx, timeoutMs: o.timeoutMs, cause });
      throw new BaxterNetworkError({ ...ctx, cause: withoutHeaderValues(cause, headers) });
    }
  }

  async #parse<S extends z.core.$ZodType>(req: HttpRequest<S>, response: TransportResponse, ctx: { method: string; path: string }): Promise<z.output<S>> {
    let json: unknown;
    try {
      json = response.body.byteLength === 0 ? undefined : JSON.parse(new TextDecoder().decode(response.body));
    } catch {
      // The SyntaxError is dropped on purpose: its message quotes part of the body (which may be secrets).
      throw new BaxterResponseError({ ...ctx, issues: [], reason: 'the body is not valid JSON' });
    }
    if (req.secretsRead && this.#o.e2ee && !isEncryptedPayload(json)) throw new BaxterE2eeDowngradeError({ ...ctx, status: response.status });
    if (isEncryptedPayload(json)) {
      if (!this.#o.e2ee) throw new BaxterResponseError({ ...ctx, issues: [], reason: 'an encrypted body arrived without an E2EE key' });
      try {
        json = await this.#o.e2ee.decrypt(json);
      } catch {
        // The cause is dropped on purpose: it could carry decrypted bytes.
        throw new BaxterResponseError({ ...ctx, issues: [], reason: 'the E2EE payload could not be decrypted' });
      }
    }
    // The function form takes classic and zod/mini schemas alike.
    const parsed = safeParse(req.schema, json);
    if (!parsed.success) throw new BaxterResponseError({ ...ctx, issues: describeIssues(parsed.error) });
    return parsed.data;
  }
}

/** The body of a request without one (zero bytes never change, so one array serves all). */
const EMPTY_BODY = new Uint8Array(0);

/** Sized for ~50k secrets of a few hundred bytes each, E2EE-wrapped (base64 adds a third). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Zod issues → field paths and problems, never the values received. */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }): ResponseIssue[] {
  return error.issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join('.'),
    // A custom check's message is ours (schemas.ts), never the value received.
    problem: issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.code === 'custom' ? issue.message : issue.code.replace(/_/g, ' '),
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
    requestId: requestIdOf(response.headers),
    retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
  });
}

function requestIdOf(headers: ResponseHeaders): string | undefined {
  return headers.get('x-request-id') ?? headers.get('x-correlation-id') ?? undefined;
}
