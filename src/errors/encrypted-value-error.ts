import { BaxterError, errorGuard } from './baxter-error.js';

/**
 * A secret arrived as a value the server itself could not open for this client
 * (it starts with `bellabaxter:v1:` or `bellabaxter:v2:`, the product's
 * encrypted-at-rest format), and the SDK refused it rather than hand the
 * ciphertext to the app as if it were the secret. The message names the key,
 * never the value. Usually the environment needs a registered device key
 * (`BELLA_BAXTER_PRIVATE_KEY`), or the value was stored encrypted by mistake.
 *
 * @example
 * ```ts
 * try {
 *   await client.refresh();
 * } catch (error) {
 *   if (isBaxterEncryptedValueError(error)) console.error(`secret ${error.key} is still encrypted`);
 * }
 * ```
 */
export class BaxterEncryptedValueError extends BaxterError {
  override name = 'BaxterEncryptedValueError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_ENCRYPTED_VALUE' as const;
  /** The secret's key. */
  readonly key: string;

  constructor(init: { key: string; path: string }) {
    super(
      `Secret "${init.key}" from ${init.path} is still encrypted (a bellabaxter: value this client cannot open), so it was refused instead of being handed to the app as the secret. ` +
        'Register a device key for this environment and pass it as privateKey / BELLA_BAXTER_PRIVATE_KEY, or store the value again in plain form.',
    );
    this.key = init.key;
  }
}

/** Whether `value` is a {@link BaxterEncryptedValueError}, from any copy of this package. @example `if (isBaxterEncryptedValueError(e)) ...` */
export const isBaxterEncryptedValueError = errorGuard<BaxterEncryptedValueError>('BaxterEncryptedValueError');
