import {
  BellaRevokeResponse,
  BellaRotateResponse,
  BellaRotationRequest,
  describeIssues,
  type BellaRevokeRequest,
  type BellaRotateRequest,
} from './contracts.js';
import { RotationFunctionError } from './errors/rotation-function-error.js';
import { SIGNATURE_HEADER, signWebhookPayload, type WebhookSecret } from './signature.js';
import { clampTimerMs, isPositiveFinite } from '../shared/timer.js';

/**
 * Options of {@link callRotationFunction}: where to call, how to sign and
 * authenticate, and what to send. `R` narrows `request` to a rotate or a revoke,
 * and the answer's type follows it.
 *
 * @example
 * ```ts
 * import { callRotationFunction, type CallRotationFunctionOptions } from '@bella-baxter/sdk/webhooks';
 *
 * const options: CallRotationFunctionOptions = {
 *   endpoint: 'https://rotate.example.com/stripe',
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   apiKey: process.env.ROTATION_API_KEY,
 *   timeoutMs: 10_000,
 *   request: { action: 'revoke', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'prod', requestId: crypto.randomUUID(), oldHandle: 'key_123' },
 * };
 * await callRotationFunction(options); // { success: true }
 * ```
 */
export interface CallRotationFunctionOptions<R extends BellaRotationRequest = BellaRotationRequest> {
  /** The rotation function's URL (the policy's `endpoint`). */
  endpoint: string | URL;
  /** The policy's signing secret; with several, the call carries one `v1` per secret. */
  signingSecret: WebhookSecret;
  /** The header carrying `apiKey`. @default 'x-api-key' */
  apiKeyHeader?: string | undefined;
  /** The policy's API key, sent in `apiKeyHeader` when set. */
  apiKey?: string | undefined;
  /** The call to make. */
  request: R;
  /** Give up after this many milliseconds: a number > 0 (longer than 2^31-1 is clamped to it). @default 30000 */
  timeoutMs?: number | undefined;
  /** The `fetch` to use (tests, proxies, the emulator). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch | undefined;
  /** The current time in epoch milliseconds; the signature's timestamp comes from it. @default Date.now */
  now?: (() => number) | undefined;
  /** Aborts the call from outside (e.g. on shutdown). */
  signal?: AbortSignal | undefined;
}

const PREFIX = '@bella-baxter/sdk: ';
/** Enough for any contract answer (bytes); a bigger one is a misbehaving endpoint, not a value to buffer. */
const MAX_RESPONSE_CHARS = 1_048_576;

/** The endpoint as shown in errors: no credentials, query or fragment, which may hold tokens. */
function displayEndpoint(endpoint: URL): string {
  return `${endpoint.origin}${endpoint.pathname}`;
}

/**
 * Some fetch errors quote what they refused: undici's message for a URL with
 * credentials holds the whole URL, and its message for a bad header value holds
 * the value (the API key). Hidden here, so the error keeps its promise.
 */
function redact(text: string, url: URL, apiKey: string | undefined): string {
  let out = text.split(url.href).join(displayEndpoint(url));
  for (const secret of [apiKey, url.password, url.search.slice(1)]) {
    if (secret) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** The body as text, or `undefined` once it passes `max` bytes (the rest is never read). */
async function readCapped(response: Response, max: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Bella's side of a rotation: signs `request`, POSTs it to the rotation
 * function, validates the answer against the contract and returns it. The
 * project's emulator uses it to call your function exactly as Bella would.
 *
 * @throws RotationFunctionError with `kind` `http_error` (non-2xx; `status` and the
 *   function's `error` text), `invalid_response`, `timeout` or `network`.
 * @throws TypeError when `request` breaks the contract or `endpoint` is not a URL.
 * @example
 * ```ts
 * import { callRotationFunction } from '@bella-baxter/sdk/webhooks';
 * const { newValue, newHandle } = await callRotationFunction({
 *   endpoint: 'http://127.0.0.1:8080/rotate',
 *   signingSecret: 'whsec-test',
 *   request: { action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'dev', requestId: crypto.randomUUID() },
 * });
 * ```
 */
export async function callRotationFunction(options: CallRotationFunctionOptions<BellaRotateRequest>): Promise<BellaRotateResponse>;
export async function callRotationFunction(options: CallRotationFunctionOptions<BellaRevokeRequest>): Promise<BellaRevokeResponse>;
export async function callRotationFunction(
  options: CallRotationFunctionOptions,
): Promise<BellaRotateResponse | BellaRevokeResponse>;
export async function callRotationFunction(
  options: CallRotationFunctionOptions,
): Promise<BellaRotateResponse | BellaRevokeResponse> {
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    throw new TypeError(`${PREFIX}callRotationFunction option endpoint must be an absolute http(s) URL.`);
  }
  // data:, file: and blob: URLs would be "called" by fetch without any network: never a rotation function.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`${PREFIX}callRotationFunction option endpoint must be an absolute http(s) URL (got ${url.protocol} scheme).`);
  }
  if (options.timeoutMs !== undefined && !isPositiveFinite(options.timeoutMs)) {
    throw new TypeError(`${PREFIX}callRotationFunction option timeoutMs must be a finite number of milliseconds > 0, got ${String(options.timeoutMs)}.`);
  }
  const checked = BellaRotationRequest.safeParse(options.request);
  if (!checked.success) {
    throw new TypeError(`${PREFIX}callRotationFunction option request breaks the rotation contract: ${describeIssues(checked.error)}`);
  }
  const request = checked.data;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = clampTimerMs(options.timeoutMs ?? 30_000);
  const endpoint = displayEndpoint(url);

  const body = JSON.stringify(request);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: await signWebhookPayload(options.signingSecret, body, { now: options.now }),
  };
  if (options.apiKey) headers[(options.apiKeyHeader ?? 'x-api-key').toLowerCase()] = options.apiKey;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onOuterAbort = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let status: number;
  let text: string | undefined;
  try {
    // Redirects are not followed: they would carry the signed body and the API key to another host.
    const response = await fetchFn(url, { method: 'POST', headers, body, signal: controller.signal, redirect: 'manual' });
    status = response.status;
    // Capped: an endpoint streaming an endless answer must not exhaust the caller's memory.
    text = await readCapped(response, MAX_RESPONSE_CHARS);
  } catch (cause) {
    if (controller.signal.aborted && !options.signal?.aborted) {
      throw new RotationFunctionError({ kind: 'timeout', endpoint, detail: `after ${timeoutMs} ms`, cause });
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    const detail = redact(message, url, options.apiKey);
    // A cause that quoted a credential is dropped: logging the error would print it.
    throw new RotationFunctionError({ kind: 'network', endpoint, detail, cause: detail === message ? cause : undefined });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }

  const json = text === undefined ? undefined : parseJson(text);
  if (status < 200 || status > 299) {
    const error = (json as { error?: unknown } | undefined)?.error;
    throw new RotationFunctionError({
      kind: 'http_error',
      endpoint,
      status,
      functionError: typeof error === 'string' ? error.slice(0, 500) : undefined,
    });
  }
  const schema = request.action === 'rotate' ? BellaRotateResponse : BellaRevokeResponse;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new RotationFunctionError({
      kind: 'invalid_response',
      endpoint,
      status,
      detail: json === undefined ? 'not JSON' : describeIssues(parsed.error),
    });
  }
  return parsed.data;
}
