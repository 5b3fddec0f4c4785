import { tracingChannel } from 'node:diagnostics_channel';

/**
 * The names of the `node:diagnostics_channel` tracing channels the client
 * publishes on, for OpenTelemetry instrumentations and APM agents (the same
 * mechanism undici and `node:http` use). Each is a `TracingChannel`: subscribe
 * with `diagnostics_channel.tracingChannel(name).subscribe({ start, end, asyncStart, asyncEnd, error })`.
 * Nothing is published, and nothing costs, while no one subscribes.
 *
 * - `bella-baxter:request`: one span per API request, all its attempts
 *   included; the context is a {@link RequestSpan}.
 * - `bella-baxter:refresh`: one span per change check of the live client (timed
 *   or `refresh()`); the context is a {@link RefreshSpan}.
 *
 * Contexts never hold a secret value, a key's signing secret or a token; a
 * failed span's `error` is the `BaxterError` the caller gets.
 *
 * @example
 * ```ts
 * import diagnostics_channel from 'node:diagnostics_channel';
 * import { TRACING_CHANNELS, type RequestSpan } from '@bella-baxter/sdk';
 *
 * diagnostics_channel.tracingChannel<unknown, RequestSpan>(TRACING_CHANNELS.request).subscribe({
 *   start: (span) => console.log('->', span.method, span.path),
 *   asyncEnd: (span) => console.log('<-', span.status, `${span.attempts} attempt(s)`),
 *   error: (span) => console.log('failed', span.method, span.path),
 *   end: () => {},
 *   asyncStart: () => {},
 * });
 * ```
 */
export const TRACING_CHANNELS = {
  request: 'bella-baxter:request',
  refresh: 'bella-baxter:refresh',
} as const;

/**
 * The context of a `bella-baxter:request` span. `method` and `path` are set at
 * `start`; `status`, `attempts` and `requestId` when the request ends (`asyncEnd`,
 * or `error` with the failure in `error`).
 *
 * @example
 * ```ts
 * import type { RequestSpan } from '@bella-baxter/sdk';
 *
 * const describe = (span: RequestSpan) => `${span.method} ${span.path} → ${span.status ?? 'no answer'} (${span.attempts} attempts)`;
 * ```
 */
export interface RequestSpan {
  /** `GET`, `POST`, `PUT` or `DELETE`. */
  method: string;
  /** The URL path (no query string, no host), e.g. `/api/v1/projects/shop/environments/prod/secrets/hash`. */
  path: string;
  /** The final HTTP status (a passed-through 304 or 404 included); undefined without an answer. */
  status: number | undefined;
  /** Attempts made, retries included (0 until the first one ends). */
  attempts: number;
  /** The server's `X-Request-Id` of the final answer, when it sent one. */
  requestId: string | undefined;
  /** Set on failure by `TracingChannel`: the `BaxterError` the caller gets. */
  error?: unknown;
}

/**
 * The context of a `bella-baxter:refresh` span: one change check of the live
 * client. `changed` is set when the check ends.
 *
 * @example
 * ```ts
 * import type { RefreshSpan } from '@bella-baxter/sdk';
 *
 * const describe = (span: RefreshSpan) => `${span.project}/${span.environment}: ${span.changed ? 'new secrets' : 'unchanged'}`;
 * ```
 */
export interface RefreshSpan {
  project: string;
  environment: string;
  /** The provider read, when the client reads one provider's secrets. */
  provider: string | undefined;
  /** Whether the check brought different secrets; undefined until it ends (and on failure). */
  changed: boolean | undefined;
  /** Set on failure by `TracingChannel`: the error of the failed check. */
  error?: unknown;
}

const requestChannel = tracingChannel<unknown, RequestSpan>(TRACING_CHANNELS.request);
const refreshChannel = tracingChannel<unknown, RefreshSpan>(TRACING_CHANNELS.refresh);

/** Whether anyone listens for request spans (so a caller can skip building one). */
export function tracingRequests(): boolean {
  return requestChannel.hasSubscribers;
}

/**
 * `fn` as a `bella-baxter:request` span when someone listens; `fn` alone otherwise.
 * The span's `result` stays empty: the response holds secrets, so `fn` fills
 * the context's fields in instead.
 */
export async function traceRequest<T>(span: RequestSpan, fn: () => Promise<T>): Promise<T> {
  if (!requestChannel.hasSubscribers) return fn();
  let value!: T;
  await requestChannel.tracePromise(async () => {
    value = await fn();
  }, span);
  return value;
}

/** Whether anyone listens for refresh spans (so a caller can skip building one). */
export function tracingRefreshes(): boolean {
  return refreshChannel.hasSubscribers;
}

/** `check` as a `bella-baxter:refresh` span when someone listens; `check` alone otherwise. */
export async function traceRefresh(span: RefreshSpan, check: () => Promise<boolean>): Promise<boolean> {
  if (!refreshChannel.hasSubscribers) return check();
  let changed = false;
  await refreshChannel.tracePromise(async () => {
    changed = await check();
    span.changed = changed;
  }, span);
  return changed;
}
