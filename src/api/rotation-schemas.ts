/**
 * zod/mini schemas of the rotation read-backs (wire contract §6), written
 * from the real server's `RotationPolicyInfo` and secret-versions answers.
 * Every policy field is nullable and may be missing; objects are not strict (a
 * newer server may add fields), and no secret field is read even if sent.
 */
import * as z from 'zod/mini';
import { lazy } from '../shared/lazy.js';

const maybe = <T extends z.core.SomeType>(schema: T) => z.optional(z.nullable(schema));

/** `GET .../rotation-policy`: the real server's `RotationPolicyInfo`, plus the emulator's optional extras. */
export const rotationPolicyInfoSchema = lazy(() =>
  z.object({
  enabled: maybe(z.boolean()),
  intervalDays: maybe(z.number()),
  strategy: maybe(z.string()),
  endpoint: maybe(z.string()),
  apiKeyHeader: maybe(z.string()),
  randomFormat: maybe(z.string()),
  revokePreviousAfterDays: maybe(z.number()),
  signingSecretKeyPrefix: maybe(z.string()),
  lastRotatedAt: maybe(z.string()),
  nextRotationAt: maybe(z.string()),
  /** `Idle`, `Rotating`, `PendingRevocation`, `Error`, or a value this SDK does not know. */
  rotationStatus: maybe(z.string()),
  isOverdue: maybe(z.boolean()),
  // Extras (the emulator sends them; the real server may not).
  lastError: maybe(z.string()),
  lastErrorAt: maybe(z.string()),
  revocationDueAt: maybe(z.string()),
}),
);
export type RotationPolicyInfo = z.output<ReturnType<typeof rotationPolicyInfoSchema>>;

/** `GET .../secrets/{key}/versions`. */
export const secretVersionsSchema = lazy(() =>
  z.object({
  currentVersion: maybe(z.number()),
  oldestVersion: maybe(z.number()),
  maxVersions: maybe(z.number()),
  versions: z.array(
    z.object({
      version: z.number(),
      createdAt: maybe(z.string()),
      deletedAt: maybe(z.string()),
      isDestroyed: maybe(z.boolean()),
      isCurrent: maybe(z.boolean()),
    }),
  ),
}),
);
export type SecretVersionsWire = z.output<ReturnType<typeof secretVersionsSchema>>;
