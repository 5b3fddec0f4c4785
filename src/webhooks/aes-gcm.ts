/**
 * AES-256-GCM for sealed idempotency answers, on whichever primitive the runtime offers (the same
 * pick as hmac.ts): node:crypto where `process.getBuiltinModule` has it, Web Crypto elsewhere.
 * @internal
 */
import { builtinCrypto } from '../shared/builtin-crypto.js';
import { concatBytes } from '../shared/bytes.js';

const encoder = /* @__PURE__ */ new TextEncoder();
const INFO = 'bella-baxter/sdk idempotency answers v1';
const SALT = /* @__PURE__ */ new Uint8Array(32);

/** HKDF-SHA256 from any key material to a non-extractable AES-256-GCM key (Web Crypto). */
async function deriveWebKey(material: Uint8Array): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', material as BufferSource, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: SALT, info: encoder.encode(INFO) }, base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

/**
 * The members of `node:crypto` the fast path uses, typed structurally so this file imports nothing
 * from Node. Web Crypto's AES-GCM costs a thread-pool round trip per call (about 0.3 ms of main
 * thread on Node 20, more than the rest of a delivery); `createCipheriv` is synchronous and about
 * 20x cheaper. Reached through `process.getBuiltinModule`, as the HMAC in hmac.ts is, so bundles for
 * workers see no Node built-in. Both paths write the same bytes: iv | ciphertext | 16-byte tag.
 */
interface NodeGcm {
  setAAD(data: Uint8Array): NodeGcm;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  getAuthTag(): Uint8Array;
  setAuthTag(tag: Uint8Array): NodeGcm;
}
interface NodeCrypto {
  hkdfSync(digest: 'sha256', ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): ArrayBuffer;
  createCipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): NodeGcm;
  createDecipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): NodeGcm;
}

function findNodeCrypto(): NodeCrypto | undefined {
  const mod = builtinCrypto<NodeCrypto>();
  return mod && typeof mod.createCipheriv === 'function' && typeof mod.hkdfSync === 'function' ? (mod as NodeCrypto) : undefined;
}

/** One derived key, on Node's synchronous cipher or on Web Crypto. */
export interface GcmKey {
  encrypt(iv: Uint8Array, aad: Uint8Array, plain: Uint8Array): Promise<Uint8Array>;
  /** Throws when the tag does not verify. */
  decrypt(iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array>;
}

/** An AES-256-GCM key derived (HKDF-SHA256, fixed salt and info) from `material`, on the fastest backend. */
export async function deriveGcmKey(material: Uint8Array): Promise<GcmKey> {
  const node = findNodeCrypto();
  if (node) {
    const raw = new Uint8Array(node.hkdfSync('sha256', material, SALT, encoder.encode(INFO), 32));
    return {
      async encrypt(iv, aad, plain) {
        const cipher = node.createCipheriv('aes-256-gcm', raw, iv).setAAD(aad);
        return concatBytes([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      },
      async decrypt(iv, aad, sealed) {
        const decipher = node.createDecipheriv('aes-256-gcm', raw, iv).setAAD(aad).setAuthTag(sealed.subarray(sealed.length - 16));
        return concatBytes([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
      },
    };
  }
  const key = await deriveWebKey(material);
  const subtle = globalThis.crypto.subtle;
  return {
    encrypt: async (iv, aad, plain) =>
      new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad as BufferSource }, key, plain as BufferSource)),
    decrypt: async (iv, aad, sealed) =>
      new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad as BufferSource }, key, sealed as BufferSource)),
  };
}

