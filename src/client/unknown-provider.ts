import type { EnvRef } from '../api/paths.js';
import { listEnvironmentProviders } from '../api/providers.js';
import { BaxterApiError } from '../errors/api-error.js';
import type { HttpClient } from '../http/http-client.js';

/**
 * Runs a provider-scoped call; when it fails with 404 and the provider is not
 * one of the environment's (fetched then, once), the 404 says which providers
 * the environment has. Any other failure, or a 404 about something else (an
 * unknown key, a missing policy), is rethrown as it was.
 * @internal
 */
export async function withProviderHint<T>(
  http: HttpClient,
  scope: EnvRef,
  provider: string,
  signal: AbortSignal | undefined,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof BaxterApiError) || error.status !== 404) throw error;
    let slugs: string[];
    try {
      slugs = (await listEnvironmentProviders(http, { ...scope, signal })).map((p) => p.providerSlug);
    } catch {
      throw error; // The list is a hint; without it the original 404 stands.
    }
    if (slugs.includes(provider)) throw error;
    const has = slugs.length > 0 ? `It has: ${slugs.join(', ')}.` : 'It has no providers assigned.';
    throw new BaxterApiError({
      method: error.method,
      path: error.path,
      status: 404,
      problem: {
        type: error.type,
        title: 'Provider not found',
        detail: `No provider "${provider}" in environment "${scope.environment}" of project "${scope.project}". ${has}`,
      },
      requestId: error.requestId,
    });
  }
}
