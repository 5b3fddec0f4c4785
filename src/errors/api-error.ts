import { BaxterError, errorGuard } from './baxter-error.js';
import type { RequestContext } from './request-context.js';

/**
 * The fields of an RFC 9457 `application/problem+json` body, as the server
 * sends it with an error status. {@link BaxterApiError} copies `title`,
 * `detail` and `type` onto itself and into its message.
 *
 * @example
 * ```ts
 * import { http, HttpResponse } from 'msw';
 * import type { ProblemDetails } from '@bella-baxter/sdk';
 *
 * // A test server answering like Bella does for an unknown environment.
 * const notFound = http.get('https://api.bella-baxter.io/api/v1/projects/shop/environments/prod/secrets', () =>
 *   HttpResponse.json({ title: 'Not Found', status: 404, detail: 'Environment prod not found.' } satisfies ProblemDetails, {
 *     status: 404,
 *     headers: { 'content-type': 'application/problem+json' },
 *   }),
 * );
 * ```
 */
export interface ProblemDetails {
  type?: string | null;
  title?: string | null;
  status?: number | null;
  detail?: string | null;
  instance?: string | null;
}

const HINTS: Record<number, string> = {
  400: 'The server rejected the request as invalid; check the arguments you passed.',
  401: 'Check that the API key or access token is valid, not revoked, and that the machine clock is correct (signatures carry a timestamp).',
  403: 'The credentials are valid but lack permission for this project or environment; use a key scoped to it.',
  404: 'Check the project, environment, provider and key names (slugs) and the base URL.',
  409: 'The resource changed concurrently; read it again and retry.',
  429: 'Too many requests: slow down, or raise the refresh interval.',
};

const CODES: Record<number, string> = {
  400: 'BAXTER_BAD_REQUEST',
  401: 'BAXTER_UNAUTHORIZED',
  403: 'BAXTER_FORBIDDEN',
  404: 'BAXTER_NOT_FOUND',
  409: 'BAXTER_CONFLICT',
  429: 'BAXTER_RATE_LIMITED',
};

/** The stable `code` of an API error with this status. @internal */
export function apiErrorCode(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'BAXTER_SERVER_ERROR' : 'BAXTER_API_ERROR');
}

function hintFor(status: number): string {
  return HINTS[status] ?? (status >= 500 ? 'The Bella Baxter server failed; it is safe to retry later.' : '');
}

/**
 * The server answered with an error status. Carries the parsed problem details,
 * where the request went, the server's request id and a hint on what to do.
 *
 * @example
 * ```ts
 * try {
 *   await client.refresh();
 * } catch (error) {
 *   if (isBaxterApiError(error) && error.status === 404) console.error(error.hint);
 * }
 * ```
 */
export class BaxterApiError extends BaxterError {
  override name = 'BaxterApiError' as const;
  /**
   * `BAXTER_BAD_REQUEST` (400), `BAXTER_UNAUTHORIZED` (401), `BAXTER_FORBIDDEN` (403),
   * `BAXTER_NOT_FOUND` (404), `BAXTER_CONFLICT` (409), `BAXTER_RATE_LIMITED` (429),
   * `BAXTER_SERVER_ERROR` (5xx) or `BAXTER_API_ERROR` (any other status).
   */
  override readonly code: string;
  readonly status: number;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  /** What to do about it. */
  readonly hint: string;
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: RequestContext & {
    status: number;
    problem?: ProblemDetails | undefined;
    requestId?: string | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    const { status, problem, method, path } = init;
    const title = problem?.title ?? undefined;
    const detail = problem?.detail ?? undefined;
    const hint = hintFor(status);
    const what = [title, detail].filter(Boolean).join(': ');
    super(`${method} ${path} failed with ${status}${what ? ` (${what})` : ''}.${hint ? ` ${hint}` : ''}`);
    this.status = status;
    this.code = apiErrorCode(status);
    this.title = title;
    this.detail = detail;
    this.type = problem?.type ?? undefined;
    this.method = method;
    this.path = path;
    this.requestId = init.requestId;
    this.hint = hint;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** Whether `value` is a {@link BaxterApiError}, from any copy of this package. @example `if (isBaxterApiError(e) && e.status === 401) ...` */
export const isBaxterApiError = errorGuard<BaxterApiError>('BaxterApiError');
