/**
 * One request the emulator received, for assertions in tests: from
 * `emulator.requests`, `requestsTo(route)` or `nextRequest(route)`.
 *
 * @example
 * ```ts
 * import type { LoggedRequest } from '@bella-baxter/sdk/testing';
 *
 * const poll: LoggedRequest = await emulator.nextRequest('envSecretsHash'); // a background check, once answered
 * expect(poll.status).toBe(304); // nothing changed since the previous check
 * ```
 */
export interface LoggedRequest {
  method: string;
  /** URL path, e.g. `/api/v1/projects/shop/environments/prod/secrets/hash`. */
  path: string;
  /** The route it matched (`envSecretsHash`, ...), if any. */
  route: string | undefined;
  status: number;
  /** Emulator time of arrival. */
  at: Date;
  /** Request headers, lower-cased names (signatures included: they are single-use). */
  headers: Record<string, string>;
  /** Bytes of response body sent. */
  responseBytes: number;
}
