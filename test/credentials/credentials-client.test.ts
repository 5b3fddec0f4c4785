import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient, isBaxterApiError, isBaxterValidationError, type BaxterClient } from '../../src/index.js';
import { DynamicCredentials } from '../../src/credentials/dynamic-credentials.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };
const NOW = Date.parse('2026-03-17T17:00:00Z');

describe.each(PATHS)('client.credentials over %s', (path) => {
  let h: EmulatorHarness;
  let client: BaxterClient<unknown> | undefined;

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await h?.close();
  });

  async function setup() {
    h = await startEmulator(path, { now: NOW });
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' }, providers: [{ slug: 'postgres', type: 'PostgreSQL', roles: ['readonly', 'app'] }] });
    client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    h.emulator.requests.length = 0;
    return client;
  }

  it('generates credentials for a role with the TTL asked, expiring on the server clock', async () => {
    const c = await setup();
    const creds = await c.credentials.generate({ provider: 'postgres', role: 'app', ttlSeconds: 900 });
    expect(creds).toBeInstanceOf(DynamicCredentials);
    expect(creds.username).toMatch(/^v-app-[0-9a-f]{10}$/);
    expect(creds.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(creds.leaseDurationSeconds).toBe(900);
    expect(creds.expiresAt.toISOString()).toBe(new Date(NOW + 900_000).toISOString());
    expect(creds.expiresIn(NOW)).toBe(900);
    expect(creds.expiresIn(NOW + 899_500)).toBe(0);
    expect(creds.expiresIn(NOW + 10_000_000)).toBe(0);
    const [lease] = h.emulator.issuedLeases({ provider: 'postgres' });
    expect(lease).toMatchObject({ role: 'app', username: creds.username, leaseId: creds.leaseId });
    expect(h.emulator.checkCredentials(creds.username, creds.password)).toBe('valid');
    expect(h.emulator.requests.map((r) => [r.method, r.route, r.status])).toEqual([['POST', 'credentialsGenerate', 200]]);
  });

  it('creates a new user and password on every call, with the default role when none is named', async () => {
    const c = await setup();
    const a = await c.credentials.generate({ provider: 'postgres' });
    const b = await c.credentials.generate({ provider: 'postgres' });
    expect(a.username).not.toBe(b.username);
    expect(a.password).not.toBe(b.password);
    expect(a.leaseId).not.toBe(b.leaseId);
    expect(h.emulator.issuedLeases().map((l) => l.role)).toEqual(['readonly', 'readonly']);
    // The provider default TTL.
    expect(a.leaseDurationSeconds).toBe(3600);
  });

  it('toEnv() gives DB_USERNAME, DB_PASSWORD and DATABASE_URL, and only the two without a URL', async () => {
    const c = await setup();
    const creds = await c.credentials.generate({ provider: 'postgres', role: 'readonly' });
    const env = creds.toEnv();
    expect(env.DB_USERNAME).toBe(creds.username);
    expect(env.DB_PASSWORD).toBe(creds.password);
    const url = new URL(env.DATABASE_URL!);
    expect([url.protocol, url.hostname, url.port, url.pathname]).toEqual(['postgresql:', '127.0.0.1', '5432', '/postgres']);
    expect(decodeURIComponent(url.username)).toBe(creds.username);
    expect(decodeURIComponent(url.password)).toBe(creds.password);
    expect({ ...env }).toEqual({ DB_USERNAME: creds.username, DB_PASSWORD: creds.password, DATABASE_URL: creds.connectionUrl });

    h.emulator.setCredentialRoles({ ...REF, provider: 'mysql', roles: ['rw'], connectionUrl: null });
    const noUrl = await c.credentials.generate({ provider: 'mysql' });
    expect(noUrl.connectionUrl).toBeUndefined();
    expect(Object.keys(noUrl.toEnv())).toEqual(['DB_USERNAME', 'DB_PASSWORD']);
  });

  it('never shows the password in inspect, JSON, String or toEnv() logging', async () => {
    const c = await setup();
    const creds = await c.credentials.generate({ provider: 'postgres', role: 'app' });
    const shown = [inspect(creds), JSON.stringify(creds), String(creds), `${creds}`, inspect(creds.toEnv()), inspect({ nested: creds })];
    for (const s of shown) {
      expect(s).not.toContain(creds.password);
      expect(s).toContain(creds.username);
    }
    expect(JSON.parse(JSON.stringify(creds))).toMatchObject({ password: '[REDACTED]', leaseId: creds.leaseId, connectionUrl: expect.stringContaining(':***@') });
    // The password is not an own enumerable property: spreading or cloning the object does not copy it.
    expect(Object.keys(creds)).toEqual([]);
    expect(structuredClone({ ...creds })).toEqual({});
  });

  it('lists the roles of a provider', async () => {
    const c = await setup();
    expect(await c.credentials.listRoles({ provider: 'postgres' })).toEqual(['readonly', 'app']);
  });

  it('does not retry generate on a 503 (each call creates a database user)', async () => {
    const c = await setup();
    h.emulator.injectFault({ route: 'credentialsGenerate', status: 503, times: 1 });
    const error = await c.credentials.generate({ provider: 'postgres' }).catch((e: unknown) => e);
    expect(isBaxterApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 503 });
    expect(h.emulator.requestsTo('credentialsGenerate')).toHaveLength(1);
    expect(h.emulator.issuedLeases()).toHaveLength(0);
  });

  it('answers an unknown role and an unknown provider with API errors', async () => {
    const c = await setup();
    await expect(c.credentials.generate({ provider: 'postgres', role: 'superuser' })).rejects.toMatchObject({ name: 'BaxterApiError', status: 400, title: 'Unknown role' });
    await expect(c.credentials.listRoles({ provider: 'nope' })).rejects.toMatchObject({ name: 'BaxterApiError', status: 404 });
  });

  it('grants at most the provider maximum TTL', async () => {
    const c = await setup();
    h.emulator.setCredentialRoles({ ...REF, provider: 'postgres', roles: ['readonly'], maxTtlSeconds: 600 });
    const creds = await c.credentials.generate({ provider: 'postgres', ttlSeconds: 7200 });
    expect(creds.leaseDurationSeconds).toBe(600);
  });

  it.each([
    [{ provider: '' }, ['provider']],
    [{ provider: 'postgres', role: '' }, ['role']],
    [{ provider: 'postgres', ttlSeconds: 0 }, ['ttlSeconds']],
    [{ provider: 'postgres', ttlSeconds: 1.5 }, ['ttlSeconds']],
    [{ role: 'app', ttlSeconds: -1 }, ['provider', 'ttlSeconds']],
  ])('rejects bad arguments %j before any request', async (args, keys) => {
    const c = await setup();
    const error = await c.credentials.generate(args as never).catch((e: unknown) => e);
    expect(isBaxterValidationError(error)).toBe(true);
    expect((error as { keys: string[] }).keys).toEqual(keys);
    await expect(c.credentials.lease({ ...(args as object), renewBefore: -1 } as never)).rejects.toMatchObject({ name: 'BaxterValidationError', keys: [...keys, 'renewBefore'] });
    expect(h.emulator.requests).toEqual([]);
  });

  it('an expired lease is reported expired by the emulator, on its clock', async () => {
    const c = await setup();
    const creds = await c.credentials.generate({ provider: 'postgres', ttlSeconds: 60 });
    expect(h.emulator.isLeaseExpired(creds.leaseId)).toBe(false);
    await h.emulator.clock.advance(59_999);
    expect(h.emulator.checkCredentials(creds.username, creds.password)).toBe('valid');
    await h.emulator.clock.advance(1);
    expect(h.emulator.isLeaseExpired(creds.leaseId)).toBe(true);
    expect(h.emulator.checkCredentials(creds.username, creds.password)).toBe('expired');
    expect(h.emulator.checkCredentials(creds.username, 'wrong')).toBe('unknown');
    expect(h.emulator.isLeaseExpired('no-such-lease')).toBeUndefined();
  });
});
