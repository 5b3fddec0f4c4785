/**
 * The two rotation policy shapes a user may set,
 * validated before anything is sent: a zod discriminated union on `strategy`.
 */
import * as z from 'zod/mini';
import type { SetRotationPolicyBody } from '../api/rotation.js';
import { BaxterValidationError } from '../errors/validation-error.js';
import { isRandomFormat, RANDOM_FORMATS, type RandomFormat } from '../random/formats.js';
import { lazy } from '../shared/lazy.js';

/** What the server shows instead of a stored `signingSecret` or `apiKey`; never a value to send back. */
export const MASKED_SECRET = '***ENCRYPTED***';

/**
 * Rotate by generating a random value in process on the server.
 *
 * @example
 * ```ts
 * const policy: GenerateRandomPolicy = { strategy: 'GenerateRandom', randomFormat: 'alphanumeric-32', intervalDays: 30 };
 * ```
 */
export interface GenerateRandomPolicy {
  strategy: 'GenerateRandom';
  /** One of `uuid`, `hex32`, `base64-32`, `alphanumeric-32`. */
  randomFormat: RandomFormat;
  /** Days between rotations, a whole number ≥ 1. */
  intervalDays: number;
  /** @default true */
  enabled?: boolean | undefined;
}

/**
 * Rotate by calling your rotation function (see `createRotationHandler`).
 *
 * @example
 * ```ts
 * const policy: HttpWebhookPolicy = { strategy: 'HttpWebhook', endpoint: 'https://fn.example.com/rotate', intervalDays: 90, revokePreviousAfterDays: 1 };
 * ```
 */
export interface HttpWebhookPolicy {
  strategy: 'HttpWebhook';
  /** The rotation function's absolute http(s) URL. */
  endpoint: string;
  /** Days between rotations, a whole number ≥ 1. */
  intervalDays: number;
  /**
   * Days to wait after a rotation before calling `revoke` with the handle of the value it
   * replaced (the one the previous rotation returned); 0 revokes at once.
   */
  revokePreviousAfterDays?: number | undefined;
  /** Your own signing secret; omitted, the server generates one and returns it once. */
  signingSecret?: string | undefined;
  /** The header carrying `apiKey` on each call. @default 'x-api-key' */
  apiKeyHeader?: string | undefined;
  /** An API key your function checks, sent in `apiKeyHeader`. */
  apiKey?: string | undefined;
  /** @default true */
  enabled?: boolean | undefined;
}

/**
 * A rotation policy to set: {@link GenerateRandomPolicy} or {@link HttpWebhookPolicy}.
 *
 * @example
 * ```ts
 * const policy: RotationPolicyInput = { strategy: 'GenerateRandom', randomFormat: 'uuid', intervalDays: 7 };
 * ```
 */
export type RotationPolicyInput = GenerateRandomPolicy | HttpWebhookPolicy;

/** The policy schema: strict objects, so a field of the other strategy is an error, not silently sent. */
export const rotationPolicyInputSchema = lazy(() => {
  const secretField = z.string().check(z.minLength(1), z.refine((v) => v !== MASKED_SECRET));
  const days = (min: number) => z.int().check(z.gte(min), z.lte(36_500));
  const httpUrl = z.string().check(
    z.refine((v) => {
      try {
        const url = new URL(v);
        return url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        return false;
      }
    }),
  );
  const headerName = z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/));
  return z.discriminatedUnion('strategy', [
    z.strictObject({
      strategy: z.literal('GenerateRandom'),
      randomFormat: z.string().check(z.refine(isRandomFormat)),
      intervalDays: days(1),
      enabled: z.optional(z.boolean()),
    }),
    z.strictObject({
      strategy: z.literal('HttpWebhook'),
      endpoint: httpUrl,
      intervalDays: days(1),
      revokePreviousAfterDays: z.optional(days(0)),
      signingSecret: z.optional(secretField),
      apiKeyHeader: z.optional(headerName),
      apiKey: z.optional(secretField),
      enabled: z.optional(z.boolean()),
    }),
  ]);
});

const RULES: Record<string, string> = {
  enabled: 'must be a boolean',
  intervalDays: 'must be a whole number of days ≥ 1',
  endpoint: 'is required for HttpWebhook and must be an absolute http(s) URL',
  randomFormat: `is required for GenerateRandom and must be one of ${RANDOM_FORMATS.join(', ')}`,
  revokePreviousAfterDays: 'must be a whole number of days ≥ 0',
  signingSecret: `must be a non-empty string, not the masked read-back ${MASKED_SECRET}`,
  apiKey: `must be a non-empty string, not the masked read-back ${MASKED_SECRET}`,
  apiKeyHeader: 'must be a valid HTTP header name',
};
const ONLY_FOR: Record<string, string> = {
  revokePreviousAfterDays: 'HttpWebhook',
  endpoint: 'HttpWebhook',
  signingSecret: 'HttpWebhook',
  apiKeyHeader: 'HttpWebhook',
  apiKey: 'HttpWebhook',
  randomFormat: 'GenerateRandom',
};

/** A key name as shown in a message: short, printable (it came from the caller's object). */
const shownKey = (k: string) => (/^[A-Za-z0-9_]{1,40}$/.test(k) ? k : '(an unexpected field)');

/**
 * Checks `policy` and returns the wire body. Throws a {@link BaxterValidationError}
 * naming every bad field (`policy.endpoint`, ...) and the rule it breaks, never a value.
 */
export function toPolicyBody(policy: unknown): SetRotationPolicyBody {
  // `field: undefined` means "not set", as it would in JSON.
  const input =
    policy && typeof policy === 'object' && !Array.isArray(policy)
      ? Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined))
      : policy;
  const parsed = rotationPolicyInputSchema().safeParse(input);
  if (parsed.success) {
    const { enabled, ...rest } = parsed.data;
    return { enabled: enabled ?? true, ...rest };
  }
  const fields: string[] = [];
  const problems: string[] = [];
  const add = (field: string, problem: string) => {
    if (fields.includes(field)) return;
    fields.push(field);
    problems.push(`${field} ${problem}`);
  };
  for (const issue of parsed.error.issues) {
    const top = issue.path[0];
    if (issue.path.length === 0 && issue.code === 'invalid_type') add('policy', 'must be an object');
    else if (top === 'strategy') add('policy.strategy', 'must be "GenerateRandom" or "HttpWebhook"');
    else if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const only = Object.hasOwn(ONLY_FOR, k) ? ONLY_FOR[k] : undefined;
        add(`policy.${shownKey(k)}`, only ? `applies to ${only} only` : 'is not a rotation policy field');
      }
    } else if (typeof top === 'string') add(`policy.${top}`, RULES[top] ?? 'is invalid');
    else add('policy', 'is invalid');
  }
  throw new BaxterValidationError(`Invalid rotation policy: ${problems.join('; ')}. Nothing was sent.`, fields);
}

/** Checks the `provider` and `key` every rotation call takes. */
export function checkSecretRef(method: string, ref: unknown): void {
  const o = (ref ?? {}) as Record<string, unknown>;
  const bad = (['provider', 'key'] as const).filter((f) => typeof o[f] !== 'string' || (o[f] as string).trim() === '');
  if (bad.length > 0) {
    throw new BaxterValidationError(`Invalid arguments to rotation.${method}(): ${bad.map((f) => `${f} must be a non-empty string`).join('; ')}.`, bad);
  }
}
