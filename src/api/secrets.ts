import type { HttpClient, HttpResult } from '../http/http-client.js';
import { refuseEncryptedValues } from './encrypted-values.js';
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

/**
 * `GET .../secrets`: every secret of an environment. With E2EE on, a plain
 * answer is refused (no downgrade), and so is any value still encrypted.
 */
export async function getEnvironmentSecrets(http: HttpClient, ref: EnvRef & Call): Promise<HttpResult<AllEnvironmentSecrets>> {
  const path = paths.envSecrets(ref);
  const res = await http.request({ method: 'GET', path, schema: allEnvironmentSecretsSchema(), signal: ref.signal, secretsRead: true });
  refuseEncryptedValues(Object.entries(res.data?.secrets ?? {}), path);
  return res;
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
    schema: secretsHashSchema(),
    signal: ref.signal,
    ...(ref.etag ? { headers: { 'If-None-Match': `"${ref.etag}"` } } : {}),
    passStatuses: HASH_PASS_STATUSES,
  });
}

/** A hash check hands 304 (unchanged) and 404 (no such endpoint: fall back to `/version`) back to the caller. */
const HASH_PASS_STATUSES = [304, 404] as const;

/** `GET .../secrets/version`: the real server's environment-level change marker. */
export function getSecretsVersion(http: HttpClient, ref: EnvRef & Call): Promise<HttpResult<SecretsVersion>> {
  return http.request({ method: 'GET', path: paths.envSecretsVersion(ref), schema: secretsVersionSchema(), signal: ref.signal });
}

/** `GET .../providers/{prov}/secrets`: E2EE-wrapped on the real server, decrypted by the transport layer; the same refusals. */
export async function getProviderSecrets(http: HttpClient, ref: ProviderRef & Call): Promise<HttpResult<ProviderSecret[]>> {
  const path = paths.providerSecrets(ref);
  const res = await http.request({ method: 'GET', path, schema: providerSecretsSchema(), signal: ref.signal, secretsRead: true });
  refuseEncryptedValues((res.data ?? []).map((s) => [s.key, s.value] as const), path);
  return res;
}
