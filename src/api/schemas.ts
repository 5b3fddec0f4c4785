/**
 * zod schemas of the server's answers, written from the OpenAPI extract
 * (the real server's OpenAPI document). Objects are not strict: a newer server may add fields.
 *
 * `zod/mini` (bundled into the build, tree-shaken): its functional API keeps the
 * root entry's import small; the full `zod` package costs ~50 ms of module loading.
 */
import * as z from 'zod/mini';
import { lazy } from '../shared/lazy.js';
import { isSafeSegment } from './paths.js';

const nullableString = () => z.optional(z.nullable(z.string()));
/** A slug the client will put in a path: never empty, `.` or `..`. */
const nullableSlug = () =>
  z.optional(
  z.nullable(z.string().check(z.refine(isSafeSegment, { message: 'not usable as a URL path segment (empty, "." or "..")' }))),
);

export const keyContextSchema = lazy(() =>
  z.object({
  keyId: z.string(),
  role: z.string(),
  tenantId: nullableString(),
  tenantSlug: nullableString(),
  tenantName: nullableString(),
  projectId: nullableString(),
  projectSlug: nullableSlug(),
  projectName: nullableString(),
  environmentId: nullableString(),
  environmentSlug: nullableSlug(),
  environmentName: nullableString(),
}),
);
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
export type KeyContext = z.output<ReturnType<typeof keyContextSchema>>;

export const allEnvironmentSecretsSchema = lazy(() =>
  z.object({
  environmentSlug: z.string(),
  environmentName: z.string(),
  secrets: z.record(z.string(), z.string()),
  version: z.int(),
  lastModified: z.string(),
}),
);
export type AllEnvironmentSecrets = z.output<ReturnType<typeof allEnvironmentSecretsSchema>>;

/**
 * The change marker, echoed back as `If-None-Match: "{hash}"`: a bounded token of visible
 * ASCII without `"` or `\`. Anything else (CR/LF, non-Latin-1, 16 KB) would make every
 * later check fail (an invalid header, or 431), so it is a response error and never stored.
 */
export const hashMarkerSchema = lazy(() =>
  z
  .string()
  .check(z.minLength(1), z.maxLength(256), z.regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { message: 'not a header-safe token' })),
);

export const secretsHashSchema = lazy(() =>
  z.object({
  hash: hashMarkerSchema(),
  secretCount: z.int(),
  computedAt: z.string(),
}),
);
export type SecretsHash = z.output<ReturnType<typeof secretsHashSchema>>;

export const secretsVersionSchema = lazy(() =>
  z.object({
  environmentSlug: z.string(),
  version: z.int(),
  lastModified: z.string(),
}),
);
export type SecretsVersion = z.output<ReturnType<typeof secretsVersionSchema>>;

/** A provider's secret, once decrypted. */
export const providerSecretSchema = lazy(() =>
  z.looseObject({ key: z.string(), value: z.string() }),
);
export type ProviderSecret = z.output<ReturnType<typeof providerSecretSchema>>;
export const providerSecretsSchema = lazy(() =>
  z.array(providerSecretSchema()),
);

export const generateCredentialsSchema = lazy(() =>
  z.object({
  username: z.string(),
  password: z.string(),
  expiresAt: z.string(),
  leaseDurationSeconds: z.int(),
  leaseId: z.string(),
  connectionUrl: z.optional(z.nullable(z.string())),
}),
);
export type GeneratedCredentials = z.output<ReturnType<typeof generateCredentialsSchema>>;

export const rolesSchema = lazy(() =>
  z.array(z.string()),
);

export const operationResponseSchema = lazy(() =>
  z.object({
  success: z.boolean(),
  message: z.string(),
  data: z.optional(z.unknown()),
}),
);
export type OperationResponse = z.output<ReturnType<typeof operationResponseSchema>>;

export const setRotationPolicyResponseSchema = lazy(() =>
  z.object({
  success: z.boolean(),
  message: z.string(),
  signingSecret: z.optional(z.nullable(z.string())),
  signingSecretKeyPrefix: z.optional(z.nullable(z.string())),
}),
);
export type SetRotationPolicyResponse = z.output<ReturnType<typeof setRotationPolicyResponseSchema>>;

export const rotateSigningSecretResponseSchema = lazy(() =>
  z.object({
  success: z.boolean(),
  message: z.string(),
  newSigningSecret: z.string(),
  newSigningSecretKeyPrefix: z.string(),
}),
);
export type RotateSigningSecretResponse = z.output<ReturnType<typeof rotateSigningSecretResponseSchema>>;
