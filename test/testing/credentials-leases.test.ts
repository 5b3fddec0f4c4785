import { afterEach, describe, expect, it } from 'vitest';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };
const BASE = '/api/v1/projects/shop/environments/prod/providers';
const T0 = Date.parse('2026-03-17T17:00:00Z');

/** Dynamic credentials on the wire (contract section 7), as any client sees them. */
describe.each(PATHS)('emulator dynamic credentials over %s', (path) => {
  let h: EmulatorHarness;
  let token: string;
  afterEach(async () => {
    await h?.close();
  });

  async function setup() {
    h = await startEmulator(path, { now: T0 });
    h.emulator.addEnvironment({ ...REF, providers: [{ slug: 'postgres', roles: ['readonly', 'app'] }, { slug: 'vault', secrets: { A: '1' } }] });
    token = await h.emulator.createAccessToken({ ...REF });
  }

  async function call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${h.baxterUrl}${BASE}${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('null role and ttl mean the default role and TTL; the answer has every contract field', async () => {
    await setup();
    const res = await call('POST', '/postgres/credentials/generate', { role: null, ttlSeconds: null });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['connectionUrl', 'expiresAt', 'leaseDurationSeconds', 'leaseId', 'password', 'username']);
    expect(res.json).toMatchObject({ leaseDurationSeconds: 3600, expiresAt: new Date(T0 + 3_600_000).toISOString() });
    expect(h.emulator.issuedLeases()[0]!.role).toBe('readonly');
    expect((await call('GET', '/postgres/credentials/roles')).json).toEqual(['readonly', 'app']);
  });

  it('answers end-to-end encrypted when the client offers a key', async () => {
    await setup();
    const { publicKey } = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', publicKey)).toString('base64');
    const res = await call('POST', '/postgres/credentials/generate', { role: 'app', ttlSeconds: 60 }, { 'X-E2E-Public-Key': spki });
    expect(res.json).toMatchObject({ encrypted: true, ciphertext: expect.any(String) });
    expect(JSON.stringify(res.json)).not.toContain(h.emulator.issuedLeases()[0]!.password);
  });

  it.each<[string, string, unknown, number, string]>([
    ['a non-positive ttl', '/postgres/credentials/generate', { role: null, ttlSeconds: 0 }, 400, 'Invalid ttlSeconds'],
    ['an unknown role', '/postgres/credentials/generate', { role: 'root', ttlSeconds: null }, 400, 'Unknown role'],
    ['a provider without roles', '/vault/credentials/generate', { role: null, ttlSeconds: null }, 400, 'No credential roles'],
    ['an unknown provider', '/mysql/credentials/generate', { role: null, ttlSeconds: null }, 404, 'Provider not found'],
  ])('refuses %s', async (_name, route, body, status, title) => {
    await setup();
    const res = await call('POST', route, body);
    expect(res.json).toMatchObject({ status, title });
    expect(h.emulator.issuedLeases()).toEqual([]);
  });

  it('leases expire on the emulator clock, each at its own time', async () => {
    await setup();
    const short = (await call('POST', '/postgres/credentials/generate', { role: 'app', ttlSeconds: 60 })).json;
    const long = (await call('POST', '/postgres/credentials/generate', { role: 'app', ttlSeconds: 600 })).json;
    await h.emulator.clock.advance(60_000);
    expect(h.emulator.isLeaseExpired(short.leaseId as string)).toBe(true);
    expect(h.emulator.isLeaseExpired(long.leaseId as string)).toBe(false);
    expect(h.emulator.checkCredentials(short.username as string, short.password as string)).toBe('expired');
    expect(h.emulator.checkCredentials(long.username as string, long.password as string)).toBe('valid');
    await h.emulator.clock.advance(540_000);
    expect(h.emulator.checkCredentials(long.username as string, long.password as string)).toBe('expired');
  });
});
