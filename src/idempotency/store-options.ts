/** Option checks shared by the Redis and DynamoDB stores. @internal */
import { clampTimerMs } from '../shared/timer.js';

export const PREFIX = '@bella-baxter/sdk: ';

/**
 * Options every shared idempotency store takes.
 *
 * @example
 * ```ts
 * const shared: SharedStoreOptions = {
 *   encryptionKey: process.env.BELLA_IDEMPOTENCY_KEY, // 32+ bytes, e.g. `openssl rand -base64 32`
 *   timeoutMs: 1000,
 * };
 * ```
 */
export interface SharedStoreOptions {
  /**
   * Key material (at least 32 bytes; e.g. 32 random bytes as base64 from a secret manager) the
   * handler seals stored answers with, instead of a key derived from the signing secret. Set it
   * when instances may run with different signing secrets (during a signing-secret change), so
   * answers sealed by one stay readable by the others.
   * @default a key derived (HKDF-SHA256) from the handler's signing secret
   */
  encryptionKey?: string | Uint8Array | undefined;
  /**
   * A store call slower than this fails, and the handler answers 503 (retryable) without rotating.
   * @default 2000
   */
  timeoutMs?: number | undefined;
}

export function validateKeyMaterial(fn: string, key: unknown): string | Uint8Array | undefined {
  if (key === undefined) return undefined;
  const bytes = typeof key === 'string' ? new TextEncoder().encode(key).byteLength : key instanceof Uint8Array ? key.byteLength : -1;
  // Never echo the value: it is a key.
  if (bytes < 32) throw new TypeError(`${PREFIX}${fn} option encryptionKey must be a string or Uint8Array of at least 32 bytes.`);
  return key as string | Uint8Array;
}

export function validateTimeout(fn: string, value: unknown): number {
  if (value === undefined) return 2000;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`${PREFIX}${fn} option timeoutMs must be a finite number > 0, got ${String(value)}.`);
  }
  // Clamped: setTimeout fires a longer wait (past ~24.8 days) after 1 ms.
  return clampTimerMs(value);
}

export function validatePrefix(fn: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new TypeError(`${PREFIX}${fn} option prefix must be a string.`);
  return value;
}

/** Rejects when `work` is slower than `ms` (a store that hangs is a store that is down). Unref'd timer. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${PREFIX}${what} did not answer within ${ms} ms`)), ms);
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
