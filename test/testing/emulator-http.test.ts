import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBaxterEmulator, type BaxterEmulator, type ListeningServer } from '../../src/testing.js';

const PATH = '/api/v1/projects/shop/environments/prod/secrets';

/** Signs a request by hand (wire contract §2), so these tests do not trust the SDK's signer. */
function signed(apiKey: string, method: string, path: string, options: { at?: Date; body?: string; tamper?: boolean } = {}) {
  const [, keyId, secretHex] = apiKey.split('-') as [string, string, string];
  const ts = (options.at ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = options.body ?? '';
  const message = [method, path, '', ts, createHash('sha256').update(body).digest('hex')].join('\n');
  let signature = createHmac('sha256', Buffer.from(secretHex, 'hex')).update(message).digest('hex');
  if (options.tamper) signature = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
  return { 'X-Bella-Key-Id': keyId, 'X-Bella-Timestamp': ts, 'X-Bella-Signature': signature };
}

describe('the emulator over a loopback port', () => {
  let emulator: BaxterEmulator;
  let server: ListeningServer;
  let apiKey: string;
  beforeEach(async () => {
    emulator = createBaxterEmulator();
    ({ apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' }, providers: [{ slug: 'aws', secrets: { B: '2' } }] }));
    server = await emulator.listen();
  });
  afterEach(() => server.close());

  const get = (path: string, headers: Record<string, string>) => fetch(server.url + path, { headers });

  it('answers a correctly signed request', async () => {
    const res = await get(PATH, signed(apiKey, 'GET', PATH));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ environmentSlug: 'prod', secrets: { A: '1', B: '2' }, version: expect.any(Number) });
  });

  it.each([
    ['a wrong signature', (k: string) => signed(k, 'GET', PATH, { tamper: true }), /Invalid request signature/],
    ['a signature for another path', (k: string) => signed(k, 'GET', '/api/v1/keys/me'), /Invalid request signature/],
    ['a replayed request six minutes old', (k: string) => signed(k, 'GET', PATH, { at: new Date(Date.now() - 6 * 60_000) }), /stale or replayed/],
    ['a timestamp from the future', (k: string) => signed(k, 'GET', PATH, { at: new Date(Date.now() + 6 * 60_000) }), /stale or replayed/],
    ['no credentials', () => ({}), /Missing/],
  ])('rejects %s with 401 problem+json', async (_name, headers, detail) => {
    const res = await get(PATH, headers(apiKey));
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { title: string; status: number; detail: string };
    expect(problem).toMatchObject({ title: 'Unauthorized', status: 401 });
    expect(problem.detail).toMatch(detail);
  });

  it('rejects a revoked key, and answers a key scoped to another environment or project 404 problem+json (not 403: nothing leaks)', async () => {
    const other = emulator.addEnvironment({ project: 'shop', environment: 'staging' }).apiKey;
    const outside = await get(PATH, signed(other, 'GET', PATH));
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toBe('application/problem+json');
    const elsewhere = emulator.addEnvironment({ project: 'blog', environment: 'prod' }).apiKey;
    expect((await get(PATH, signed(elsewhere, 'GET', PATH))).status).toBe(404);
    emulator.revokeApiKey(apiKey);
    expect((await get(PATH, signed(apiKey, 'GET', PATH))).status).toBe(401);
  });

  it('answers 304 on a matching If-None-Match and a new hash after a change', async () => {
    const hashPath = `${PATH}/hash`;
    const first = await get(hashPath, signed(apiKey, 'GET', hashPath));
    const { hash, secretCount } = (await first.json()) as { hash: string; secretCount: number };
    expect(secretCount).toBe(2);
    expect(first.headers.get('etag')).toBe(`"${hash}"`);
    const same = await get(hashPath, { ...signed(apiKey, 'GET', hashPath), 'If-None-Match': `"${hash}"` });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    emulator.setSecret({ project: 'shop', environment: 'prod', key: 'A', value: 'changed' });
    const changed = await get(hashPath, { ...signed(apiKey, 'GET', hashPath), 'If-None-Match': `"${hash}"` });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { hash: string }).hash).not.toBe(hash);
  });

  it('answers provider-level secrets only end-to-end encrypted, like the real server', async () => {
    const path = '/api/v1/projects/shop/environments/prod/providers/aws/secrets';
    const plain = await get(path, signed(apiKey, 'GET', path));
    expect(plain.status).toBe(400);
    const { publicKey } = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']) as CryptoKeyPair;
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', publicKey)).toString('base64');
    const sealed = await get(path, { ...signed(apiKey, 'GET', path), 'X-E2E-Public-Key': spki });
    const body = (await sealed.json()) as Record<string, string | boolean>;
    expect(body).toMatchObject({ encrypted: true, algorithm: expect.any(String) });
    expect(Buffer.from(body.nonce as string, 'base64')).toHaveLength(12);
    expect(Buffer.from(body.tag as string, 'base64')).toHaveLength(16);
    expect(JSON.stringify(body)).not.toContain('"2"');
  });

  it('falls back like the real server: no environment-level hash endpoint when configured so', async () => {
    const real = createBaxterEmulator({ environmentHashEndpoint: false });
    const key = real.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } }).apiKey;
    const res = await real.fetch(`http://emulator.localhost${PATH}/hash`, { headers: signed(key, 'GET', `${PATH}/hash`) });
    expect(res.status).toBe(404);
    const version = await real.fetch(`http://emulator.localhost${PATH}/version`, { headers: signed(key, 'GET', `${PATH}/version`) });
    expect(await version.json()).toMatchObject({ environmentSlug: 'prod', version: expect.any(Number), lastModified: expect.any(String) });
  });
});

