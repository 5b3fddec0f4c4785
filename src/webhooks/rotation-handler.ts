import { clampTimerMs } from '../shared/timer.js';
import { BellaRotateResponse, describeIssues, type BellaRevokeRequest, type BellaRotateRequest, type BellaRotationRequest } from './contracts.js';
import { isRotationError, RotationError } from './errors/rotation-error.js';
import { timingSafeEqualSecret } from './compare.js';
import type { IdempotencyStore, IdempotentResult } from './idempotency.js';
import { createIdempotentRunner } from './idempotent-call.js';
import { resolveIdempotency } from './idempotency-options.js';
import { decodeRotationRequest } from './parse-rotation-request.js';
import { checkWebhookSignature, secretsOf, SIGNATURE_HEADER, type WebhookSecret } from './signature.js';

type Awaitable<T> = T | Promise<T>;

/**
 * What `rotate` and `revoke` receive besides the request.
 *
 * @example
 * ```ts
 * const handler = createRotationHandler({
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   async rotate(request, { signal }) {
 *     // The provider call is cancelled when the handler's timeoutMs (25 s by default) runs out.
 *     const res = await fetch('https://api.example.com/keys', { method: 'POST', signal });
 *     return { newValue: ((await res.json()) as { secret: string }).secret };
 *   },
 * });
 * ```
 */
export interface RotationContext {
  /** Fires when `timeoutMs` has passed: pass it to your provider calls (`fetch(url, { signal })`). */
  signal: AbortSignal;
}

/**
 * What your `rotate` returns (or resolves to). `newValue` must be a non-empty
 * string: anything else answers 500 and reaches `onError`.
 *
 * @example
 * ```ts
 * import type { RotateResult } from '@bella-baxter/sdk/webhooks';
 *
 * async function rotate(): Promise<RotateResult> {
 *   const res = await fetch('https://api.example.com/keys', { method: 'POST' });
 *   const key = (await res.json()) as { id: string; secret: string };
 *   return { newValue: key.secret, newHandle: key.id }; // key.id comes back to revoke as oldHandle
 * }
 * ```
 */
export interface RotateResult {
  /** The new secret value Bella stores. */
  newValue: string;
  /**
   * The provider's id of the new value. When set, Bella calls `revoke` with it as `oldHandle`
   * once a later rotation has replaced this value (plus `revokePreviousAfterDays`); unset, never.
   */
  newHandle?: string | null;
}

/**
 * What went wrong, for the `onError` hook. Holds no secret. `status` is what
 * Bella was answered (200 when only the idempotency store failed after a
 * successful rotation).
 *
 * @example
 * ```ts
 * const handler = createRotationHandler({
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   rotate: async () => ({ newValue: crypto.randomUUID() }),
 *   onError(error, { status, action, secretKey, requestId }) {
 *     console.error(`${action} of ${secretKey} answered ${status} (request ${requestId})`, error);
 *   },
 * });
 * ```
 */
export interface RotationErrorInfo {
  /** The status answered. */
  status: number;
  action: BellaRotationRequest['action'];
  requestId: string;
  secretKey: string;
  projectSlug: string;
  environmentSlug: string;
}

/**
 * Options of {@link createRotationHandler}. Only `signingSecret` and `rotate`
 * are required; the rest have safe defaults.
 *
 * @example
 * ```ts
 * import { createRotationHandler, type RotationHandlerOptions } from '@bella-baxter/sdk/webhooks';
 *
 * const options: RotationHandlerOptions = {
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   apiKey: process.env.ROTATION_API_KEY, // the policy's API key, expected in x-api-key
 *   timeoutMs: 10_000,
 *   ignoreRevoke: true, // old keys expire by themselves at this provider
 *   async rotate(request, { signal }) {
 *     const res = await fetch(`https://api.example.com/keys?name=${request.secretKey}`, { method: 'POST', signal });
 *     return { newValue: ((await res.json()) as { secret: string }).secret };
 *   },
 * };
 * export const handler = createRotationHandler(options);
 * ```
 */
