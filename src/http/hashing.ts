/**
 * SHA-256 and HMAC-SHA256 as lowercase hex, for request signing. On Node (and Bun,
 * Deno) `node:crypto`, reached through `process.getBuiltinModule` so this file
 * imports nothing from Node: a synchronous hash costs 6-11 µs where an async Web
 * Crypto `digest` + `sign` pair costs ~235 µs of CPU per request. Elsewhere, Web Crypto.
 * Both give the same bytes.
 */
import { builtinCrypto } from '../shared/builtin-crypto.js';
import { toHex, utf8 } from './encoding.js';

/** The two members of `node:crypto` we use, typed structurally. */
interface NodeHashing {
  createHash(algorithm: 'sha256'): { update(data: Uint8Array | string): { digest(encoding: 'hex'): string } };
  createHmac(algorithm: 'sha256', key: Uint8Array): { update(data: string): { digest(encoding: 'hex'): string } };
}

let node: NodeHashing | null | undefined;

function nodeHashing(): NodeHashing | null {
  if (node === undefined) {
    const mod = builtinCrypto<NodeHashing>();
    node = mod && typeof mod.createHmac === 'function' && typeof mod.createHash === 'function' ? (mod as NodeHashing) : null;
  }
  return node;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const n = nodeHashing();
  if (n) return n.createHash('sha256').update(bytes).digest('hex');
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}

/** A signer for one key: HMAC-SHA256 of a UTF-8 message, as lowercase hex. */
export function hmacSha256Hex(secret: Uint8Array): (message: string) => Promise<string> {
  const n = nodeHashing();
  if (n) return async (message) => n.createHmac('sha256', secret).update(message).digest('hex');
  let key: Promise<CryptoKey> | undefined;
  return async (message) => {
    key ??= crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', await key, utf8.encode(message))));
  };
}
