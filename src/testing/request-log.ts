/** One request the emulator received, for assertions in tests. */
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
