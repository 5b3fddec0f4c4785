import type { EnvRef, SecretRef } from '../api/paths.js';
import { getRotationPolicy, getSecretVersions, rotateSigningSecret, setRotationPolicy, triggerRotation, type SetRotationPolicyBody } from '../api/rotation.js';
import { withProviderHint } from '../client/unknown-provider.js';
import { BaxterClosedError } from '../errors/closed-error.js';
import { BaxterValidationError } from '../errors/validation-error.js';
import type { HttpClient } from '../http/http-client.js';
import { withLinkedSignal } from '../shared/abort.js';
import { checkSecretRef, toPolicyBody, type RotationPolicyInput } from './policy-input.js';
import {
  policyUpdate,
  rotationAccepted,
  rotationPolicy,
  signingSecretRotation,
  type RotationAccepted,
  type RotationPolicy,
  type RotationPolicyUpdate,
  type SigningSecretRotation,
} from './results.js';
import { secretVersions, type SecretVersions } from './versions.js';
import { waitForRotationOutcome } from './wait-for-rotation.js';

/**
 * Which secret a rotation call is about: a key of one provider, in the client's
 * project and environment.
 *
 * @example
 * ```ts
 * import type { RotationTarget } from '@bella-baxter/sdk';
 *
 * const stripeKey: RotationTarget = { provider: 'vault', key: 'STRIPE_API_KEY' };
 * await client.rotation.rotate(stripeKey);
 * const policy = await client.rotation.waitForRotation({ ...stripeKey, timeoutMs: 30_000 });
 * ```
 */
export interface RotationTarget {
  /** The provider slug holding the secret. */
  provider: string;
  /** The secret's key. */
  key: string;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/**
 * Options of {@link RotationClient.waitForRotation}: the secret, since when a
 * rotation counts, how long to wait in all, and how often to poll (the first
 * poll is immediate).
 *
 * @example
 * ```ts
 * const requestedAt = new Date();
 * await client.rotation.rotate({ provider: 'vault', key: 'STRIPE_API_KEY' });
 * const policy = await client.rotation.waitForRotation({
 *   provider: 'vault',
 *   key: 'STRIPE_API_KEY',
 *   since: requestedAt, // only a rotation finished (or failed) after this counts
 *   timeoutMs: 120_000, // give up after two minutes
 *   pollIntervalMs: 1_000, // then waits of 1 s, 1.5 s, 2.25 s... up to maxPollIntervalMs
 *   maxPollIntervalMs: 10_000,
 * });
 * ```
 */
export interface WaitForRotationOptions extends RotationTarget {
  /**
   * Only what happened at or after this time counts: a `lastRotatedAt` from
   * then on (done), or an `Error` reached after it (failed). Pass the time you
   * requested the rotation; against an emulator on a frozen clock, its
   * `emulator.clock.date()`.
   * @default when this client last sent `rotate()` for this secret, else the time of this call
   */
  since?: Date | undefined;
  /**
   * The secret's `currentVersion` before the rotation (from `versions()`): a
   * higher one also counts as done. Ignored on providers without versioning.
   */
  sinceVersion?: number | undefined;
  /** Give up (with `BaxterRotationTimeoutError`) after this many milliseconds. @default 60000 */
  timeoutMs?: number | undefined;
  /** The first wait between polls; it grows by half each poll. @default 250 */
  pollIntervalMs?: number | undefined;
  /** The longest wait between polls. @default 5000 */
  maxPollIntervalMs?: number | undefined;
}

/** @internal What the client hands its rotation feature. */
export interface RotationClientInit {
  http: HttpClient;
  scope: EnvRef;
  lifetime: AbortSignal;
}

/**
 * Rotation management, as `client.rotation`: set, read
 * and disable a secret's rotation policy, rotate now, wait for the outcome, and
 * rotate the policy's signing secret.
 *
 * @example
 * ```ts
 * await client.rotation.setPolicy({
 *   provider: 'vault',
 *   key: 'SESSION_SECRET',
 *   policy: { strategy: 'GenerateRandom', randomFormat: 'alphanumeric-32', intervalDays: 30 },
 * });
 * await client.rotation.rotate({ provider: 'vault', key: 'SESSION_SECRET' });
 * const policy = await client.rotation.waitForRotation({ provider: 'vault', key: 'SESSION_SECRET', timeoutMs: 30_000 });
 * ```
 */
export class RotationClient {
  readonly #init: RotationClientInit;
  /** When `rotate()` was last sent per secret: the default `since`, so a rotation that ends before the wait starts still counts. */
  readonly #requestedAt = new Map<string, Date>();

  /** @internal Reached as `client.rotation`. */
  constructor(init: RotationClientInit) {
    this.#init = init;
  }

