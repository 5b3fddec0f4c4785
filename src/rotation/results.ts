/**
 * What the rotation calls return. Plain frozen objects whose fields are all
 * readable (a one-time `signingSecret` must be read, once, by its owner), with
 * `util.inspect`, `JSON.stringify` and `String()` masking every secret in them,
 * so logging a result never leaks it.
 */
import type { RotationPolicyInfo } from '../api/rotation-schemas.js';
import type { OperationResponse, RotateSigningSecretResponse, SetRotationPolicyResponse } from '../api/schemas.js';
import { defineSafeView, mask } from '../shared/redact.js';

/**
 * The answer to `setPolicy`. `signingSecret` is set only when the server
 * generated one: it is shown this once, so store it in your rotation
 * function's configuration now. Logging the object masks it.
 *
 * @example
 * ```ts
 * const { signingSecret } = await client.rotation.setPolicy({ provider, key, policy });
 * if (signingSecret) await saveToFunctionConfig('BELLA_SIGNING_SECRET', signingSecret);
 * ```
 */
export interface RotationPolicyUpdate {
  readonly success: boolean;
  readonly message: string;
  /** The generated signing secret, present once; undefined when you supplied one or the policy kept its own. */
  readonly signingSecret: string | undefined;
  /** A non-secret prefix of it, to recognise it later. */
  readonly signingSecretKeyPrefix: string | undefined;
}

/**
 * The answer to `rotateSigningSecret`: the new secret, shown once. Logging the object masks it.
 *
 * @example
 * ```ts
 * const { newSigningSecret } = await client.rotation.rotateSigningSecret({ provider, key });
 * ```
 */
export interface SigningSecretRotation {
  readonly success: boolean;
  readonly message: string;
  readonly newSigningSecret: string;
  readonly newSigningSecretKeyPrefix: string;
}

/**
 * The `202` answer to `rotate`: the rotation was accepted and runs asynchronously.
 *
 * @example
 * ```ts
 * const accepted = await client.rotation.rotate({ provider, key });
 * console.log(accepted.message);
 * ```
 */
export interface RotationAccepted {
  readonly success: boolean;
  readonly message: string;
  readonly data: unknown;
}

/**
 * A policy read back: the real server's `RotationPolicyInfo`. Every field may be
 * `null` (the server sends what it has). No secret comes back: the signing
 * secret is known only by its `signingSecretKeyPrefix`, the API key not at all.
 * `rotationStatus` says what the server is doing; pass the policy to
 * `rotationStatus()` for the badge.
 *
 * @example
 * ```ts
 * const policy = await client.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_KEY' });
 * const { emoji, label } = rotationStatus(policy);
 * if (policy.rotationStatus === 'Error') console.error(policy.lastError ?? 'the last rotation failed');
 * ```
 */
export interface RotationPolicy {
  readonly enabled: boolean | null;
  readonly intervalDays: number | null;
  readonly strategy: 'GenerateRandom' | 'HttpWebhook' | (string & {}) | null;
  readonly endpoint: string | null;
  readonly apiKeyHeader: string | null;
  readonly randomFormat: string | null;
  readonly revokePreviousAfterDays: number | null;
  /** A non-secret prefix of the policy's signing secret, to recognise it. */
  readonly signingSecretKeyPrefix: string | null;
  readonly lastRotatedAt: Date | null;
  readonly nextRotationAt: Date | null;
  /** `Idle`, `Rotating`, `PendingRevocation`, `Error`, or a status this SDK does not know yet (kept as sent). */
  readonly rotationStatus: 'Idle' | 'Rotating' | 'PendingRevocation' | 'Error' | (string & {}) | null;
  /** The server's own verdict on whether the rotation is past due. */
  readonly isOverdue: boolean | null;
  /** Same as `rotationStatus`, `'Idle'` when the server sent none (the name earlier versions of this SDK used). */
  readonly status: 'Idle' | 'Rotating' | 'PendingRevocation' | 'Error' | (string & {});
  /** What the last failed attempt said, while in `Error`. An extra (the emulator sends it): `null` from a server that does not. */
  readonly lastError: string | null;
  /** When the last failure happened. An extra, like `lastError`. */
  readonly lastErrorAt: Date | null;
  /** When the previous handle is due for revocation, while `PendingRevocation`. An extra, like `lastError`. */
  readonly revocationDueAt: Date | null;
}

function frozen<T extends object>(value: T, label: string, view: () => Record<string, unknown>): T {
  defineSafeView(value, label, view);
  return Object.freeze(value);
}

/** An endpoint for display: its password and query (an Azure Functions `?code=` is a key) masked. */
function shownEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    if (url.password) url.password = '***';
    const query = url.search ? '?[REDACTED]' : '';
    url.search = '';
    url.hash = '';
    return url.toString() + query;
  } catch {
    return mask(endpoint);
  }
}

const masked = (v: string | null | undefined) => (v == null ? v ?? null : mask(v));
const date = (v: string | null | undefined) => {
  if (v == null || v === '') return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms) : null;
};

/** @internal */
export function policyUpdate(wire: SetRotationPolicyResponse): RotationPolicyUpdate {
  const value: RotationPolicyUpdate = {
    success: wire.success,
    message: wire.message,
    signingSecret: wire.signingSecret ?? undefined,
    signingSecretKeyPrefix: wire.signingSecretKeyPrefix ?? undefined,
  };
  return frozen(value, 'RotationPolicyUpdate', () => ({ ...value, signingSecret: masked(value.signingSecret) ?? undefined }));
}

/** @internal */
export function signingSecretRotation(wire: RotateSigningSecretResponse): SigningSecretRotation {
  const value: SigningSecretRotation = { ...wire };
  return frozen(value, 'SigningSecretRotation', () => ({ ...value, newSigningSecret: mask(value.newSigningSecret) }));
}

/** @internal */
export function rotationAccepted(wire: OperationResponse): RotationAccepted {
  const value: RotationAccepted = { success: wire.success, message: wire.message, data: wire.data ?? null };
  return frozen(value, 'RotationAccepted', () => ({ ...value }));
}

/** @internal */
export function rotationPolicy(wire: RotationPolicyInfo): RotationPolicy {
  const value: RotationPolicy = {
    enabled: wire.enabled ?? null,
    intervalDays: wire.intervalDays ?? null,
    strategy: wire.strategy ?? null,
    endpoint: wire.endpoint ?? null,
    apiKeyHeader: wire.apiKeyHeader ?? null,
    randomFormat: wire.randomFormat ?? null,
    revokePreviousAfterDays: wire.revokePreviousAfterDays ?? null,
    signingSecretKeyPrefix: wire.signingSecretKeyPrefix ?? null,
    lastRotatedAt: date(wire.lastRotatedAt),
    nextRotationAt: date(wire.nextRotationAt),
    rotationStatus: wire.rotationStatus ?? null,
    isOverdue: wire.isOverdue ?? null,
    status: wire.rotationStatus ?? 'Idle',
    lastError: wire.lastError ?? null,
    lastErrorAt: date(wire.lastErrorAt),
    revocationDueAt: date(wire.revocationDueAt),
  };
  return frozen(value, 'RotationPolicy', () => ({
    ...value,
    endpoint: value.endpoint === null ? null : shownEndpoint(value.endpoint),
  }));
}
