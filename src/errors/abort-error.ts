import { BaxterError, errorGuard, isBaxterError } from './baxter-error.js';

/**
 * A call was cancelled by the `signal` you passed (`AbortController.abort()`,
 * `AbortSignal.timeout()`). The signal's reason (a `DOMException` named
 * `AbortError` or `TimeoutError`, or your own value) is kept as `cause`.
 *
 * @example
 * ```ts
 * import { isBaxterAbortError } from '@bella-baxter/sdk';
 *
 * try {
 *   await client.refresh({ signal: AbortSignal.timeout(2_000) });
 * } catch (error) {
 *   if (isBaxterAbortError(error)) console.warn('refresh gave up:', (error.cause as Error).name); // TimeoutError
 * }
 * ```
 */
export class BaxterAbortError extends BaxterError {
  override name = 'BaxterAbortError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_ABORTED' as const;

  constructor(what = 'The call', options: { cause?: unknown } = {}) {
    const reason = options.cause instanceof Error && options.cause.name === 'TimeoutError' ? " (the signal's timeout passed)" : '';
    super(`${what} was aborted by the caller's signal${reason}.`, { cause: options.cause });
  }
}

/** Whether `value` is a {@link BaxterAbortError}, from any copy of this package. @example `if (isBaxterAbortError(e)) ...` */
export const isBaxterAbortError = errorGuard<BaxterAbortError>('BaxterAbortError');

/**
 * The error to throw for an aborted signal: its reason when that already is
 * one of ours (a closed client's), else a {@link BaxterAbortError} keeping the
 * reason as `cause`. @internal
 */
export function abortError(signal: AbortSignal, what?: string): BaxterError {
  const reason: unknown = signal.reason;
  return isBaxterError(reason) ? reason : new BaxterAbortError(what, { cause: reason });
}
