/** One HTTP attempt as the request log and the tracing span see it: no header, no body. */
export interface AttemptInfo {
  method: string;
  /** URL path only: no host, no query string. */
  path: string;
  attempt: number;
  maxAttempts: number;
  durationMs: number;
  /** The HTTP status, when an answer came. */
  status: number | undefined;
  /** The server's `X-Request-Id` (or `X-Correlation-Id`), when it sent one. */
  requestId: string | undefined;
  /** The failure without an answer (network error, timeout): its code is logged, never more. */
  error: { code: string } | undefined;
}

/**
 * `GET /api/v1/.../secrets/hash 304 12 ms (attempt 1/3, request id 4f2a)`: what
 * `BELLA_BAXTER_DEBUG=1` prints per attempt. Only the method, path, status or
 * error code, duration, attempt and request id: never a header, a body or a query.
 */
export function attemptLine(info: AttemptInfo): string {
  const outcome = info.status !== undefined ? String(info.status) : `failed (${info.error?.code ?? 'BAXTER_ERROR'})`;
  const extra = [`attempt ${info.attempt}/${info.maxAttempts}`, ...(info.requestId ? [`request id ${info.requestId.slice(0, 100)}`] : [])];
  return `${info.method} ${info.path} ${outcome} ${Math.round(info.durationMs)} ms (${extra.join(', ')})`;
}
