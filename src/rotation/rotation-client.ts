import type { EnvRef, SecretRef } from '../api/paths.js';
import { getRotationPolicy, rotateSigningSecret, setRotationPolicy, triggerRotation, type SetRotationPolicyBody } from '../api/rotation.js';
import { BaxterRotationTimeoutError } from '../errors/rotation-timeout-error.js';
import { BaxterValidationError } from '../errors/validation-error.js';
import type { HttpClient } from '../http/http-client.js';
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
 * Options of {@link RotationClient.waitForRotation}: the secret, how long to
 * wait in all, and how often to poll (the first poll is immediate).
 *
 * @example
 * ```ts
 * const policy = await client.rotation.waitForRotation({
 *   provider: 'vault',
 *   key: 'STRIPE_API_KEY',
 *   timeoutMs: 120_000, // give up after two minutes
 *   pollIntervalMs: 1_000, // then waits of 1 s, 1.5 s, 2.25 s... up to maxPollIntervalMs
 *   maxPollIntervalMs: 10_000,
 * });
 * ```
 */
export interface WaitForRotationOptions extends RotationTarget {
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

/** Resolves after `ms` on an unref'd timer, or rejects when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref?.();
    signal.addEventListener('abort', onAbort, { once: true });
  });
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
    const res = await setRotationPolicy(this.#init.http, { ...this.#ref(options), body, signal: this.#signal(options.signal) });
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
    const res = await getRotationPolicy(this.#init.http, { ...this.#ref(options), signal: this.#signal(options.signal) });
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
    const strategy = current.strategy;
    if (strategy !== 'GenerateRandom' && strategy !== 'HttpWebhook') {
      throw new BaxterValidationError(`disablePolicy() cannot resend a policy of unknown strategy; call setPolicy() with enabled: false.`, ['strategy']);
    }
    const body: SetRotationPolicyBody =
      strategy === 'GenerateRandom'
        ? { enabled: false, intervalDays: current.intervalDays, strategy: 'GenerateRandom', randomFormat: current.randomFormat }
        : {
            enabled: false,
            intervalDays: current.intervalDays,
            strategy: 'HttpWebhook',
            endpoint: current.endpoint,
            apiKeyHeader: current.apiKeyHeader,
            revokePreviousAfterDays: current.revokePreviousAfterDays,
            // signingSecret and apiKey are left out on purpose: the read-back only has their masks.
          };
    const res = await setRotationPolicy(this.#init.http, { ...this.#ref(options), body, signal: this.#signal(options.signal) });
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
    const res = await triggerRotation(this.#init.http, { ...this.#ref(options), signal: this.#signal(options.signal) });
    return rotationAccepted(res.data!);
  }

  /**
   * Polls `getPolicy` (waits growing by half from `pollIntervalMs` up to
   * `maxPollIntervalMs`, on unref'd timers) until the status leaves `Rotating`,
   * and resolves with that policy: check `status` (`Error` means the attempt
   * failed; the server retries by itself). Rejects with
   * {@link BaxterRotationTimeoutError} after `timeoutMs`.
   *
   * @example
   * ```ts
   * const policy = await client.rotation.waitForRotation({ provider: 'vault', key: 'STRIPE_API_KEY', timeoutMs: 30_000 });
   * if (policy.status === 'Error') console.error(policy.lastError);
   * ```
   */
  async waitForRotation(options: WaitForRotationOptions): Promise<RotationPolicy> {
    checkSecretRef('waitForRotation', options);
    const timeoutMs = options.timeoutMs ?? 60_000;
    const bad = (['timeoutMs', 'pollIntervalMs', 'maxPollIntervalMs'] as const).filter((f) => {
      const v = options[f];
      return v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0);
    });
    if (bad.length > 0) throw new BaxterValidationError(`Invalid arguments to rotation.waitForRotation(): ${bad.join(', ')} must be a number of milliseconds > 0.`, bad);
    const maxWait = options.maxPollIntervalMs ?? 5_000;
    let wait = Math.min(options.pollIntervalMs ?? 250, maxWait);
    const deadline = Date.now() + timeoutMs;
    const expired = new AbortController();
    const timer = setTimeout(() => expired.abort(new Error('waitForRotation deadline')), timeoutMs);
    timer.unref?.();
    const signal = AbortSignal.any([this.#signal(options.signal), expired.signal]);
    let lastStatus: string | undefined;
    try {
      for (;;) {
        const policy = await this.getPolicy({ provider: options.provider, key: options.key, signal });
        lastStatus = policy.status;
        if (policy.status !== 'Rotating') return policy;
        const left = deadline - Date.now();
        if (left <= 0) break;
        await pause(Math.min(wait, left), signal);
        wait = Math.min(maxWait, wait * 1.5);
      }
    } catch (error) {
      if (!expired.signal.aborted || options.signal?.aborted || this.#init.lifetime.aborted) throw error;
    } finally {
      clearTimeout(timer);
    }
    throw new BaxterRotationTimeoutError({ provider: options.provider, key: options.key, timeoutMs, lastStatus });
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
    const res = await rotateSigningSecret(this.#init.http, { ...this.#ref(options), signal: this.#signal(options.signal) });
    return signingSecretRotation(res.data!);
  }

  #ref(target: RotationTarget): SecretRef {
    return { ...this.#init.scope, provider: target.provider, key: target.key };
  }

  #signal(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([this.#init.lifetime, signal]) : this.#init.lifetime;
  }
}
