import { deriveE2eeKey, type EncryptedPayload } from '../http/e2ee.js';
import { fromBase64, toBase64, utf8 } from '../http/encoding.js';

interface Sealed {
  serverPublicKey: string;
  nonce: string;
  tag: string;
  ciphertext: string;
}

/** ECIES to a client's P-256 public key: an ephemeral key, ECDH, HKDF-SHA256, AES-256-GCM with a 12-byte nonce. */
async function sealForClient(clientPublicKeyBase64: string, plaintext: Uint8Array): Promise<Sealed> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
  const key = await deriveE2eeKey(pair.privateKey, fromBase64(clientPublicKeyBase64), 'encrypt');
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, tagLength: 128 }, key, plaintext as BufferSource));
  return {
    serverPublicKey: toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))),
    nonce: toBase64(nonce),
    tag: toBase64(sealed.subarray(sealed.byteLength - 16)),
    ciphertext: toBase64(sealed.subarray(0, sealed.byteLength - 16)),
  };
}

/**
 * Encrypts a JSON body for a client's `X-E2E-Public-Key`, as the real server
 * does: an ephemeral P-256 key, ECDH, HKDF-SHA256, AES-256-GCM with a 12-byte nonce.
 */
export async function encryptForClient(clientPublicKeyBase64: string, body: unknown): Promise<EncryptedPayload> {
  const sealed = await sealForClient(clientPublicKeyBase64, utf8.encode(JSON.stringify(body)));
  return { encrypted: true, algorithm: 'ECDH-P256-HKDF-SHA256-AES256GCM', ...sealed };
}

/**
 * The `X-Bella-Wrapped-Dek` value for a registered device key: base64 of a JSON
 * ECIES envelope with PascalCase fields (`EphemeralPublicKey`, `Nonce`, `Tag`,
 * `Ciphertext`, base64 each) sealing the environment's 32-byte data key with the
 * same scheme as the E2EE answers. Clients must not depend on its inner shape.
 */
export async function wrapDekForClient(clientPublicKeyBase64: string, dek: Uint8Array): Promise<string> {
  const s = await sealForClient(clientPublicKeyBase64, dek);
  const envelope = { EphemeralPublicKey: s.serverPublicKey, Nonce: s.nonce, Tag: s.tag, Ciphertext: s.ciphertext };
  return toBase64(utf8.encode(JSON.stringify(envelope)));
}
