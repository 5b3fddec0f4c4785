import { afterEach, describe, expect, it } from 'vitest';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };
const ENV = '/api/v1/projects/shop/environments/prod';

/** The emulator's answers as any client (another SDK, curl) sees them: Bearer token, raw JSON. */
describe.each(PATHS)('emulator wire shapes over %s', (path) => {
  let h: EmulatorHarness;
  let token: string;
  afterEach(async () => {
    await h?.close();
  });

  async function setup() {
    h = await startEmulator(path, { now: Date.parse('2026-03-17T17:00:00Z') });
    h.emulator.addEnvironment({
      ...REF,
      providers: [
        { slug: 'vault', secrets: { K: 'v1' } },
        { slug: 'pg', type: 'VaultDatabase', roles: ['app'] },
      ],
    });
    token = await h.emulator.createAccessToken({ ...REF });
  }

  async function get(route: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${h.baxterUrl}${ENV}${route}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
  }

  it('GET .../versions lists every stored version, the current one flagged, and a deleted secret has no current version', async () => {
    await setup();
    await h.emulator.clock.advance(60_000);
    h.emulator.setSecret({ ...REF, provider: 'vault', key: 'K', value: 'v2' });
    const res = await get('/providers/vault/secrets/K/versions');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      currentVersion: 2,
      oldestVersion: 1,
      maxVersions: 10,
      versions: [
        { version: 1, createdAt: '2026-03-17T17:00:00.000Z', deletedAt: null, isDestroyed: false, isCurrent: false },
        { version: 2, createdAt: '2026-03-17T17:01:00.000Z', deletedAt: null, isDestroyed: false, isCurrent: true },
      ],
    });
    h.emulator.deleteSecret({ ...REF, provider: 'vault', key: 'K' });
    const after = await get('/providers/vault/secrets/K/versions');
    expect(after.json).toMatchObject({ currentVersion: null, versions: [{ isCurrent: false }, { isCurrent: false, deletedAt: '2026-03-17T17:01:00.000Z' }] });
  });

  it('GET .../versions answers 501 for a database provider, 404 for an unknown secret', async () => {
    await setup();
    const db = await get('/providers/pg/secrets/K/versions');
    expect(db.status).toBe(501);
    expect(db.headers.get('content-type')).toBe('application/problem+json');
    expect((await get('/providers/vault/secrets/NOPE/versions')).status).toBe(404);
  });

  it('a registered device key gets X-Bella-Wrapped-Dek and X-Bella-Lease-Expires on E2EE secrets reads; an ephemeral key does not', async () => {
    await setup();
    const device = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', device.publicKey)).toString('base64');
    const pem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
    expect(h.emulator.registerDeviceKey({ publicKey: pem, leaseSeconds: 600 })).toBe(spki);

    const res = await get('/secrets', { 'X-E2E-Public-Key': spki });
    expect(res.json.encrypted).toBe(true);
    expect(res.headers.get('x-bella-lease-expires')).toBe('2026-03-17T17:10:00.000Z');
    const envelope = JSON.parse(Buffer.from(res.headers.get('x-bella-wrapped-dek')!, 'base64').toString('utf8')) as Record<string, string>;
    expect(Object.keys(envelope).sort()).toEqual(['Ciphertext', 'EphemeralPublicKey', 'Nonce', 'Tag']);
    expect(Buffer.from(envelope.Ciphertext!, 'base64')).toHaveLength(32);
    const provider = await get('/providers/vault/secrets', { 'X-E2E-Public-Key': spki });
    expect(provider.headers.get('x-bella-wrapped-dek')).toBeTruthy();

    const other = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
    const otherSpki = Buffer.from(await crypto.subtle.exportKey('spki', other.publicKey)).toString('base64');
    const ephemeral = await get('/secrets', { 'X-E2E-Public-Key': otherSpki });
    expect(ephemeral.json.encrypted).toBe(true);
    expect(ephemeral.headers.get('x-bella-wrapped-dek')).toBeNull();
    expect(ephemeral.headers.get('x-bella-lease-expires')).toBeNull();
  });

  it('device keys can be seeded', async () => {
    const device = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', device.publicKey)).toString('base64');
    h = await startEmulator(path, { seed: { projects: [{ slug: 'shop', environments: [{ slug: 'prod', secrets: { A: '1' } }] }], deviceKeys: [{ publicKey: spki }] } });
    token = await h.emulator.createAccessToken({ ...REF });
    const res = await get('/secrets', { 'X-E2E-Public-Key': spki });
    expect(res.headers.get('x-bella-wrapped-dek')).toBeTruthy();
  });
});
