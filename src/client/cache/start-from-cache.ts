import { BaxterApiError } from '../../errors/api-error.js';
import { isBaxterApiError } from '../../errors/api-error.js';
import { isBaxterNetworkError } from '../../errors/network-error.js';
import { isBaxterResponseError } from '../../errors/response-error.js';
import { isBaxterTimeoutError } from '../../errors/timeout-error.js';
import type { ChangeSource, FetchedSecrets, Scope } from '../change-source.js';
import type { LastGoodCache } from './last-good-cache.js';

/** A 401 or 403: the credentials were revoked or lost their scope. */
export function isAccessDenied(error: unknown): error is BaxterApiError {
  return isBaxterApiError(error) && (error.status === 401 || error.status === 403);
}

/** Failures that say nothing about the credentials or the scope: the server is down, slow or broken. */
export function isServerUnreachable(error: unknown): boolean {
  if (isBaxterNetworkError(error) || isBaxterTimeoutError(error) || isBaxterResponseError(error)) return true;
  return isBaxterApiError(error) && (error.status >= 500 || error.status === 408 || error.status === 429);
}

/** How a client starts: from the server, or (stale) from the cache. */
export interface InitialLoad {
  scope: Scope;
  source: ChangeSource;
  initial: FetchedSecrets;
  /** Set when the server could not be reached and the cache served. */
  fromCache?: { savedAt: Date; error: unknown };
}

/**
 * The server's answer, or, when it cannot be reached and the cache holds a usable
 * set, that set (its marker committed, so an unchanged server costs one hash check).
 * A 401/403 deletes the cache before the error propagates.
 */
export async function loadInitial(
  fromServer: () => Promise<Omit<InitialLoad, 'fromCache'>>,
  fallback: { cache: LastGoodCache | undefined; knownScope: Partial<Scope>; makeSource: (scope: Scope) => ChangeSource; signal: AbortSignal },
): Promise<InitialLoad> {
  try {
    return await fromServer();
  } catch (error) {
    const { cache } = fallback;
    if (!cache || fallback.signal.aborted) throw error;
    if (isAccessDenied(error)) {
      cache.delete();
      await cache.idle();
      throw error;
    }
    if (!isServerUnreachable(error)) throw error;
    const cached = await cache.load(fallback.knownScope);
    if (!cached) throw error;
    const source = fallback.makeSource(cached.scope);
    const initial = { values: cached.values, marker: cached.marker };
    source.commit(initial);
    return { scope: cached.scope, source, initial, fromCache: { savedAt: cached.savedAt, error } };
  }
}

/** What the live client tells the cache (used by the client internals; not part of the public API). */
export interface CacheHooks {
  /** A check reached the server: `fetched` when a new set was applied, undefined when unchanged. */
  confirmed(values: Readonly<Record<string, string>>, marker: string, at: Date, changed: boolean): void;
  /** A 401/403 from the server. */
  denied(): void;
  idle(): Promise<void>;
}

/** An unchanged check re-seals the cache at most this often, so its age reflects the last confirmation without a write per poll. */
const TOUCH_EVERY_MS = 3_600_000;

export function cacheHooks(cache: LastGoodCache, scope: Scope, lastSavedAt: Date | undefined): CacheHooks {
  let savedAt = lastSavedAt?.getTime() ?? 0;
  return {
    confirmed(values, marker, at, changed) {
      if (!changed && at.getTime() - savedAt < TOUCH_EVERY_MS) return;
      savedAt = at.getTime();
      cache.save(scope, values, marker, at);
    },
    denied: () => cache.delete(),
    idle: () => cache.idle(),
  };
}
