/**
 * The client's half of E2EE on `node:crypto`, synchronous: a fresh P-256 key pair, the SPKI to
 * send, and ECDH → HKDF-SHA256 → AES-256-GCM to open an answer. Web Crypto does the same in seven
 * thread-pool round trips and loads its own modules on first use (about 6 ms of a cold start,
 * against 1.5 ms here). Reached through `process.getBuiltinModule`, as hashing.ts is, so this file
 * imports nothing from Node; `e2ee.ts` falls back to Web Crypto where it is missing.
 */
import { BaxterConfigError } from '../errors/config-error.js';
import { CONFIG_HINT, pkcs8Der } from './device-key.js';
import { builtinCrypto } from '../shared/builtin-crypto.js';
import { concatBytes } from '../shared/bytes.js';
import { fromBase64, toBase64 } from './encoding.js';
import type { E2eeSession, EncryptedPayload } from './e2ee.js';

/** The members of `node:crypto` used here, typed structurally. */
interface KeyObjectLike {
  readonly asymmetricKeyType?: string;
  readonly asymmetricKeyDetails?: { namedCurve?: string };
  export(options: { type: 'spki'; format: 'der' }): Uint8Array;
}
interface NodeEcdh {
  generateKeyPairSync(type: 'ec', options: { namedCurve: 'P-256' }): { privateKey: KeyObjectLike; publicKey: KeyObjectLike };
  createPrivateKey(options: { key: Uint8Array; format: 'der'; type: 'pkcs8' }): KeyObjectLike;
  createPublicKey(key: KeyObjectLike | { key: Uint8Array; format: 'der'; type: 'spki' }): KeyObjectLike;
  diffieHellman(options: { privateKey: KeyObjectLike; publicKey: KeyObjectLike }): Uint8Array;
  hkdfSync(digest: 'sha256', ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): ArrayBuffer;
  createDecipheriv(
    algorithm: 'aes-256-gcm',
    key: Uint8Array,
    iv: Uint8Array,
    options: { authTagLength: 16 },
  ): { setAuthTag(tag: Uint8Array): void; update(data: Uint8Array): Uint8Array; final(): Uint8Array };
}

let cached: NodeEcdh | null | undefined;

/**
 * `node:crypto` on Node itself, else null (Web Crypto then). Bun and Deno expose a `node:crypto`
 * too, but their ECDH pieces are not all implemented everywhere (Deno's `diffieHellman` has been a
 * function that throws), and a decrypt that fails on every read would only say "could not be
 * decrypted": their Web Crypto is complete, so they use it.
 */
export function nodeEcdh(): NodeEcdh | null {
  if (cached === undefined) {
    const g = globalThis as { process?: { versions?: { node?: string; bun?: string } }; Deno?: unknown };
    const onNode = typeof g.process?.versions?.node === 'string' && g.process.versions.bun === undefined && g.Deno === undefined;
    const mod = onNode ? builtinCrypto<NodeEcdh>() : undefined;
    cached = mod && typeof mod.diffieHellman === 'function' && typeof mod.hkdfSync === 'function' ? (mod as NodeEcdh) : null;
  }
  return cached;
}

function importDeviceKey(n: NodeEcdh, text: string): KeyObjectLike {
  const der = pkcs8Der(text);
  if (!der) throw new BaxterConfigError(CONFIG_HINT, { option: 'privateKey' });
  let key: KeyObjectLike;
  try {
    key = n.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (cause) {
    // The cause is OpenSSL's own message (no key bytes in it).
    throw new BaxterConfigError(CONFIG_HINT, { option: 'privateKey', cause });
  }
  // Web Crypto's import names the curve; here the key says which it is.
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new BaxterConfigError(CONFIG_HINT, { option: 'privateKey' });
  }
  return key;
}

export function createNodeE2eeSession(n: NodeEcdh, salt: Uint8Array, info: Uint8Array, privateKeyPem?: string): E2eeSession {
  const privateKey = privateKeyPem ? importDeviceKey(n, privateKeyPem) : n.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const spki = n.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    publicKey: toBase64(new Uint8Array(spki)),
    async decrypt(payload: EncryptedPayload) {
      const peer = n.createPublicKey({ key: fromBase64(payload.serverPublicKey), format: 'der', type: 'spki' });
      const shared = n.diffieHellman({ privateKey, publicKey: peer });
      const key = new Uint8Array(n.hkdfSync('sha256', shared, salt, info, 32));
      const decipher = n.createDecipheriv('aes-256-gcm', key, fromBase64(payload.nonce), { authTagLength: 16 });
      decipher.setAuthTag(fromBase64(payload.tag));
      const head = decipher.update(fromBase64(payload.ciphertext));
      const tail = decipher.final();
      return JSON.parse(new TextDecoder().decode(tail.byteLength === 0 ? head : concatBytes([head, tail])));
    },
  };
}