describe('fault injection', () => {
  async function statuses(seed: number): Promise<number[]> {
    const emulator = createBaxterEmulator({ faultSeed: seed });
    const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
    emulator.injectFault({ route: 'envSecrets', status: 503, rate: 0.5 });
    const out: number[] = [];
    for (let i = 0; i < 40; i++) out.push((await emulator.fetch(`http://emulator.localhost${PATH}`, { headers: signed(apiKey, 'GET', PATH) })).status);
    return out;
  }

  it('is reproducible by seed, and a different seed gives a different sequence', async () => {
    const a = await statuses(42);
    expect(await statuses(42)).toEqual(a);
    expect(await statuses(7)).not.toEqual(a);
    expect(a.filter((s) => s === 503).length).toBeGreaterThan(5);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(5);
  });

  it('answers 429 with Retry-After, a limited number of times', async () => {
    const emulator = createBaxterEmulator();
    const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
    emulator.injectFault({ status: 429, retryAfterSeconds: 3, times: 1 });
    const first = await emulator.fetch(`http://emulator.localhost${PATH}`, { headers: signed(apiKey, 'GET', PATH) });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await emulator.fetch(`http://emulator.localhost${PATH}`, { headers: signed(apiKey, 'GET', PATH) })).status).toBe(200);
  });
});

describe('seeding from a JSON seed (as bella-emulator --seed reads it)', () => {
  it('creates environments, providers with roles, API keys and rotation policies', async () => {
    const apiKey = `bax-seeded1-${'ab'.repeat(32)}`;
    const emulator = createBaxterEmulator({
      now: Date.parse('2026-03-17T17:00:00Z'),
      seed: {
        projects: [{ slug: 'shop', environments: [{ slug: 'prod', secrets: { A: '1' }, providers: [{ slug: 'postgres', roles: ['app'] }, { slug: 'vault', secrets: { S: 'old' } }] }] }],
        apiKeys: [{ apiKey, project: 'shop', environment: 'prod' }],
        rotationPolicies: [{ project: 'shop', environment: 'prod', provider: 'vault', key: 'S', policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'hex32' } }],
      },
    });
    const res = await emulator.fetch(`http://emulator.localhost${PATH}`, { headers: signed(apiKey, 'GET', PATH) });
    expect(((await res.json()) as { secrets: Record<string, string> }).secrets).toEqual({ A: '1', S: 'old' });
    const rolesPath = '/api/v1/projects/shop/environments/prod/providers/postgres/credentials/roles';
    expect(await (await emulator.fetch(`http://emulator.localhost${rolesPath}`, { headers: signed(apiKey, 'GET', rolesPath) })).json()).toEqual(['app']);
    await emulator.clock.advance(24 * 3600_000 + 15 * 60_000);
    const rotated = await (await emulator.fetch(`http://emulator.localhost${PATH}`, { headers: signed(apiKey, 'GET', PATH) })).json();
    expect((rotated as { secrets: Record<string, string> }).secrets.S).toMatch(/^[0-9a-f]{32}$/);
    await emulator.close();
  });
});
