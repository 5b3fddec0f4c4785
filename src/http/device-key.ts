import { BaxterConfigError } from '../errors/config-error.js';
import { fromBase64 } from './encoding.js';

/**
 * The DER bytes of a PKCS#8 private key given as a PEM or as its bare base64
 * body (the official JS and .NET SDKs accept both), with real line breaks or
 * literal `\n` ones (as environment variables and secret stores often carry
 * them). Undefined when the text is neither.
 */
export function pkcs8Der(text: string): Uint8Array | undefined {
  const unescaped = text.replace(/\\r|\\n/g, '\n');
  const pem = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(unescaped);
  if (!pem && /-----BEGIN/.test(unescaped)) return undefined; // another PEM type (EC PRIVATE KEY, PUBLIC KEY, ...)
  const body = (pem ? pem[1]! : unescaped).replace(/\s+/g, '');
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  try {
    return fromBase64(body);
  } catch {
    return undefined;
  }
}

/** What a bad device key is told (shared with the node:crypto path). */
export const CONFIG_HINT =
  'The E2EE private key is not a PKCS#8 P-256 key. Check privateKey / BELLA_BAXTER_PRIVATE_KEY: it must be a "-----BEGIN PRIVATE KEY-----" PEM or its bare base64 body.';

/** Imports a persistent device key with Web Crypto (extractable, so its public half can be derived). */
export async function importDeviceKey(text: string): Promise<CryptoKey> {
  const der = pkcs8Der(text);
  if (!der) throw new BaxterConfigError(CONFIG_HINT, { option: 'privateKey' });
  try {
    return await crypto.subtle.importKey('pkcs8', der as BufferSource, { name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits', 'deriveKey']);
  } catch (cause) {
    // The cause is Web Crypto's own message (no key bytes in it).
    throw new BaxterConfigError(CONFIG_HINT, { option: 'privateKey', cause });
  }
}
