import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The cache file format: `BBXC`, a version byte, a random 16-byte HKDF salt, a
 * 12-byte nonce, the 16-byte GCM tag, then the ciphertext. The header is the
 * additional authenticated data, so no byte of the file can be changed unnoticed.
 * AES-256-GCM with a key derived per file (HKDF-SHA256, fresh salt), so a nonce is
 * never reused under one key.
 */
const MAGIC = Buffer.from('BBXC', 'latin1');
const VERSION = 1;
const SALT = 16;
const NONCE = 12;
const TAG = 16;
const HEADER = MAGIC.length + 1 + SALT + NONCE;
const INFO = Buffer.from('bella-baxter-cache-v1', 'utf8');

function deriveKey(material: Uint8Array, salt: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', material, salt, INFO, 32));
}

/** Encrypts `plaintext` into a cache file's bytes. */
export function sealCache(material: Uint8Array, plaintext: Uint8Array): Buffer {
  const salt = randomBytes(SALT);
  const nonce = randomBytes(NONCE);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), salt, nonce]);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(material, salt), nonce);
  cipher.setAAD(header);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, cipher.getAuthTag(), ciphertext]);
}

/** Decrypts a cache file's bytes; `undefined` for anything that is not a cache sealed with this key. */
export function openCache(material: Uint8Array, file: Uint8Array): Buffer | undefined {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.byteLength < HEADER + TAG || !bytes.subarray(0, MAGIC.length).equals(MAGIC) || bytes[MAGIC.length] !== VERSION) return undefined;
  const salt = bytes.subarray(MAGIC.length + 1, MAGIC.length + 1 + SALT);
  const nonce = bytes.subarray(MAGIC.length + 1 + SALT, HEADER);
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(material, salt), nonce);
    decipher.setAAD(bytes.subarray(0, HEADER));
    decipher.setAuthTag(bytes.subarray(HEADER, HEADER + TAG));
    return Buffer.concat([decipher.update(bytes.subarray(HEADER + TAG)), decipher.final()]);
  } catch {
    return undefined;
  }
}
