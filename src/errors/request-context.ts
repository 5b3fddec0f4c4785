/**
 * Where a failed request was going: method and path only (never the query's or
 * body's values). `BaxterApiError`, `BaxterNetworkError`, `BaxterTimeoutError`,
 * `BaxterResponseError` and `BaxterUnsupportedError` carry these two fields.
 *
 * @example
 * ```ts
 * import { isBaxterApiError, isBaxterNetworkError, type RequestContext } from '@bella-baxter/sdk';
 *
 * const where = ({ method, path }: RequestContext) => `${method} ${path}`;
 * if (isBaxterApiError(error) || isBaxterNetworkError(error)) console.error('Bella Baxter call failed:', where(error));
 * ```
 */
export interface RequestContext {
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** URL path, e.g. `/api/v1/projects/shop/environments/prod/secrets`. */
  path: string;
}
