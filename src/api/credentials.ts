import type { HttpClient, HttpResult } from '../http/http-client.js';
import { paths, type ProviderRef } from './paths.js';
import { generateCredentialsSchema, rolesSchema, type GeneratedCredentials } from './schemas.js';

interface Call {
  signal?: AbortSignal | undefined;
}

/**
 * `POST .../providers/{prov}/credentials/generate`. Each call creates a database
 * user, so it is never retried (`idempotent: false`): a lost answer must not
 * become two users.
 */
export function generateCredentials(
  http: HttpClient,
  ref: ProviderRef & { role?: string | undefined; ttlSeconds?: number | undefined } & Call,
): Promise<HttpResult<GeneratedCredentials>> {
  return http.request({
    method: 'POST',
    path: paths.credentialsGenerate(ref),
    // Both fields are required on the wire; null asks for the provider's default role / TTL.
    body: { role: ref.role ?? null, ttlSeconds: ref.ttlSeconds ?? null },
    schema: generateCredentialsSchema(),
    signal: ref.signal,
    idempotent: false,
  });
}

/** `GET .../providers/{prov}/credentials/roles`: the role names credentials can be generated for. */
export function listCredentialRoles(http: HttpClient, ref: ProviderRef & Call): Promise<HttpResult<string[]>> {
  return http.request({ method: 'GET', path: paths.credentialsRoles(ref), schema: rolesSchema(), signal: ref.signal });
}
