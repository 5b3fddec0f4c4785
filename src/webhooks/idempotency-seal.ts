import { concat, deriveGcmKey, type GcmKey } from './aes-gcm.js';
import type { IdempotentResult } from './idempotency.js';

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();
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
  const keysOnce = () => (keys ??= Promise.all(materials.map((m) => deriveGcmKey(bytesOf(m)))));
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
