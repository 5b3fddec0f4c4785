import { getEnvironmentSecrets, getProviderSecrets, getSecretsHash, getSecretsVersion } from '../api/secrets.js';
import { paths } from '../api/paths.js';
import { BaxterApiError } from '../errors/api-error.js';
import type { HttpClient } from '../http/http-client.js';
import type { ResponseHeaders } from '../http/transport.js';

export interface Scope {
  project: string;
  environment: string;
  provider: string | undefined;
}

/** Receives `X-Bella-Wrapped-Dek` / `X-Bella-Lease-Expires` (the client's `onWrappedDekReceived` option). */
export type WrappedDekListener = (project: string, environment: string, wrappedDek: string, leaseExpires: Date | undefined) => void;

export interface FetchedSecrets {
  values: Record<string, string>;
  /** The marker the values were fetched under; `''` when unknown (see `fetchUnmarked`). */
  marker: string;
}

/**
 * Cheap change detection. Each check asks only the hash (with `If-None-Match`);
 * only a new hash fetches the full set. A server without the environment-level
 * hash endpoint (404) is polled on `/secrets/version` from then on.
 */
export class ChangeSource {
  #mode: 'hash' | 'version' = 'hash';
  #marker: string | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly scope: Scope,
    private readonly onWrappedDek?: WrappedDekListener,
  ) {}

  /** The change endpoint in use: `hash` or (fallback) `version`. */
  get mode(): 'hash' | 'version' {
    return this.#mode;
  }

  /**
   * Resolves to the new set when the marker moved (or on the first call), else
   * undefined. `commit` must be called with the result once it is accepted or
   * deliberately rejected, so the same set is not fetched again.
   */
  async check(signal: AbortSignal): Promise<FetchedSecrets | undefined> {
    const marker = await this.#currentMarker(signal);
    if (marker !== undefined && marker === this.#marker) return undefined;
    // The marker is the poll's, read before the full set: never newer than the values (a change
    // in between shows as a new marker at the next check). In version mode it is the /version
    // answer, never the full answer's `version`, which the real server may count in other units.
    return { values: await this.#fetchAll(signal), marker: marker ?? '' };
  }

  /**
   * The full set alone, for a client that does not poll: its start is then one request, not two.
   * The marker is left unknown (`''`), so the first `check()` after it fetches the full set again.
   */
  async fetchUnmarked(signal: AbortSignal): Promise<FetchedSecrets> {
    return { values: await this.#fetchAll(signal), marker: '' };
  }

  commit(fetched: FetchedSecrets): void {
    this.#marker = fetched.marker;
  }

  async #currentMarker(signal: AbortSignal): Promise<string | undefined> {
    const { project, environment, provider } = this.scope;
    if (this.#mode === 'hash') {
      const etag = this.#marker?.startsWith('hash:') ? this.#marker.slice(5) : undefined;
      const res = await getSecretsHash(this.http, { project, environment, provider, etag, signal });
      if (res.status === 304) return this.#marker;
      if (res.status === 404) {
        if (provider) throw notFound(res.headers, paths.providerSecretsHash({ project, environment, provider }));
        this.#mode = 'version';
      } else {
        return `hash:${res.data!.hash}`;
      }
    }
    const res = await getSecretsVersion(this.http, { project, environment, signal });
    return `version:${res.data!.version}`;
  }

  async #fetchAll(signal: AbortSignal): Promise<Record<string, string>> {
    const { project, environment, provider } = this.scope;
    if (provider) {
      const res = await getProviderSecrets(this.http, { project, environment, provider, signal });
      this.#wrappedDek(res.headers);
      return Object.fromEntries(res.data!.map((s) => [s.key, s.value]));
    }
    const res = await getEnvironmentSecrets(this.http, { project, environment, signal });
    this.#wrappedDek(res.headers);
    return res.data!.secrets;
  }

  #wrappedDek(headers: ResponseHeaders): void {
    const wrapped = headers.get('x-bella-wrapped-dek');
    if (!wrapped || !this.onWrappedDek) return;
    const expires = headers.get('x-bella-lease-expires');
    const ms = expires ? Date.parse(expires) : NaN;
    try {
      this.onWrappedDek(this.scope.project, this.scope.environment, wrapped, Number.isFinite(ms) ? new Date(ms) : undefined);
    } catch {
      // A listener's bug must not stop secrets from loading (documented on the option).
    }
  }
}

function notFound(headers: ResponseHeaders, path: string): BaxterApiError {
  return new BaxterApiError({ method: 'GET', path, status: 404, requestId: headers.get('x-request-id') ?? undefined });
}
