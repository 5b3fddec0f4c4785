/**
 * HMAC-SHA256 for webhook signatures, on whichever primitive the runtime offers.
 *
 * Why a run-time pick instead of a `node` export condition: one build ships
 * everywhere, and no bundler or runtime has to resolve a Node-only file. On
 * Node (>= 20.16), Bun and Deno, `process.getBuiltinModule('node:crypto')`
 * hands us the synchronous `createHmac`, about 6x faster than Web Crypto's
 * async `subtle.sign` for small bodies. It is a plain function call, not an
 * `import`, so bundlers for browsers and workers see no Node built-in; where
 * it is missing (Workers, browsers, edge runtimes) we fall back to Web Crypto.
 * @internal
 */
import { builtinCrypto } from '../shared/builtin-crypto.js';

/** The two members of `node:crypto` we use, typed structurally so this file imports nothing from Node. */
interface NodeHmac {
  update(data: string | Uint8Array): NodeHmac;
  digest(encoding: 'hex'): string;
}
interface NodeCrypto {
  createHmac(algorithm: 'sha256', key: string): NodeHmac;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/** `undefined` until first use: looking the module up lazily keeps import time near zero. */
let nodeCrypto: NodeCrypto | null | undefined;

function findNodeCrypto(): NodeCrypto | null {
  const mod = builtinCrypto<NodeCrypto>();
  return mod && typeof mod.createHmac === 'function' ? (mod as NodeCrypto) : null;
}

/**
 * Web Crypto keys are imported once per secret: `importKey` costs as much as
 * the HMAC itself for small bodies. Bounded so a caller cycling through many
 * secrets cannot grow it without limit.
 */
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_MAX = 32;

function webKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string);
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    // A rejected import must not poison the cache for later calls.
    key.catch(() => keyCache.delete(secret));
    keyCache.set(secret, key);
  }
  return key;
}

function toHex(buffer: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += (byte < 16 ? '0' : '') + byte.toString(16);
  return out;
}

/** `{timestamp}.{body}` as bytes, copying a binary body once. */
function message(timestamp: string, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return encoder.encode(`${timestamp}.${body}`);
  const out = new Uint8Array(timestamp.length + 1 + body.length);
  out.set(encoder.encode(`${timestamp}.`));
  out.set(body, timestamp.length + 1);
  return out;
}

/**
 * Lowercase hex HMAC-SHA256 of `{timestamp}.{body}` keyed by the secret's UTF-8
 * bytes. Synchronous on Node-compatible runtimes, a promise on Web Crypto.
 * `timestamp` must be ASCII digits (the caller checked).
 */
export function hmacHex(secret: string, timestamp: string, body: string | Uint8Array): string | Promise<string> {
  if (nodeCrypto === undefined) nodeCrypto = findNodeCrypto();
  if (nodeCrypto) return nodeCrypto.createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return webKey(secret).then(async (key) => toHex(await crypto.subtle.sign('HMAC', key, message(timestamp, body))));
}

/** Forces one backend, for tests and the benchmark of the Web Crypto path. @internal */
export function setHmacBackend(backend: 'auto' | 'web'): void {
  nodeCrypto = backend === 'web' ? null : undefined;
}
