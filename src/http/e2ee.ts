import { importDeviceKey } from './device-key.js';
import { createNodeE2eeSession, nodeEcdh } from './e2ee-node.js';
import { fromBase64, toBase64, utf8 } from './encoding.js';

/** The server's E2EE envelope. */
export interface EncryptedPayload {
  encrypted: true;
  algorithm: string;
  serverPublicKey: string;
  nonce: string;
  tag: string;
  ciphertext: string;
}

/** HKDF parameters fixed by the contract. */
export const E2EE_INFO = utf8.encode('bella-e2ee-v1');
export const E2EE_SALT = new Uint8Array(32);

export function isEncryptedPayload(body: unknown): body is EncryptedPayload {
  return typeof body === 'object' && body !== null && (body as { encrypted?: unknown }).encrypted === true;
}

/**
 * Derives the AES-256-GCM key both sides share: ECDH(P-256) → 32 bytes →
 * HKDF-SHA256(salt = 32 zero bytes, info = "bella-e2ee-v1"). Shared with the emulator.
 */
export async function deriveE2eeKey(privateKey: CryptoKey, peerPublicSpki: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  const peer = await crypto.subtle.importKey('spki', peerPublicSpki as BufferSource, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256);
  const ikm = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: E2EE_SALT, info: E2EE_INFO },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/** A client's E2EE key pair: the header to send, and how to open what comes back. */
export interface E2eeSession {
  /** Base64 SPKI of the P-256 public key, for `X-E2E-Public-Key`. */
  readonly publicKey: string;
  decrypt(payload: EncryptedPayload): Promise<unknown>;
}

async function publicFromPrivate(privateKey: CryptoKey): Promise<CryptoKey> {
  const { d: _d, key_ops: _ops, ...jwk } = await crypto.subtle.exportKey('jwk', privateKey);
  return crypto.subtle.importKey('jwk', jwk, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
}

/**
 * A fresh key pair per client, or the persistent device key from a PKCS#8 PEM
 * or its bare base64 body (`BELLA_BAXTER_PRIVATE_KEY`).
 */
export async function createE2eeSession(privateKeyPem?: string): Promise<E2eeSession> {
  const node = nodeEcdh();
  if (node) return createNodeE2eeSession(node, E2EE_SALT, E2EE_INFO, privateKeyPem);
  return createWebE2eeSession(privateKeyPem);
}

/** The same session on Web Crypto, for runtimes without `node:crypto`. */
async function createWebE2eeSession(privateKeyPem: string | undefined): Promise<E2eeSession> {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  if (privateKeyPem) {
    privateKey = await importDeviceKey(privateKeyPem);
    publicKey = await publicFromPrivate(privateKey);
  } else {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits'])) as CryptoKeyPair;
    privateKey = pair.privateKey;
    publicKey = pair.publicKey;
  }
  const spki = toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', publicKey)));
  return {
    publicKey: spki,
    async decrypt(payload) {
      const key = await deriveE2eeKey(privateKey, fromBase64(payload.serverPublicKey), 'decrypt');
      const ciphertext = fromBase64(payload.ciphertext);
      const tag = fromBase64(payload.tag);
      const sealed = new Uint8Array(ciphertext.byteLength + tag.byteLength);
      sealed.set(ciphertext);
      sealed.set(tag, ciphertext.byteLength);
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(payload.nonce) as BufferSource, tagLength: 128 }, key, sealed);
      return JSON.parse(new TextDecoder().decode(plain));
    },
  };
}
