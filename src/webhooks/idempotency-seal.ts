import type { IdempotentResult } from './idempotency.js';

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();
const INFO = 'bella-baxter/sdk idempotency answers v1';
const VERSION = 'v1.';

/** Seals answers for a store and opens what a store gave back. @internal */
export interface AnswerSealer {
  /** AES-256-GCM under the first key, the store key as additional data: `v1.<base64url(iv | ciphertext | tag)>`. */
  seal(key: string, result: IdempotentResult): Promise<string>;
  /** The answer, or `undefined` when no key opens it (another key, another store key, tampered). */
  open(key: string, sealed: string): Promise<IdempotentResult | undefined>;
}

function bytesOf(material: string | Uint8Array): Uint8Array {
  return typeof material === 'string' ? encoder.encode(material) : material;
}

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
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    return mod && typeof mod.createCipheriv === 'function' && typeof mod.hkdfSync === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** One derived key, on Node's synchronous cipher or on Web Crypto. */
interface GcmKey {
  encrypt(iv: Uint8Array, aad: Uint8Array, plain: Uint8Array): Promise<Uint8Array>;
  /** Throws when the tag does not verify. */
  decrypt(iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array>;
}

async function deriveKey(material: Uint8Array): Promise<GcmKey> {
  const node = findNodeCrypto();
  if (node) {
    const raw = new Uint8Array(node.hkdfSync('sha256', material, SALT, encoder.encode(INFO), 32));
    return {
      async encrypt(iv, aad, plain) {
        const cipher = node.createCipheriv('aes-256-gcm', raw, iv).setAAD(aad);
        return concat(cipher.update(plain), cipher.final(), cipher.getAuthTag());
      },
      async decrypt(iv, aad, sealed) {
        const decipher = node.createDecipheriv('aes-256-gcm', raw, iv).setAAD(aad).setAuthTag(sealed.subarray(sealed.length - 16));
        return concat(decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final());
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

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Validates an explicit `encryptionKey()` of a store: at least 32 bytes, so it
 * carries the 256 bits the AES key is meant to have.
 * @internal
 */
export function validateEncryptionKey(material: unknown): string | Uint8Array {
  const ok = (typeof material === 'string' || material instanceof Uint8Array) && bytesOf(material).byteLength >= 32;
  if (!ok) {
    throw new TypeError('@bella-baxter/sdk: an idempotency store encryptionKey must be a string or Uint8Array of at least 32 bytes (e.g. 32 random bytes, base64).');
  }
  return material as string | Uint8Array;
}

/**
 * A sealer over key materials: seals with the first, opens with any, so
 * answers sealed before a signing-secret change still open. Keys are derived
 * once, on first use.
 * @internal
 */
export function createAnswerSealer(materials: readonly (string | Uint8Array)[]): AnswerSealer {
  let keys: Promise<GcmKey[]> | undefined;
  const keysOnce = () => (keys ??= Promise.all(materials.map((m) => deriveKey(bytesOf(m)))));
  return {
    async seal(key, result) {
      const [first] = await keysOnce();
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const cipher = await (first as GcmKey).encrypt(iv, encoder.encode(key), encoder.encode(JSON.stringify(result)));
      return VERSION + toBase64Url(concat(iv, cipher));
    },
    async open(key, sealed) {
      const bytes = sealed.startsWith(VERSION) ? fromBase64Url(sealed.slice(VERSION.length)) : undefined;
      if (!bytes || bytes.length < 12 + 16) return undefined;
      for (const candidate of await keysOnce()) {
        try {
          const plain = await candidate.decrypt(bytes.subarray(0, 12), encoder.encode(key), bytes.subarray(12));
          return JSON.parse(decoder.decode(plain)) as IdempotentResult;
        } catch {
          // Not this key: try the next (the other signing secret during a change).
        }
      }
      return undefined;
    },
  };
}
