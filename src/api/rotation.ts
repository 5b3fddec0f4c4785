import { BaxterApiError } from '../errors/api-error.js';
import { BaxterUnsupportedError } from '../errors/unsupported-error.js';
import type { HttpClient, HttpResult } from '../http/http-client.js';
import { paths, type SecretRef } from './paths.js';
import {
  operationResponseSchema,
  rotateSigningSecretResponseSchema,
  setRotationPolicyResponseSchema,
  type OperationResponse,
  type RotateSigningSecretResponse,
  type SetRotationPolicyResponse,
} from './schemas.js';
import { rotationPolicyInfoSchema, secretVersionsSchema, type RotationPolicyInfo, type SecretVersionsWire } from './rotation-schemas.js';

interface Call {
  signal?: AbortSignal | undefined;
}

/** The body of `PUT .../rotation-policy`, as sent on the wire. */
export interface SetRotationPolicyBody {
  enabled: boolean;
  intervalDays: number;
  strategy: 'GenerateRandom' | 'HttpWebhook';
  endpoint?: string | null;
  signingSecret?: string | null;
  apiKeyHeader?: string | null;
  apiKey?: string | null;
  randomFormat?: string | null;
  revokePreviousAfterDays?: number | null;
}

/**
 * `PUT .../secrets/{key}/rotation-policy`. Not retried when the server may
 * generate a signing secret (HttpWebhook without one): it is shown once, and a
 * retry after a lost answer would find the policy set and return none.
 */
export function setRotationPolicy(
  http: HttpClient,
  ref: SecretRef & { body: SetRotationPolicyBody } & Call,
): Promise<HttpResult<SetRotationPolicyResponse>> {
  const mayMintSecret = ref.body.strategy === 'HttpWebhook' && !ref.body.signingSecret;
  return http.request({
    method: 'PUT',
    path: paths.rotationPolicy(ref),
    body: ref.body,
    schema: setRotationPolicyResponseSchema(),
    signal: ref.signal,
    idempotent: !mayMintSecret,
  });
}

/**
 * Whether a 404/405 from `GET .../rotation-policy` means the server has no such
 * endpoint (rather than no such policy). The rule:
 * - 405: the path exists for PUT but not GET: the endpoint is missing.
 * - 404 with a problem+json `title` other than the bare reason phrase
 *   "Not Found" (e.g. "Rotation policy not found", "Provider not found"): the
 *   endpoint answered about a resource, so it exists.
 * - any other 404 (empty body, HTML, or the framework's generic "Not Found"
 *   problem without a resource named): the endpoint is missing.
 */
export function isMissingEndpoint(error: BaxterApiError): boolean {
  if (error.status === 405) return true;
  if (error.status !== 404) return false;
  const title = error.title?.trim().toLowerCase();
  return !title || title === 'not found';
}

/**
 * `GET .../secrets/{key}/rotation-policy` → the real server's `RotationPolicyInfo`.
 * A server without it gets a {@link BaxterUnsupportedError}; a missing policy
 * stays a 404 {@link BaxterApiError}.
 */
export async function getRotationPolicy(http: HttpClient, ref: SecretRef & Call): Promise<HttpResult<RotationPolicyInfo>> {
  try {
    return await http.request({ method: 'GET', path: paths.rotationPolicy(ref), schema: rotationPolicyInfoSchema(), signal: ref.signal });
  } catch (error) {
    if (error instanceof BaxterApiError && isMissingEndpoint(error)) {
      throw new BaxterUnsupportedError({
        method: error.method,
        path: error.path,
        status: error.status,
        feature: 'Reading a rotation policy back (GET .../rotation-policy)',
        cause: error,
      });
    }
    throw error;
  }
}

/** `POST .../secrets/{key}/rotate` → `202`: the rotation runs asynchronously. Never retried (it would rotate twice). */
export function triggerRotation(http: HttpClient, ref: SecretRef & Call): Promise<HttpResult<OperationResponse>> {
  return http.request({ method: 'POST', path: paths.rotate(ref), schema: operationResponseSchema(), signal: ref.signal, idempotent: false });
}

/** `POST .../rotation-policy/rotate-signing-secret`. Never retried: a lost answer would leave a secret nobody saw. */
export function rotateSigningSecret(http: HttpClient, ref: SecretRef & Call): Promise<HttpResult<RotateSigningSecretResponse>> {
  return http.request({
    method: 'POST',
    path: paths.rotateSigningSecret(ref),
    schema: rotateSigningSecretResponseSchema(),
    signal: ref.signal,
    idempotent: false,
  });
}

/**
 * `GET .../secrets/{key}/versions`. A provider without versioning answers 501
 * (and a server without the endpoint a bare 404/405): both become a
 * {@link BaxterUnsupportedError}; an unknown secret stays a 404 {@link BaxterApiError}.
 */
export async function getSecretVersions(http: HttpClient, ref: SecretRef & Call): Promise<HttpResult<SecretVersionsWire>> {
  try {
    return await http.request({ method: 'GET', path: paths.secretVersions(ref), schema: secretVersionsSchema(), signal: ref.signal });
  } catch (error) {
    if (error instanceof BaxterApiError && (error.status === 501 || isMissingEndpoint(error))) {
      throw new BaxterUnsupportedError({
        method: error.method,
        path: error.path,
        status: error.status,
        feature: `Secret versions (GET .../versions) for provider "${ref.provider}"`,
        cause: error,
      });
    }
    throw error;
  }
}
