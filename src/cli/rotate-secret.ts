// From the root entry, as a user's code would: see the note in tsup.config.ts on why the cli side imports it whole.
import { createBaxterManagementClient, type BaxterManagementClientOptions } from '../index.js';
import { isBaxterApiError } from '../errors/api-error.js';
import { isBaxterRotationFailedError } from '../errors/rotation-failed-error.js';
import { isBaxterRotationTimeoutError } from '../errors/rotation-timeout-error.js';
import { BaxterValidationError } from '../errors/validation-error.js';
import type { RotationPolicy } from '../rotation/results.js';
import { SILENT_LOGGER } from './run-options.js';

/**
 * Options of {@link rotateSecret}.
 *
 * @example
 * ```ts
 * const options: RotateSecretOptions = { provider: 'vault', key: 'STRIPE_API_KEY', wait: true, timeoutSeconds: 120 };
 * ```
 */
export interface RotateSecretOptions {
  /** The provider slug holding the secret. */
  provider: string;
  /** The secret's key. */
  key: string;
  /** Follow the rotation until it is done, failed or timed out. @default false (return once accepted) */
  wait?: boolean;
  /** With `wait`: give up after this many seconds. @default 300 */
  timeoutSeconds?: number;
  /** With `wait`: the first pause between polls, in milliseconds (it grows by half each poll). @default 250 */
  pollIntervalMs?: number;
  /** How to reach Bella Baxter; environment variables fill the rest. Secrets are never read. */
  connection?: BaxterManagementClientOptions;
  /** Called once the server accepted the rotation (it runs asynchronously), before any wait. */
  onAccepted?: (accepted: { message: string }) => void;
}

/**
 * How a rotation went. `outcome`: `accepted` (not waited for), `done`, `failed` (the server's
 * `lastError` says why), `timed-out` (it goes on on the server), or `refused` (no policy, a
 * disabled one, an unknown key: `reason` is the server's). `exitCode` is `bella`'s: 0 accepted
 * or done, 1 failed or refused, 124 timed out.
 *
 * @example
 * ```ts
 * const result: RotateSecretResult = await rotateSecret({ provider: 'vault', key: 'SESSION_SECRET', wait: true });
 * if (result.outcome === 'failed') console.error(result.lastError);
 * ```
 */
export interface RotateSecretResult {
  outcome: 'accepted' | 'done' | 'failed' | 'timed-out' | 'refused';
  exitCode: 0 | 1 | 124;
  provider: string;
  key: string;
  project: string;
  environment: string;
  /** The server's message (accepted) or reason (refused). */
  message: string;
  /** The server's last error, when it failed. */
  lastError: string | null;
  /** The policy's status when last read (`Idle`, `Error`, `Rotating`, ...), when waited for. */
  status: string | null;
  /** When the secret was last rotated, as the policy says. */
  lastRotatedAt: Date | null;
}

/**
 * Rotates a secret now (`POST .../rotate`) and, with `wait`, follows the rotation until it is
 * done, has failed or the timeout runs out, judging by what happened after the request.
 * Needs no permission to read secrets. Logs nothing.
 *
 * @throws a `BaxterError` when `bella` itself cannot proceed (configuration, authentication, the server down)
 * @example
 * ```ts
 * import { rotateSecret } from '@bella-baxter/sdk/cli';
 *
 * const result = await rotateSecret({ provider: 'vault', key: 'STRIPE_API_KEY', wait: true, timeoutSeconds: 120 });
 * console.log(result.outcome, result.lastRotatedAt);
 * process.exitCode = result.exitCode;
 * ```
 */
export async function rotateSecret(options: RotateSecretOptions): Promise<RotateSecretResult> {
  validate(options);
  const management = await createBaxterManagementClient({ logger: SILENT_LOGGER, ...options.connection });
  const target = { provider: options.provider, key: options.key };
  let keepAlive: NodeJS.Timeout | undefined;
  const base = { ...target, project: management.project, environment: management.environment, lastError: null, status: null, lastRotatedAt: null };
  try {
    // Completion is judged by what happened after this moment (a later lastRotatedAt, a newer version).
    const since = new Date();
    let message: string;
    try {
      message = (await management.rotation.rotate(target)).message;
    } catch (error) {
      if (isRefusal(error)) return { ...base, outcome: 'refused', exitCode: 1, message: reasonOf(error) };
      throw error;
    }
    options.onAccepted?.({ message });
    if (!options.wait) return { ...base, outcome: 'accepted', exitCode: 0, message };
    // The SDK's poll timers are unref'd (they never keep an app alive); a command waiting for
    // the outcome must stay alive until it has it.
    keepAlive = setInterval(() => undefined, 60_000);
    const waitOptions = { ...target, timeoutMs: (options.timeoutSeconds ?? 300) * 1000, pollIntervalMs: options.pollIntervalMs ?? 250, maxPollIntervalMs: 5_000, since };
    try {
      const policy = await management.rotation.waitForRotation(waitOptions);
      return { ...base, ...policyFields(policy), outcome: 'done', exitCode: 0, message };
    } catch (error) {
      if (isBaxterRotationTimeoutError(error)) return { ...base, status: error.lastStatus ?? null, outcome: 'timed-out', exitCode: 124, message };
      if (isBaxterRotationFailedError(error)) return { ...base, status: 'Error', lastError: error.lastError ?? null, outcome: 'failed', exitCode: 1, message };
      throw error;
    }
  } finally {
    clearInterval(keepAlive);
    await management.close();
  }
}

function policyFields(policy: RotationPolicy): Pick<RotateSecretResult, 'status' | 'lastRotatedAt' | 'lastError'> {
  return { status: policy.status, lastRotatedAt: policy.lastRotatedAt, lastError: policy.lastError };
}

/** The server said no to this rotation (not to `bella`): no policy, disabled, unknown key. */
function isRefusal(error: unknown): boolean {
  return isBaxterApiError(error) && [400, 404, 409, 422].includes(error.status);
}

function reasonOf(error: unknown): string {
  if (isBaxterApiError(error)) return error.detail ?? error.title ?? error.message;
  return String(error);
}

function validate(options: RotateSecretOptions): void {
  const bad: string[] = [];
  if (typeof options?.provider !== 'string' || options.provider.trim() === '') bad.push('provider');
  if (typeof options?.key !== 'string' || options.key.trim() === '') bad.push('key');
  for (const name of ['timeoutSeconds', 'pollIntervalMs'] as const) {
    const value = options?.[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) bad.push(name);
  }
  if (bad.length > 0) throw new BaxterValidationError(`Invalid arguments to rotateSecret(): ${bad.join(', ')} (provider and key are non-empty strings; numbers are > 0).`, bad);
}
