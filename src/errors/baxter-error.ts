/**
 * A brand shared by every error this package throws. It is a registered symbol,
 * so two copies of the package (a monorepo with two versions installed, or ESM
 * beside CJS) still recognise each other's errors where `instanceof` cannot.
 */
const BRAND = Symbol.for('@bella-baxter/sdk/error');

/**
 * Options every {@link BaxterError} accepts.
 *
 * @example
 * ```ts
 * import { BaxterError, type BaxterErrorOptions } from '@bella-baxter/sdk';
 *
 * const options: BaxterErrorOptions = { cause: new Error('ECONNRESET') };
 * const error = new BaxterError('Secrets could not be refreshed.', options);
 * error.cause; // the ECONNRESET error
 * ```
 */
export interface BaxterErrorOptions {
  /** The underlying failure, kept in the standard `cause` property. */
  cause?: unknown | undefined;
}

/**
 * Base class of every error thrown by `@bella-baxter/sdk`.
 *
 * Messages say what went wrong and what to do. They never contain a secret value,
 * a password, an API key's signing secret or a webhook signing secret.
 *
 * @example
 * ```ts
 * import { isBaxterError } from '@bella-baxter/sdk';
 * try {
 *   await client.refresh();
 * } catch (error) {
 *   if (isBaxterError(error)) console.error(error.name, error.message);
 * }
 * ```
 */
export class BaxterError extends Error {
  override name: string = 'BaxterError';
  /**
   * A stable identifier of the kind of failure (`BAXTER_UNAUTHORIZED`, `BAXTER_SECRET_MISSING`, ...):
   * branch on it instead of on the message, which may change. Each subclass sets its own; the
   * README's error table lists them all.
   */
  readonly code: string = 'BAXTER_ERROR';

  constructor(message: string, options?: BaxterErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }
}

/**
 * Whether `value` is an error thrown by any copy of this package.
 *
 * @example
 * ```ts
 * if (isBaxterError(error)) log.warn({ name: error.name }, error.message);
 * ```
 */
export function isBaxterError(value: unknown): value is BaxterError {
  return (
    value instanceof BaxterError ||
    (value instanceof Error && (value as unknown as Record<symbol, unknown>)[BRAND] === true)
  );
}

/** Builds a guard that matches one error class by its `name`, across package copies. @internal */
export function errorGuard<T extends BaxterError>(name: T['name']): (value: unknown) => value is T {
  return (value: unknown): value is T => isBaxterError(value) && value.name === name;
}

/**
 * `error` itself when it is a {@link BaxterError}, else a `BaxterError` saying
 * what failed, with the original as `cause` (its message is not copied: it may
 * quote anything). Event payloads are typed `BaxterError` on the strength of it.
 * @internal
 */
export function asBaxterError(error: unknown, what: string): BaxterError {
  if (isBaxterError(error)) return error;
  const kind = error instanceof Error ? error.name : typeof error;
  return new BaxterError(`${what} failed unexpectedly (${kind}); see the error's cause. Please report it if it persists.`, { cause: error });
}