  /**
   * Sets a secret's rotation policy. The policy is validated first (HttpWebhook
   * needs `endpoint`; GenerateRandom needs a known `randomFormat`; `intervalDays`
   * ≥ 1; `revokePreviousAfterDays` ≥ 0 and HttpWebhook only): a bad one throws
   * {@link BaxterValidationError} naming the fields, and nothing is sent.
   * Resolves with the server's answer, including a one-time `signingSecret`
   * when the server generated one (read it now; logging the answer masks it).
   *
   * @example
   * ```ts
   * const { signingSecret } = await client.rotation.setPolicy({
   *   provider: 'vault',
   *   key: 'STRIPE_API_KEY',
   *   policy: { strategy: 'HttpWebhook', endpoint: 'https://rotate.example.com/stripe', intervalDays: 90, revokePreviousAfterDays: 1 },
   * });
   * ```
   */
  async setPolicy(options: RotationTarget & { policy: RotationPolicyInput }): Promise<RotationPolicyUpdate> {
    checkSecretRef('setPolicy', options);
    const body = toPolicyBody(options.policy);
    const res = await this.#call('setPolicy', options, (signal) => setRotationPolicy(this.#init.http, { ...this.#ref(options), body, signal }));
    return policyUpdate(res.data!);
  }

  /**
   * Reads a policy back with its state (`status`, `lastRotatedAt`,
   * `nextRotationAt`, `lastError`, `revocationDueAt`). This endpoint is this
   * SDK's assumption (the emulator implements it): a server without it gets a
   * {@link BaxterUnsupportedError}; a secret without a policy is a 404 `BaxterApiError`.
   *
   * @example
   * ```ts
   * const policy = await client.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
   * console.log(policy.status, policy.nextRotationAt);
   * ```
   */
  async getPolicy(options: RotationTarget): Promise<RotationPolicy> {
    checkSecretRef('getPolicy', options);
    const res = await this.#call('getPolicy', options, (signal) => getRotationPolicy(this.#init.http, { ...this.#ref(options), signal }));
    return rotationPolicy(res.data!);
  }

  /**
   * Turns a policy off, keeping its settings: reads it back, then sets it with
   * `enabled: false`. The stored signing secret and API key are kept (they are
   * never sent back). Needs `getPolicy` support; on a server without it, call
   * `setPolicy` with your policy and `enabled: false`.
   *
   * @example `await client.rotation.disablePolicy({ provider: 'vault', key: 'SESSION_SECRET' });`
   */
  async disablePolicy(options: RotationTarget): Promise<RotationPolicyUpdate> {
    checkSecretRef('disablePolicy', options);
    const current = await this.getPolicy(options);
    const { strategy, intervalDays } = current;
    if (strategy !== 'GenerateRandom' && strategy !== 'HttpWebhook') {
      throw new BaxterValidationError(`disablePolicy() cannot resend a policy of unknown strategy; call setPolicy() with enabled: false.`, ['strategy']);
    }
    if (intervalDays === null) {
      throw new BaxterValidationError(`disablePolicy() cannot resend a policy the server read back without intervalDays; call setPolicy() with enabled: false.`, ['intervalDays']);
    }
    const body: SetRotationPolicyBody =
      strategy === 'GenerateRandom'
        ? { enabled: false, intervalDays, strategy: 'GenerateRandom', randomFormat: current.randomFormat }
        : {
            enabled: false,
            intervalDays,
            strategy: 'HttpWebhook',
            endpoint: current.endpoint,
            apiKeyHeader: current.apiKeyHeader,
            revokePreviousAfterDays: current.revokePreviousAfterDays,
            // signingSecret and apiKey are left out on purpose: the read-back only has their masks.
          };
    const res = await this.#call('disablePolicy', options, (signal) => setRotationPolicy(this.#init.http, { ...this.#ref(options), body, signal }));
    return policyUpdate(res.data!);
  }

  /**
   * Rotates the secret now. The server answers `202` and rotates
   * asynchronously; follow it with {@link waitForRotation}. Never retried
   * automatically (a repeat would rotate twice).
   *
   * @example
   * ```ts
   * await client.rotation.rotate({ provider: 'vault', key: 'SESSION_SECRET' });
   * ```
   */
  async rotate(options: RotationTarget): Promise<RotationAccepted> {
    checkSecretRef('rotate', options);
    this.#requestedAt.set(JSON.stringify([options.provider, options.key]), new Date());
    const res = await this.#call('rotate', options, (signal) => triggerRotation(this.#init.http, { ...this.#ref(options), signal }));
    return rotationAccepted(res.data!);
  }