export interface RotationHandlerOptions {
  /** The signing secret of the rotation policy (or old and new while it is being rotated). */
  signingSecret: WebhookSecret;
  /** When the policy sets an API key, the value Bella sends in `apiKeyHeader`; anything else answers 401. */
  apiKey?: string | undefined;
  /** The header carrying `apiKey`. @default 'x-api-key' */
  apiKeyHeader?: string | undefined;
  /** Creates the new value at the provider. Throw a `RotationError` to choose the status and message. */
  rotate(request: BellaRotateRequest, context: RotationContext): Awaitable<RotateResult>;
  /** Revokes the value identified by `request.oldHandle`. Without it, revoke calls answer 501 (see `ignoreRevoke`). */
  revoke?(request: BellaRevokeRequest, context: RotationContext): Awaitable<void>;
  /** With no `revoke`, answer revoke calls `{ success: true }` instead of 501 (old values expire on their own). @default false */
  ignoreRevoke?: boolean | undefined;
  /**
   * Claims request ids and remembers answers (sealed) so Bella's retries never rotate twice; with
   * several instances pass a shared store (`createRedisIdempotencyStore`, `createDynamoDbIdempotencyStore`).
   * `false` turns it off. @default an in-memory store
   */
  idempotency?: IdempotencyStore | false | undefined;
  /** How long answers are remembered, in milliseconds. @default 86400000 (24 h) */
  idempotencyTtlMs?: number | undefined;
  /** How long a claim on a request id holds before it expires by itself (an instance crashed mid-call). @default timeoutMs + 5000 */
  claimTtlMs?: number | undefined;
  /** While one rotation of a secret runs on any instance sharing the store, answer 409 to another request id for it. @default false */
  serializePerSecret?: boolean | undefined;
  /** `context.signal` fires, and the call answers 504, after this many milliseconds. @default 25000 */
  timeoutMs?: number | undefined;
  /** Bodies larger than this answer 413. @default 65536 */
  maxBodyBytes?: number | undefined;
  /** Signature tolerance in seconds, either way. @default 300 */
  toleranceSeconds?: number | undefined;
  /** The current time in epoch milliseconds, for tests. @default Date.now */
  now?: (() => number) | undefined;
  /** Sees every failure of `rotate`/`revoke`/the store with its full detail, which never goes to the response. */
  onError?(error: unknown, info: RotationErrorInfo): void;
}

/**
 * A Fetch API handler: `(request: Request) => Promise<Response>`, as
 * {@link createRotationHandler} returns it. Export it from any Fetch runtime, or
 * wrap it with one of the adapters.
 *
 * @example
 * ```ts
 * // app/api/rotate/route.ts (Next.js App Router)
 * import { createRotationHandler, type RotationHandler } from '@bella-baxter/sdk/webhooks';
 *
 * export const POST: RotationHandler = createRotationHandler({
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   rotate: async () => ({ newValue: crypto.randomUUID() }),
 * });
 * ```
 */
export type RotationHandler = (request: Request) => Promise<Response>;

const PREFIX = '@bella-baxter/sdk: ';

function json(status: number, body: unknown, extra?: Record<string, string>): Response {
  // no-store: a rotate answer carries the new secret; no cache on the way may keep it.
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra },
  });
}

const unauthorized = () => json(401, { error: 'Invalid signature' });

/** Reads at most `max` bytes; `undefined` when the body is larger (the rest is never read). */
async function readCapped(request: Request, max: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new TypeError(`${PREFIX}createRotationHandler option ${name} must be a number > 0, got ${String(value)}.`);
  }
  return value;
}

/** Rejects with a 504 `RotationError` when `work` takes longer than `ms`. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RotationError('Rotation timed out', { status: 504 })), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Builds the whole HTTP side of a rotation function: you write `rotate` (and
 * optionally `revoke`); it verifies the signature and API key, validates the
 * body, runs each request id once, enforces the timeout and answers Bella.
 *
 * Answers: 405 for non-POST; 413 over `maxBodyBytes`; 401 `{"error":"Invalid signature"}`
 * for a bad signature or API key (no detail); 400 for a body breaking the
 * contract; 501 for revoke without `revoke`; 200 with `{newValue, newHandle?}`
 * or `{success: true}`; a thrown `RotationError`'s status and message; 504
 * after `timeoutMs`; 500 `{"error":"Rotation failed"}` for any other exception
 * (details go to `onError`). A repeated `requestId`, sequential or concurrent,
 * runs `rotate` once and gets the same answer, on every instance sharing the
 * `idempotency` store: 409 while it runs elsewhere, 422 when the id comes back
 * with another body, 503 (nothing rotated) when the store does not answer.
 *
 * It returns a Fetch API handler for Workers, Deno, Bun, Cloud Run and Next.js;
 * wrap it with `toNodeHandler`, `toLambdaHandler` or `toAzureFunctionsHandler`.
 *
 * @throws TypeError at creation when `signingSecret` is empty or `rotate` is missing.
 * @example
 * ```ts
 * import { createRotationHandler } from '@bella-baxter/sdk/webhooks';
 * export const handler = createRotationHandler({
 *   signingSecret: process.env.BELLA_SIGNING_SECRET!,
 *   async rotate(req, { signal }) {
 *     const res = await fetch('https://api.example.com/keys', { method: 'POST', signal });
 *     const key = (await res.json()) as { id: string; secret: string };
 *     return { newValue: key.secret, newHandle: key.id };
 *   },
 *   async revoke(req, { signal }) {
 *     await fetch(`https://api.example.com/keys/${req.oldHandle}`, { method: 'DELETE', signal });
 *   },
 * });
 * export default { fetch: handler }; // Cloudflare Workers, Bun, Deno
 * ```
 */
