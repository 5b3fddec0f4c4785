/**
 * `@bella-baxter/sdk`: the live secrets client and the management APIs.
 */
export { createBaxterClient, type ConfigOf } from './client/create-client.js';
export {
  BaxterClient,
  type ClientStatus,
  type ClientEvents,
  type SecretsChangeEvent,
  type SecretsErrorEvent,
  type SecretsRefreshedEvent,
  type SecretsRecoveredEvent,
} from './client/live-secrets.js';
export {
  createBaxterManagementClient,
  type BaxterManagementClient,
  type BaxterManagementClientOptions,
} from './client/create-management-client.js';
export type { SecretsCacheOptions } from './client/cache/cache-options.js';
export { CLIENT_DEFAULTS, type BaxterClientOptions } from './client/options.js';
export { SecretsSnapshot, type SecretsDiff } from './client/snapshot.js';
export type { FetchLike } from './http/transport.js';
export type { BaxterLogger } from './observability/logger.js';
export { TRACING_CHANNELS, type RequestSpan, type RefreshSpan } from './observability/tracing.js';
export type { StandardSchemaV1 } from './shared/standard-schema.js';
export type { KeyContext } from './api/schemas.js';
export type { EnvironmentProviderResponse } from './api/provider-schemas.js';
export { SDK_VERSION } from './version.js';
export { generateRandom, RANDOM_FORMATS, isRandomFormat, type RandomFormat } from './random.js';
export {
  rotationStatus,
  DUE_SOON_DAYS,
  type RotationStatus,
  type RotationStatusInfo,
  type RotationPolicyStatusInput,
} from './rotation/rotation-status.js';
export {
  BaxterError,
  isBaxterError,
  BaxterConfigError,
  isBaxterConfigError,
  BaxterApiError,
  isBaxterApiError,
  BaxterNetworkError,
  isBaxterNetworkError,
  BaxterTimeoutError,
  isBaxterTimeoutError,
  BaxterResponseError,
  isBaxterResponseError,
  BaxterUnsupportedError,
  isBaxterUnsupportedError,
  BaxterMissingSecretError,
  isBaxterMissingSecretError,
  BaxterValidationError,
  isBaxterValidationError,
  BaxterRotationTimeoutError,
  isBaxterRotationTimeoutError,
  BaxterCacheError,
  isBaxterCacheError,
  BaxterRotationFailedError,
  isBaxterRotationFailedError,
  BaxterE2eeDowngradeError,
  isBaxterE2eeDowngradeError,
  BaxterEncryptedValueError,
  isBaxterEncryptedValueError,
  BaxterResponseTooLargeError,
  isBaxterResponseTooLargeError,
  BaxterClosedError,
  isBaxterClosedError,
  BaxterAbortError,
  isBaxterAbortError,
  type BaxterErrorOptions,
  type ProblemDetails,
  type ResponseIssue,
  type RequestContext,
} from './errors/index.js';
export { DynamicCredentials, type DynamicCredentialsEnv } from './credentials/dynamic-credentials.js';
export type { CredentialsClient, GenerateCredentialsOptions, LeaseCredentialsOptions } from './credentials/credentials-client.js';
export type {
  CredentialLease,
  CredentialLeaseEvents,
  CredentialsRenewedEvent,
  CredentialsExpiringEvent,
  CredentialsErrorEvent,
} from './credentials/credential-lease.js';
export type { RotationClient, RotationTarget, WaitForRotationOptions } from './rotation/rotation-client.js';
export type { RotationPolicyInput, GenerateRandomPolicy, HttpWebhookPolicy } from './rotation/policy-input.js';
export type { RotationPolicy, RotationPolicyUpdate, RotationAccepted, SigningSecretRotation } from './rotation/results.js';
export type { SecretVersions, SecretVersion } from './rotation/versions.js';
