import { BaxterError, type BaxterErrorOptions, errorGuard } from './baxter-error.js';

/**
 * The client's options are missing or malformed: a missing URL, project or
 * environment, a malformed API key, an expired access token. The message names
 * the option and the environment variable to set. It never shows a key's secret.
 *
 * @example
 * ```ts
 * try {
 *   await createBaxterClient({ apiKey: 'not-a-key' });
 * } catch (error) {
 *   if (isBaxterConfigError(error)) console.error(error.message, error.option);
 * }
 * ```
 */
export class BaxterConfigError extends BaxterError {
  override name = 'BaxterConfigError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_CONFIG_INVALID' as const;
  /** The option at fault, e.g. `apiKey`. */
  readonly option: string | undefined;

  constructor(message: string, options?: BaxterErrorOptions & { option?: string }) {
    super(message, options);
    this.option = options?.option;
  }
}

/** Whether `value` is a {@link BaxterConfigError}, from any copy of this package. @example `if (isBaxterConfigError(e)) ...` */
export const isBaxterConfigError = errorGuard<BaxterConfigError>('BaxterConfigError');
