import { BaxterConfigError } from '../errors/config-error.js';
import { defineSafeView } from '../shared/redact.js';
import { fromBase64, fromHex } from './encoding.js';
import { hmacSha256Hex, sha256Hex } from './hashing.js';

/** A parsed `bax-{keyId}-{signingSecretHex}` API key. The secret stays in a closure. */
export interface ApiKey {
  readonly keyId: string;
  /** HMAC-SHA256 over `message` with the hex-decoded signing secret, as lowercase hex. */
  sign(message: string): Promise<string>;
}

const MALFORMED =
  'Malformed API key: expected "bax-{keyId}-{signingSecretHex}". Copy the whole key from the Bella Baxter console into the apiKey option or BELLA_BAXTER_API_KEY.';

/**
 * Splits the key at its first two `-` into `bax`, the key id and the hex signing
 * secret. Anything else is a {@link BaxterConfigError} naming at most the key id.
 */
export function parseApiKey(apiKey: string): ApiKey {
  const first = apiKey.indexOf('-');
  const second = first < 0 ? -1 : apiKey.indexOf('-', first + 1);
  const prefix = first < 0 ? '' : apiKey.slice(0, first);
  const keyId = second < 0 ? '' : apiKey.slice(first + 1, second);
  const secretHex = second < 0 ? '' : apiKey.slice(second + 1);
  const secret = secretHex ? fromHex(secretHex) : undefined;
  if (prefix !== 'bax' || !keyId || !secret || secret.byteLength === 0) {
    // Shown only when it looks like a key id: a key missing its id puts the signing hex there (`bax-<hex>-x`).
    const shown = keyId && prefix === 'bax' && /^[A-Za-z0-9_]{1,24}$/.test(keyId) ? ` (key id "${keyId}")` : '';
    throw new BaxterConfigError(`${MALFORMED}${shown}`, { option: 'apiKey' });
  }
  const apiKeyObject: ApiKey = { keyId, sign: hmacSha256Hex(secret) };
  defineSafeView(apiKeyObject, 'ApiKey', () => ({ keyId }));
  return apiKeyObject;
}

/** `name=value` pairs sorted by name, each side `encodeURIComponent`-encoded, joined by `&`. */
export function canonicalQuery(params: URLSearchParams): string {
  if (params.size === 0) return ''; // most requests: no sort, no arrays
  return [...params.entries()]
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
}

/** The last timestamp formatted: every request of the same second (a fleet of clients polling) shares it. */
let lastStamp = { second: NaN, text: '' };

/** UTC ISO-8601 to the second: `2026-03-17T17:00:00Z`. */
export function signatureTimestamp(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastStamp.second) lastStamp = { second, text: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return lastStamp.text;
}

/** sha256 of zero bytes, the body hash of every GET and DELETE (`sha256Hex(new Uint8Array())`). */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The lowercase hex sha256 of a request body. */
function bodyHash(body: Uint8Array): string | Promise<string> {
  return body.byteLength === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
}

function messageOf(method: string, url: URL, timestamp: string, bodySha256: string): string {
  return `${method.toUpperCase()}\n${url.pathname}\n${canonicalQuery(url.searchParams)}\n${timestamp}\n${bodySha256}`;
}

/** The exact string that is HMAC-signed for a request. */
export async function signingMessage(method: string, url: URL, timestamp: string, body: Uint8Array): Promise<string> {
  return messageOf(method, url, timestamp, await bodyHash(body));
}

/** The three `X-Bella-*` headers that authenticate one request with an API key. */
export async function signRequest(
  key: ApiKey,
  method: string,
  url: URL,
  body: Uint8Array,
  now: Date,
): Promise<Record<string, string>> {
  const timestamp = signatureTimestamp(now);
  const hash = bodyHash(body);
  // No await for an empty body: one promise less per GET.
  const message = messageOf(method, url, timestamp, typeof hash === 'string' ? hash : await hash);
  return { 'X-Bella-Key-Id': key.keyId, 'X-Bella-Timestamp': timestamp, 'X-Bella-Signature': await key.sign(message) };
}

/**
 * The `exp` claim of a JWS-compact JWT (three base64url parts, a JSON object in
 * the middle), unverified: only to refuse a token that cannot work. Throws when
 * the token is not such a JWT.
 */
function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? '')) throw new TypeError('not a JWT');
  const claims: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(parts[1] ?? '')));
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new TypeError('not a JWT');
  const { exp } = claims as { exp?: unknown };
  return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
}

/**
 * Refuses an access token that is already expired (its `exp`), before any
 * request is sent. A token that is not a JWT is passed through untouched: the
 * server is the judge of opaque tokens.
 */
export function assertTokenUsable(token: string, now: Date): void {
  let exp: number | undefined;
  try {
    exp = jwtExpiry(token);
  } catch {
    return;
  }
  if (exp !== undefined && exp * 1000 <= now.getTime()) {
    throw new BaxterConfigError(
      `The access token expired at ${new Date(exp * 1000).toISOString()}. Obtain a new one and pass it as accessToken or BELLA_BAXTER_ACCESS_TOKEN, or use an API key.`,
      { option: 'accessToken' },
    );
  }
}

/** How requests are authenticated. */
export type Authenticator = (method: string, url: URL, body: Uint8Array, now: Date) => Promise<Record<string, string>>;

export function apiKeyAuthenticator(key: ApiKey): Authenticator {
  return (method, url, body, now) => signRequest(key, method, url, body, now);
}

export function bearerAuthenticator(token: string): Authenticator {
  return async (_method, _url, _body, now) => {
    assertTokenUsable(token, now);
    return { Authorization: `Bearer ${token}` };
  };
}
