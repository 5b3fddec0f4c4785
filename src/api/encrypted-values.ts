import { BaxterEncryptedValueError } from '../errors/encrypted-value-error.js';

/** The product's encrypted-at-rest value format: a value the server could not open for this client. */
const ENCRYPTED_VALUE = /^bellabaxter:v[12]:/;

/**
 * Throws {@link BaxterEncryptedValueError} naming the first key whose value is
 * still a `bellabaxter:v1:`/`v2:` ciphertext (wire contract §4): such a
 * value must never reach the app as if it were the secret.
 */
export function refuseEncryptedValues(entries: Iterable<readonly [string, string]>, path: string): void {
  for (const [key, value] of entries) {
    if (ENCRYPTED_VALUE.test(value)) throw new BaxterEncryptedValueError({ key, path });
  }
}