export function createRotationHandler(options: RotationHandlerOptions): RotationHandler {
  const secrets = secretsOf(options?.signingSecret, 'createRotationHandler');
  if (typeof options.rotate !== 'function') {
    throw new TypeError(`${PREFIX}createRotationHandler needs a rotate(request, context) function.`);
  }
  const { apiKey, revoke, rotate, onError } = options;
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw new TypeError(`${PREFIX}createRotationHandler option apiKey must be a non-empty string when set.`);
  }
  const apiKeyHeader = options.apiKeyHeader ?? 'x-api-key';
  try {
    new Headers().get(apiKeyHeader);
  } catch {
    throw new TypeError(`${PREFIX}createRotationHandler option apiKeyHeader is not a valid header name.`);
  }
  // Clamped: setTimeout fires a longer wait (past ~24.8 days) after 1 ms.
  const timeoutMs = clampTimerMs(positive(options.timeoutMs, 25_000, 'timeoutMs'));
  const maxBodyBytes = positive(options.maxBodyBytes, 65_536, 'maxBodyBytes');
  const tolerance = options.toleranceSeconds;
  // Checked here too, so a bad value fails at startup rather than rejecting every request.
  if (tolerance !== undefined && !(typeof tolerance === 'number' && tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new TypeError(`${PREFIX}createRotationHandler option toleranceSeconds must be a number >= 0, got ${String(tolerance)}.`);
  }
  const verifyOptions = { toleranceSeconds: tolerance, now: options.now };

  const report = (error: unknown, status: number, req: BellaRotationRequest) => {
    if (!onError) return;
    const { action, requestId, secretKey, projectSlug, environmentSlug } = req;
    try {
      onError(error, { status, action, requestId, secretKey, projectSlug, environmentSlug });
    } catch {
      // A failing log hook must not change what Bella is answered.
    }
  };

  async function invoke(req: BellaRotationRequest, context: RotationContext): Promise<IdempotentResult> {
    if (req.action === 'revoke') {
      await revoke!(req, context);
      return { success: true };
    }
    const parsed = BellaRotateResponse.safeParse(await rotate(req, context));
    if (!parsed.success) {
      throw new TypeError(`${PREFIX}rotate() must return { newValue: non-empty string, newHandle?: string }; ${describeIssues(parsed.error)}`);
    }
    return parsed.data.newHandle == null ? { newValue: parsed.data.newValue } : parsed.data;
  }

  /**
   * The user's function under its deadline: `signal` aborts at timeoutMs, but the promise settles
   * only when the user's code does, so the request id stays claimed (a retry joins it or gets 409
   * instead of rotating a second time) and a late success is still stored.
   */
  async function invokeWithSignal(req: BellaRotationRequest): Promise<IdempotentResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new RotationError('Rotation timed out', { status: 504 })), timeoutMs);
    try {
      return await invoke(req, { signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  }
  const run = createIdempotentRunner({ ...resolveIdempotency(options, secrets, timeoutMs), invoke: invokeWithSignal, report });

  return async function handleRotation(request: Request): Promise<Response> {
    if (request.method !== 'POST') return json(405, { error: 'Method not allowed' }, { allow: 'POST' });
    if (Number(request.headers.get('content-length')) > maxBodyBytes) return json(413, { error: 'Payload too large' });
    let body: Uint8Array | undefined;
    try {
      body = await readCapped(request, maxBodyBytes);
    } catch {
      return json(400, { error: 'Could not read the request body' });
    }
    if (!body) return json(413, { error: 'Payload too large' });
    if (apiKey !== undefined && !timingSafeEqualSecret(request.headers.get(apiKeyHeader) ?? '', apiKey)) return unauthorized();
    if (await checkWebhookSignature(secrets, request.headers.get(SIGNATURE_HEADER), body, verifyOptions, 'createRotationHandler')) {
      return unauthorized();
    }

    let req: BellaRotationRequest;
    try {
      req = decodeRotationRequest(body);
    } catch (error) {
      return json(400, { error: (error as Error).message });
    }
    if (req.action === 'revoke' && !revoke) {
      return options.ignoreRevoke
        ? json(200, { success: true })
        : json(501, { error: 'This rotation function does not implement revoke' });
    }

    const work = run(req);
    try {
      return json(200, await withDeadline(work, timeoutMs));
    } catch (error) {
      if (isRotationError(error)) {
        report(error, error.status, req);
        return json(error.status, { error: error.message });
      }
      report(error, 500, req);
      return json(500, { error: 'Rotation failed' });
    }
  };
}
