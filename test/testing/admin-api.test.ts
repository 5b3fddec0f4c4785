import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBaxterClient, type BaxterClient } from '../../src/index.js';
import { AdminApi } from '../../src/testing/admin/admin-api.js';
import { isLoopback } from '../../src/testing/admin/admin-context.js';
import { createBaxterEmulator, type BaxterEmulator, type ListeningServer } from '../../src/testing.js';

const T0 = Date.parse('2026-03-17T17:00:00Z');
const DAY = 86_400_000;

describe('the /_emulator admin API, over a loopback port', () => {
  let emulator: BaxterEmulator;
  let server: ListeningServer;
  let client: BaxterClient<unknown> | undefined;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/_emulator${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, any> };
  };

  beforeEach(async () => {
    emulator = createBaxterEmulator({ now: T0 });
    server = await emulator.listen();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
    await emulator.close();
  });

  it('creates an environment with an API key, sets and deletes secrets; a client sees each change', async () => {
    const created = await admin('POST', '/environments', { project: 'shop', environment: 'dev', secrets: { A: '1' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ project: 'shop', environment: 'dev', apiKey: expect.stringMatching(/^bax-/) });
    client = await createBaxterClient({ baxterUrl: server.url, apiKey: created.body.apiKey, env: {} });
    expect(client.get('A')).toBe('1');

    expect((await admin('PUT', '/projects/shop/environments/dev/secrets/B', { value: '2' })).body).toMatchObject({ key: 'B', version: expect.any(Number) });
    expect(await client.refresh()).toBe(true);
    expect(client.get('B')).toBe('2');

    expect((await admin('DELETE', '/projects/shop/environments/dev/secrets/A')).body).toMatchObject({ deleted: true });
    expect(await client.refresh()).toBe(true);
    expect(client.has('A')).toBe(false);

    const missing = await admin('DELETE', '/projects/shop/environments/dev/secrets/A');
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/problem+json');

    const key = await admin('POST', '/api-keys', { project: 'shop', environment: 'dev' });
    expect(key.body.apiKey).toMatch(/^bax-/);
    expect((await admin('POST', '/api-keys', { project: 'shop', environment: 'nope' })).status).toBe(404);
  });

  it('refuses a missing project or environment, or a non-string role, with a 400 naming the field (environments and API keys alike)', async () => {
    for (const path of ['/environments', '/api-keys']) {
      const noEnv = await admin('POST', path, { project: 'shop' });
      expect(noEnv).toMatchObject({ status: 400, type: 'application/problem+json' });
      expect(JSON.stringify(noEnv.body)).toContain('"environment\\" must be a non-empty string');
      const badRole = await admin('POST', path, { project: 'shop', environment: 'dev', role: 7 });
      expect(badRole.status).toBe(400);
      expect(JSON.stringify(badRole.body)).toContain('"role\\" must be a non-empty string');
    }
  });

  it('slugs and keys with spaces, + and unicode travel percent-encoded', async () => {
    await admin('POST', '/environments', { project: 'my shop', environment: 'prød+1' });
    await admin('PUT', `/projects/${encodeURIComponent('my shop')}/environments/${encodeURIComponent('prød+1')}/secrets/${encodeURIComponent('KEY é')}`, { value: 'v' });
    expect(emulator.store.mergedSecrets(emulator.store.findEnvironment('my shop', 'prød+1')!)).toEqual({ 'KEY é': 'v' });
  });

  it('reads, advances and sets the clock; runs the scheduler on demand', async () => {
    expect((await admin('GET', '/clock')).body).toEqual({ now: new Date(T0).toISOString(), frozen: true, timeScale: 1 });
    const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'dev', providers: [{ slug: 'vault', secrets: { S: 'old' } }] });
    expect((await admin('POST', '/clock/advance', { minutes: 1 })).body.now).toBe(new Date(T0 + 60_000).toISOString());
    // Due at T0 + 1 day + 1 min, between two 15-minute ticks.
    emulator.setRotationPolicy({ project: 'shop', environment: 'dev', provider: 'vault', key: 'S', policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'hex32' } });
    // Not due yet: the scheduler rotates nothing.
    expect((await admin('POST', '/scheduler/run')).body.rotated).toBe(0);
    expect((await admin('POST', '/clock/advance', { hours: 23, minutes: 59 })).body.now).toBe(new Date(T0 + DAY).toISOString());
    // Set the clock just past due (the next tick is 13 minutes away), then run the scheduler now.
    expect((await admin('PUT', '/clock', { now: new Date(T0 + DAY + 2 * 60_000).toISOString() })).body.now).toBe(new Date(T0 + DAY + 2 * 60_000).toISOString());
    expect(emulator.rotationLog).toEqual([]);
    expect((await admin('POST', '/scheduler/run')).body.rotated).toBe(1);
    client = await createBaxterClient({ baxterUrl: server.url, apiKey, env: {} });
    expect(client.get('S')).toMatch(/^[0-9a-f]{32}$/);
    expect((await admin('GET', '/rotation-log')).body.entries.map((e: { event: string }) => e.event)).toEqual(['rotation-started', 'rotated']);
    expect((await admin('POST', '/clock/advance', { days: -1 })).status).toBe(400);
    expect((await admin('PUT', '/clock', { now: 'tomorrow' })).type).toBe('application/problem+json');
  });

  it('injects and removes faults, and reads the request log (without Bearer tokens)', async () => {
    const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'dev', secrets: { A: '1' } });
    // A polling client (its first poll is seconds away): it starts with the hash, so each refresh() asks only the hash.
    client = await createBaxterClient({ baxterUrl: server.url, apiKey, env: {}, refreshInterval: 60 });
    const fault = await admin('POST', '/faults', { route: 'envSecretsHash', status: 503 });
    expect(fault.status).toBe(201);
    await expect(client.refresh()).rejects.toThrow();
    expect((await admin('DELETE', `/faults/${fault.body.id}`)).body.deleted).toBe(true);
    expect(await client.refresh()).toBe(false);
    expect((await admin('POST', '/faults', { rout: 'envSecrets' })).body.detail).toContain('Unknown: rout');
    // Every fault kind of injectFault is accepted, e.g. a truncated answer.
    const truncated = await admin('POST', '/faults', { route: 'envSecretsVersion', truncatedJson: true, times: 1 });
    expect(truncated.status).toBe(201);
    const token = await emulator.createAccessToken({ project: 'shop', environment: 'dev' });
    const cut = await fetch(`${server.url}/api/v1/projects/shop/environments/dev/secrets/version`, { headers: { authorization: `Bearer ${token}` } });
    await expect(cut.clone().json()).rejects.toThrow();

    const log = await admin('GET', '/requests?route=envSecretsHash');
    const statuses = log.body.requests.map((r: { status: number }) => r.status);
    expect(statuses).toContain(503);
    expect(statuses.at(-1)).toBe(304);
    expect(log.body.requests[0].headers['x-bella-key-id']).toBeDefined();
    // Admin calls themselves are not logged.
    expect(emulator.requests.every((r) => !r.path.startsWith('/_emulator'))).toBe(true);
    await fetch(`${server.url}/api/v1/projects/shop/environments/dev/secrets/version`, { headers: { authorization: `Bearer ${token}` } });
    const since = await admin('GET', `/requests?since=${log.body.total}`);
    expect(since.body.requests).toHaveLength(1);
    expect(JSON.stringify(since.body)).not.toContain(token);
  });

  it('registers a device key; a bad one is a 400 problem', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const registered = await admin('POST', '/device-keys', { publicKey: spki, leaseSeconds: 60 });
    expect(registered.status).toBe(201);
    expect(emulator.store.deviceKeys.get(spki)).toMatchObject({ leaseSeconds: 60 });
    const bad = await admin('POST', '/device-keys', { publicKey: 'not base64!' });
    expect([bad.status, bad.type]).toEqual([400, 'application/problem+json']);
  });

  it('lists its routes; unknown paths and methods are problem+json', async () => {
    expect((await admin('GET', '')).body.routes).toContain('PUT /_emulator/projects/:p/environments/:e/secrets/:key');
    const unknown = await admin('GET', '/nope');
    expect([unknown.status, unknown.type]).toEqual([404, 'application/problem+json']);
    expect((await admin('GET', '/faults')).status).toBe(405);
    expect((await admin('POST', '/environments', { project: 'shop' })).body.detail).toContain('"environment"');
  });
});

describe('the admin API is loopback only', () => {
  it('refuses a peer that is not this machine', async () => {
    const emulator = createBaxterEmulator();
    const api = new AdminApi(emulator);
    const url = new URL('http://10.0.0.2:8787/_emulator/clock');
    const res = await api.handle(new Request(url), url, new Uint8Array(), { remoteAddress: '10.0.0.5' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:10.0.0.5') || isLoopback('192.168.1.2') || isLoopback(undefined)).toBe(false);
    await emulator.close();
  });
});