  /**
   * Follows a rotation until the server shows its outcome, judged by what
   * happened at or after `since` (default: now), so a stale status never ends
   * the wait: resolves with the policy once `lastRotatedAt` is from then on (or
   * `currentVersion` rose above `sinceVersion`); rejects with
   * {@link BaxterRotationFailedError} (with the server's `lastError`) once
   * `Error` is reached after it, and with {@link BaxterRotationTimeoutError}
   * after `timeoutMs`. Polls `getPolicy` with waits growing by half from
   * `pollIntervalMs` up to `maxPollIntervalMs`, on unref'd timers.
   *
   * @example
   * ```ts
   * const since = new Date();
   * await client.rotation.rotate({ provider: 'vault', key: 'STRIPE_API_KEY' });
   * try {
   *   const policy = await client.rotation.waitForRotation({ provider: 'vault', key: 'STRIPE_API_KEY', since, timeoutMs: 30_000 });
   *   console.log('rotated at', policy.lastRotatedAt);
   * } catch (error) {
   *   if (isBaxterRotationFailedError(error)) console.error(error.lastError);
   * }
   * ```
   */
  async waitForRotation(options: WaitForRotationOptions): Promise<RotationPolicy> {
    checkSecretRef('waitForRotation', options);
    const since = options.since ?? this.#requestedAt.get(JSON.stringify([options.provider, options.key])) ?? new Date();
    const bad: string[] = (['timeoutMs', 'pollIntervalMs', 'maxPollIntervalMs'] as const).filter((f) => {
      const v = options[f];
      return v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0);
    });
    if (bad.length > 0) throw new BaxterValidationError(`Invalid arguments to rotation.waitForRotation(): ${bad.join(', ')} must be a number of milliseconds > 0.`, bad);
    if (!(since instanceof Date) || !Number.isFinite(since.getTime())) throw new BaxterValidationError('Invalid arguments to rotation.waitForRotation(): since must be a valid Date.', ['since']);
    const { sinceVersion } = options;
    if (sinceVersion !== undefined && !Number.isInteger(sinceVersion)) {
      throw new BaxterValidationError('Invalid arguments to rotation.waitForRotation(): sinceVersion must be a whole number.', ['sinceVersion']);
    }
    if (this.#init.lifetime.aborted) throw new BaxterClosedError('rotation.waitForRotation()');
    const { provider, key } = options;
    return waitForRotationOutcome(
      {
        provider,
        key,
        policy: (signal) => this.getPolicy({ provider, key, signal }),
        currentVersion: async (signal) => (await this.versions({ provider, key, signal })).currentVersion,
      },
      {
        since,
        sinceVersion,
        timeoutMs: options.timeoutMs ?? 60_000,
        pollIntervalMs: options.pollIntervalMs ?? 250,
        maxPollIntervalMs: options.maxPollIntervalMs ?? 5_000,
        signals: [this.#init.lifetime, options.signal],
      },
    );
  }

  /**
   * The stored versions of a secret (`GET .../versions`), newest last: metadata
   * only, no values. A provider without versioning (the server answers 501)
   * gets a {@link BaxterUnsupportedError}; an unknown secret a 404 `BaxterApiError`.
   *
   * @example
   * ```ts
   * const { currentVersion, versions } = await client.rotation.versions({ provider: 'vault', key: 'STRIPE_API_KEY' });
   * ```
   */
  async versions(options: RotationTarget): Promise<SecretVersions> {
    checkSecretRef('versions', options);
    const res = await this.#call('versions', options, (signal) => getSecretVersions(this.#init.http, { ...this.#ref(options), signal }));
    return secretVersions(res.data!);
  }

  /**
   * Replaces the policy's signing secret and returns the new one, once (logging
   * the answer masks it). Update your rotation function with it. Never retried.
   *
   * @example
   * ```ts
   * const { newSigningSecret } = await client.rotation.rotateSigningSecret({ provider: 'vault', key: 'STRIPE_API_KEY' });
   * ```
   */
  async rotateSigningSecret(options: RotationTarget): Promise<SigningSecretRotation> {
    checkSecretRef('rotateSigningSecret', options);
    const res = await this.#call('rotateSigningSecret', options, (signal) => rotateSigningSecret(this.#init.http, { ...this.#ref(options), signal }));
    return signingSecretRotation(res.data!);
  }

  /** One API call under {@link #withSignal}, whose 404 for an unknown provider names the environment's providers. */
  #call<T>(method: string, target: RotationTarget, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withProviderHint(this.#init.http, this.#init.scope, target.provider, this.#init.lifetime, () => this.#withSignal(method, target.signal, call));
  }

  #ref(target: RotationTarget): SecretRef {
    return { ...this.#init.scope, provider: target.provider, key: target.key };
  }

  /** Runs one call under the client's lifetime and the caller's signal, linked by hand (shared/abort.ts); fails at once after close(). */
  #withSignal<T>(method: string, signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#init.lifetime.aborted) return Promise.reject(new BaxterClosedError(`rotation.${method}()`));
    return withLinkedSignal([this.#init.lifetime, signal], call);
  }
}
