/** Where a failed request was going: method and path only (never the query's or body's values). */
export interface RequestContext {
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** URL path, e.g. `/api/v1/projects/shop/environments/prod/secrets`. */
  path: string;
}
