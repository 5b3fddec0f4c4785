import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { assertTokenUsable, canonicalQuery, parseApiKey, signatureTimestamp, signRequest } from '../../src/http/auth.js';
import { isBaxterConfigError } from '../../src/index.js';

const SECRET_HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe('API key request signing (wire contract §2)', () => {
  it('matches an HMAC computed independently with node:crypto', async () => {
    const key = parseApiKey(`bax-key1-${SECRET_HEX}`);
    const url = new URL('https://api.example.test/api/v1/projects/shop/environments/prod/secrets?b=2&a=x y&a=1');
    const body = new TextEncoder().encode('{"role":null}');
    const now = new Date('2026-03-17T17:00:00.789Z');
    const headers = await signRequest(key, 'post', url, body, now);

    const message = [
      'POST',
      '/api/v1/projects/shop/environments/prod/secrets',
      'a=1&a=x%20y&b=2',
      '2026-03-17T17:00:00Z',
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    const expected = createHmac('sha256', Buffer.from(SECRET_HEX, 'hex')).update(message).digest('hex');
    expect(headers).toEqual({ 'X-Bella-Key-Id': 'key1', 'X-Bella-Timestamp': '2026-03-17T17:00:00Z', 'X-Bella-Signature': expected });
  });

  it('hashes an empty body as sha256 of zero bytes and an empty query as an empty line', async () => {
    const key = parseApiKey(`bax-k-${SECRET_HEX}`);
    const url = new URL('http://h/api/v1/keys/me');
    const { 'X-Bella-Signature': sig } = await signRequest(key, 'GET', url, new Uint8Array(), new Date('2026-01-01T00:00:00Z'));
    const message = `GET\n/api/v1/keys/me\n\n2026-01-01T00:00:00Z\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`;
    expect(sig).toBe(createHmac('sha256', Buffer.from(SECRET_HEX, 'hex')).update(message).digest('hex'));
  });

  it('sorts query parameters by name and encodes both sides with encodeURIComponent', () => {
    expect(canonicalQuery(new URLSearchParams('z=1&a=%2F&m=a+b'))).toBe('a=%2F&m=a%20b&z=1');
    expect(canonicalQuery(new URLSearchParams())).toBe('');
  });

  it('formats the timestamp as UTC ISO-8601 to the second', () => {
    expect(signatureTimestamp(new Date('2026-03-17T17:00:00.999Z'))).toBe('2026-03-17T17:00:00Z');
  });

  it('gives each request the timestamp of its own second, across second boundaries and a clock set back', () => {
    // The formatted second is reused within a second: a stale one would be refused by the server.
    const stamps = ['2026-03-17T17:00:00.001Z', '2026-03-17T17:00:00.999Z', '2026-03-17T17:00:01.000Z', '2026-03-17T16:59:59.500Z', '1969-12-31T23:59:59.900Z', '1970-01-01T00:00:00.100Z'];
    expect(stamps.map((s) => signatureTimestamp(new Date(s)))).toEqual([
      '2026-03-17T17:00:00Z',
      '2026-03-17T17:00:00Z',
      '2026-03-17T17:00:01Z',
      '2026-03-17T16:59:59Z',
      '1969-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z',
    ]);
  });

  it.each(['bax-only', 'bax--abcd', 'key-id-abcd', 'bax-id-xyz', 'bax-id-abc', ''])('refuses the malformed key %j without showing its secret', (bad) => {
    let error: unknown;
    try {
      parseApiKey(bad);
    } catch (e) {
      error = e;
    }
    expect(isBaxterConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/bax-\{keyId\}-\{signingSecretHex\}/);
    if (bad.includes('xyz')) expect((error as Error).message).not.toContain('xyz');
  });

  it('splits at the first two dashes: a dash in the secret part is a malformed key', () => {
    expect(() => parseApiKey(`bax-key-${SECRET_HEX}-more`)).toThrow(/Malformed API key/);
  });
});

describe('Web Crypto fallback (no node:crypto, as on an edge runtime)', () => {
  it('signs the same bytes as the node:crypto path', async () => {
    const url = new URL('https://api.example.test/api/v1/projects/shop/environments/prod/secrets?b=2&a=1');
    const body = new TextEncoder().encode('{"a":"héllo"}');
    const now = new Date('2026-03-17T17:00:00Z');
    const viaNode = await signRequest(parseApiKey(`bax-k-${SECRET_HEX}`), 'PUT', url, body, now);
    vi.resetModules();
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    try {
      const web = await import('../../src/http/auth.js');
      expect(await web.signRequest(web.parseApiKey(`bax-k-${SECRET_HEX}`), 'PUT', url, body, now)).toEqual(viaNode);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

describe('access token expiry (exp of a JWT, read without verifying it)', () => {
  const jwt = (claims: unknown) =>
    [{ alg: 'none' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.sig';
  const now = new Date('2026-03-17T17:00:00Z');

  it('refuses a JWT whose exp has passed, naming when it expired', () => {
    expect(() => assertTokenUsable(jwt({ sub: 'u', exp: now.getTime() / 1000 - 1 }), now)).toThrow(/expired at 2026-03-17T16:59:59\.000Z/);
    expect(() => assertTokenUsable(jwt({ exp: now.getTime() / 1000 }), now)).toThrow(/expired/);
  });

  it('accepts a JWT that is still valid or has no numeric exp', () => {
    expect(() => assertTokenUsable(jwt({ exp: now.getTime() / 1000 + 60 }), now)).not.toThrow();
    expect(() => assertTokenUsable(jwt({ sub: 'u' }), now)).not.toThrow();
    expect(() => assertTokenUsable(jwt({ exp: '1' }), now)).not.toThrow();
  });

  it('passes opaque tokens through untouched: the server judges them', () => {
    for (const token of ['opaque-token', 'a.b', 'a.%%%.c', `x.${Buffer.from('[1]').toString('base64url')}.y`, 'a.b.c.d.e']) {
      expect(() => assertTokenUsable(token, now)).not.toThrow();
    }
  });
});
