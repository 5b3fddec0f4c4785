import type { HttpClient, HttpResult } from '../http/http-client.js';
import { type EnvRef, paths, type ProviderRef } from './paths.js';
import {
  allEnvironmentSecretsSchema,
  providerSecretsSchema,
  secretsHashSchema,
  secretsVersionSchema,
  type AllEnvironmentSecrets,
  type ProviderSecret,
  type SecretsHash,
  type SecretsVersion,
} from './schemas.js';

interface Call {
  signal?: AbortSignal | undefined;
}

/** `GET .../secrets`: every secret of an environment. */
export function getEnvironmentSecrets(http: HttpClient, ref: EnvRef & Call): Promise<HttpResult<AllEnvironmentSecrets>> {
  return http.request({ method: 'GET', path: paths.envSecrets(ref), schema: allEnvironmentSecretsSchema, signal: ref.signal });
}

/**
 * `GET .../secrets/hash` (environment, or provider when `provider` is set) with
 * `If-None-Match`. A 304 comes back with `data` undefined; 404 too (the caller
 * falls back to the version endpoint).
 */
export function getSecretsHash(
  http: HttpClient,
  ref: EnvRef & { provider?: string | undefined; etag?: string | undefined } & Call,
): Promise<HttpResult<SecretsHash>> {
  return http.request({
    method: 'GET',
    path: ref.provider ? paths.providerSecretsHash({ ...ref, provider: ref.provider }) : paths.envSecretsHash(ref),
    schema: secretsHashSchema,
    signal: ref.signal,
    headers: ref.etag ? { 'If-None-Match': `"${ref.etag}"` } : {},
    passStatuses: [304, 404],
  });
}

/** `GET .../secrets/version`: the real server's environment-level change marker. */
export function getSecretsVersion(http: HttpClient, ref: EnvRef & Call): Promise<HttpResult<SecretsVersion>> {
  return http.request({ method: 'GET', path: paths.envSecretsVersion(ref), schema: secretsVersionSchema, signal: ref.signal });
}

/** `GET .../providers/{prov}/secrets`: E2EE-wrapped on the real server, decrypted by the transport layer. */
export function getProviderSecrets(http: HttpClient, ref: ProviderRef & Call): Promise<HttpResult<ProviderSecret[]>> {
  return http.request({ method: 'GET', path: paths.providerSecrets(ref), schema: providerSecretsSchema, signal: ref.signal });
}
