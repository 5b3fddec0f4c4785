/**
 * zod schemas of the server's answers, written from the OpenAPI extract
 * (`shared/contract`). Objects are not strict: a newer server may add fields.
 *
 * `zod/mini` (bundled into the build, tree-shaken): its functional API keeps the
 * root entry's import small; the full `zod` package costs ~50 ms of module loading.
 */
import * as z from 'zod/mini';

const nullableString = z.optional(z.nullable(z.string()));

export const keyContextSchema = z.object({
  keyId: z.string(),
  role: z.string(),
  tenantId: nullableString,
  tenantSlug: nullableString,
  tenantName: nullableString,
  projectId: nullableString,
  projectSlug: nullableString,
  projectName: nullableString,
  environmentId: nullableString,
  environmentSlug: nullableString,
  environmentName: nullableString,
});
/**
 * What an API key is scoped to, as `GET /api/v1/keys/me` answers: the key's id
 * and role, and its tenant, project and environment (slugs, ids and names;
 * `null` or absent where the key is not scoped that far). The client reads it
 * to fill in `project` and `environment` when neither the options nor the
 * environment variables give them.
 *
 * @example
 * ```ts
 * import { http, HttpResponse } from 'msw';
 * import type { KeyContext } from '@bella-baxter/sdk';
 *
 * // A fake server for a test: the key is scoped to shop/prod.
 * const keysMe = http.get('https://api.bella-baxter.io/api/v1/keys/me', () =>
 *   HttpResponse.json({ keyId: 'k-123', role: 'Reader', projectSlug: 'shop', environmentSlug: 'prod' } satisfies KeyContext),
 * );
 * ```
 */
export type KeyContext = z.output<typeof keyContextSchema>;

export const allEnvironmentSecretsSchema = z.object({
  environmentSlug: z.string(),
  environmentName: z.string(),
  secrets: z.record(z.string(), z.string()),
  version: z.int(),
  lastModified: z.string(),
});
export type AllEnvironmentSecrets = z.output<typeof allEnvironmentSecretsSchema>;

export const secretsHashSchema = z.object({
  hash: z.string(),
  secretCount: z.int(),
  computedAt: z.string(),
});
export type SecretsHash = z.output<typeof secretsHashSchema>;

export const secretsVersionSchema = z.object({
  environmentSlug: z.string(),
  version: z.int(),
  lastModified: z.string(),
});
export type SecretsVersion = z.output<typeof secretsVersionSchema>;

/** A provider's secret, once decrypted. */
export const providerSecretSchema = z.looseObject({ key: z.string(), value: z.string() });
export type ProviderSecret = z.output<typeof providerSecretSchema>;
export const providerSecretsSchema = z.array(providerSecretSchema);

export const generateCredentialsSchema = z.object({
  username: z.string(),
  password: z.string(),
  expiresAt: z.string(),
  leaseDurationSeconds: z.int(),
  leaseId: z.string(),
  connectionUrl: z.optional(z.nullable(z.string())),
});
export type GeneratedCredentials = z.output<typeof generateCredentialsSchema>;

export const rolesSchema = z.array(z.string());

export const operationResponseSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  data: z.optional(z.unknown()),
});
export type OperationResponse = z.output<typeof operationResponseSchema>;

export const setRotationPolicyResponseSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  signingSecret: z.optional(z.nullable(z.string())),
  signingSecretKeyPrefix: z.optional(z.nullable(z.string())),
});
export type SetRotationPolicyResponse = z.output<typeof setRotationPolicyResponseSchema>;

export const rotateSigningSecretResponseSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  newSigningSecret: z.string(),
  newSigningSecretKeyPrefix: z.string(),
});
export type RotateSigningSecretResponse = z.output<typeof rotateSigningSecretResponseSchema>;

/** A policy read back (`GET .../rotation-policy`): this SDK's assumption, implemented by the emulator. */
export const rotationPolicySchema = z.object({
  enabled: z.boolean(),
  intervalDays: z.int(),
  strategy: z.string(),
  endpoint: z.optional(z.nullable(z.string())),
  signingSecret: z.optional(z.nullable(z.string())),
  apiKeyHeader: z.optional(z.nullable(z.string())),
  apiKey: z.optional(z.nullable(z.string())),
  randomFormat: z.optional(z.nullable(z.string())),
  revokePreviousAfterDays: z.optional(z.nullable(z.int())),
  lastRotatedAt: z.optional(z.nullable(z.string())),
  nextRotationAt: z.optional(z.nullable(z.string())),
  status: z.string(),
  lastError: z.optional(z.nullable(z.string())),
  revocationDueAt: z.optional(z.nullable(z.string())),
});
export type RotationPolicyRecord = z.output<typeof rotationPolicySchema>;
