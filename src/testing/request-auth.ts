import { jwtVerify, SignJWT } from 'jose';
import { signingMessage } from '../http/auth.js';
import { fromHex, toHex, utf8 } from '../http/encoding.js';
import { timingSafeEqualString } from '../webhooks/compare.js';
import type { ApiKeyState, EmulatorStore } from './store.js';

/** Who made a request, once verified. */
export type Caller =
  | { kind: 'apiKey'; key: ApiKeyState; project: string; environment: string }
  | { kind: 'accessToken'; project: string | undefined; environment: string | undefined };

export type AuthOutcome = { ok: true; caller: Caller } | { ok: false; reason: string };

/** How far a request's `X-Bella-Timestamp` may be from the server's clock. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** Verifies HMAC-signed (API key) or Bearer requests exactly as the real server does. */
export class RequestAuthenticator {
  readonly #jwtSecret = crypto.getRandomValues(new Uint8Array(32));

  constructor(
    private readonly store: EmulatorStore,
    private readonly now: () => number,
  ) {}

  async verify(method: string, url: URL, headers: Headers, body: Uint8Array): Promise<AuthOutcome> {
    const keyId = headers.get('x-bella-key-id');
    if (keyId !== null) return this.#verifyHmac(method, url, headers, body, keyId);
    const authorization = headers.get('authorization');
    if (authorization?.startsWith('Bearer ')) return this.#verifyToken(authorization.slice(7));
    return { ok: false, reason: 'Missing X-Bella-Key-Id/X-Bella-Signature headers or a Bearer token.' };
  }

  /** Mints a signed JWT access token (HS256, emulator-only secret). */
  async createAccessToken(claims: { project?: string; environment?: string; expiresInSeconds?: number }): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    return new SignJWT({ project: claims.project, environment: claims.environment })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + (claims.expiresInSeconds ?? 3600))
      .setSubject('emulator-user')
      .sign(this.#jwtSecret);
  }

  async #verifyToken(token: string): Promise<AuthOutcome> {
    try {
      const { payload } = await jwtVerify(token, this.#jwtSecret, { currentDate: new Date(this.now()) });
      return {
        ok: true,
        caller: {
          kind: 'accessToken',
          project: typeof payload.project === 'string' ? payload.project : undefined,
          environment: typeof payload.environment === 'string' ? payload.environment : undefined,
        },
      };
    } catch {
      return { ok: false, reason: 'The access token is invalid or expired.' };
    }
  }

  async #verifyHmac(method: string, url: URL, headers: Headers, body: Uint8Array, keyId: string): Promise<AuthOutcome> {
    const key = this.store.apiKeys.get(keyId);
    const timestamp = headers.get('x-bella-timestamp');
    const signature = headers.get('x-bella-signature');
    if (!key || key.revoked) return { ok: false, reason: 'Unknown or revoked API key.' };
    if (!timestamp || !signature) return { ok: false, reason: 'Missing X-Bella-Timestamp or X-Bella-Signature.' };
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(timestamp)) return { ok: false, reason: 'X-Bella-Timestamp must be UTC ISO-8601 to the second.' };
    if (Math.abs(Date.parse(timestamp) - this.now()) > SIGNATURE_TOLERANCE_MS) {
      return { ok: false, reason: 'X-Bella-Timestamp is too far from the server clock (stale or replayed request).' };
    }
    const hmacKey = await crypto.subtle.importKey('raw', fromHex(key.secretHex) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const message = await signingMessage(method, url, timestamp, body);
    const expected = toHex(new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, utf8.encode(message))));
    if (!timingSafeEqualString(expected, signature)) return { ok: false, reason: 'Invalid request signature.' };
    return { ok: true, caller: { kind: 'apiKey', key, project: key.project, environment: key.environment } };
  }
}
