import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBaxterClient, isBaxterApiError, isBaxterConfigError, type BaxterCacheError } from '../../src/index.js';
import { createBaxterEmulator, type BaxterEmulator, type ListeningServer } from '../../src/testing.js';

const SECRETS = { DATABASE_URL: 'postgres://app:s3cr3t-pw@db/shop', API_TOKEN: 'tok_ünïcødé_42', PEM: '-----BEGIN KEY-----\nabc\n-----END KEY-----' };

let dir: string;
let emulator: BaxterEmulator;
let server: ListeningServer;
let apiKey: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bella-cache-'));
  emulator = createBaxterEmulator();
  ({ apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: SECRETS }));
  server = await emulator.listen();
});

afterEach(async () => {
  await server.close();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const options = (extra: Record<string, unknown> = {}) => ({ baxterUrl: server.url, apiKey, project: 'shop', environment: 'prod', maxAttempts: 1, ...extra });

describe('the last-known-good cache', () => {
  it('is written encrypted, 0600, and serves a client started while the server is unreachable (stale until a check succeeds)', async () => {
    const path = join(dir, 'nested', 'secrets.cache');
    const first = await createBaxterClient(options({ cache: { path } }));
    await first.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);

    const heal = emulator.faults.add({ drop: true });
    const second = await createBaxterClient(options({ cache: { path } }));
    expect(second.getAll()).toEqual(SECRETS);
    expect(second.status.state).toBe('stale');
    expect(second.status.consecutiveFailures).toBe(1);

    heal();
    const events: string[] = [];
    second.on('recovered', ({ consecutiveFailures }) => events.push(`recovered after ${consecutiveFailures}`));
    second.on('refreshed', ({ changed }) => events.push(`refreshed changed=${changed}`));
    expect(await second.refresh()).toBe(false);
    expect(second.status.state).toBe('fresh');
    expect(events).toEqual(['recovered after 1', 'refreshed changed=false']);
    await second.close();
  });

  it('holds no secret value, key or API key secret in any common encoding', async () => {
    const path = join(dir, 'secrets.cache');
    const client = await createBaxterClient(options({ cache: { path } }));
    await client.close();
    const file = await readFile(path);
    const views = [file.toString('latin1'), file.toString('utf8'), file.toString('hex'), file.toString('base64'), file.toString('base64url'), file.toString('utf16le')];
    const needles = [...Object.values(SECRETS), ...Object.keys(SECRETS), apiKey.split('-')[2] ?? apiKey, 's3cr3t'].flatMap((value) => {
      const bytes = Buffer.from(value, 'utf8');
      return [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value), bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')];
    });
    for (const view of views) for (const needle of needles) expect(view.includes(needle), `found ${needle.length}-char needle`).toBe(false);
  });

  it('is deleted by a 401 (a revoked key), while running and at start', async () => {
    const path = join(dir, 'secrets.cache');
    const client = await createBaxterClient(options({ cache: { path }, refreshInterval: 0 }));
    await client.close();
    await stat(path);
    const running = await createBaxterClient(options({ cache: { path } }));
    emulator.revokeApiKey(apiKey);
    const error = await running.refresh().catch((e: unknown) => e);
    expect(isBaxterApiError(error) && error.status).toBe(401);
    await running.close();
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });

    // At start: a cache left by an earlier run is deleted too, and the 401 is not hidden by it.
    const { apiKey: other } = emulator.addEnvironment({ project: 'shop', environment: 'staging', secrets: { A: '1' } });
    const stagingPath = join(dir, 'staging.cache');
    await (await createBaxterClient({ ...options({ cache: { path: stagingPath } }), apiKey: other, environment: 'staging' })).close();
    emulator.revokeApiKey(other);
    await expect(createBaxterClient({ ...options({ cache: { path: stagingPath } }), apiKey: other, environment: 'staging' })).rejects.toMatchObject({ status: 401 });
    await expect(stat(stagingPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('older than maxAgeSeconds, or sealed with another key, is not used: the start fails with the server error and says why', async () => {
    const path = join(dir, 'secrets.cache');
    await (await createBaxterClient(options({ cache: { path, key: 'k'.repeat(32) } }))).close();
    emulator.faults.add({ drop: true });
    const reasons: string[] = [];
    const onError = (error: BaxterCacheError) => reasons.push(error.reason);
    await expect(createBaxterClient(options({ cache: { path, key: 'x'.repeat(32), onError } }))).rejects.toMatchObject({ name: 'BaxterNetworkError' });
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 10_000;
      await expect(createBaxterClient(options({ cache: { path, key: 'k'.repeat(32), maxAgeSeconds: 5, onError } }))).rejects.toMatchObject({ name: 'BaxterNetworkError' });
    } finally {
      Date.now = realNow;
    }
    expect(reasons).toEqual(['unreadable', 'expired']);
    const ok = await createBaxterClient(options({ cache: { path, key: 'k'.repeat(32), maxAgeSeconds: 60, onError } }));
    expect(ok.get('API_TOKEN')).toBe(SECRETS.API_TOKEN);
    await ok.close();
  });

  it('needs an explicit key with an access token', async () => {
    const token = await emulator.createAccessToken({ project: 'shop', environment: 'prod' });
    const error = await createBaxterClient({ baxterUrl: server.url, accessToken: token, project: 'shop', environment: 'prod', cache: { path: join(dir, 'c') }, env: {} }).catch((e: unknown) => e);
    expect(isBaxterConfigError(error) && error.message).toMatch(/BELLA_BAXTER_CACHE_KEY/);
    const client = await createBaxterClient({ baxterUrl: server.url, accessToken: token, project: 'shop', environment: 'prod', cache: { path: join(dir, 'c') }, env: { BELLA_BAXTER_CACHE_KEY: 'a-long-enough-cache-key' } });
    await client.close();
    await stat(join(dir, 'c'));
  });

  it('follows changes: a later start from the cache serves the newest set, and a cache of another scope is refused', async () => {
    const path = join(dir, 'secrets.cache');
    const client = await createBaxterClient(options({ cache: { path } }));
    emulator.setSecret({ project: 'shop', environment: 'prod', key: 'API_TOKEN', value: 'rotated-token' });
    expect(await client.refresh()).toBe(true);
    await client.close();
    emulator.faults.add({ drop: true });
    const restarted = await createBaxterClient(options({ cache: { path } }));
    expect(restarted.get('API_TOKEN')).toBe('rotated-token');
    await restarted.close();

    const reasons: string[] = [];
    await expect(createBaxterClient(options({ environment: 'staging', cache: { path, onError: (e: BaxterCacheError) => reasons.push(e.reason) } }))).rejects.toMatchObject({ name: 'BaxterNetworkError' });
    expect(reasons).toEqual(['scope']);
  });
});

describe('refreshed and recovered events', () => {
  it('refreshed after every successful check (304 included); recovered once, when a success ends a failure streak', async () => {
    const client = await createBaxterClient(options());
    const events: string[] = [];
    client.on('refreshed', ({ changed }) => events.push(`refreshed ${changed}`));
    client.on('recovered', ({ consecutiveFailures, lastError }) => events.push(`recovered ${consecutiveFailures} ${(lastError as Error).name}`));
    await client.refresh();
    const heal = emulator.faults.add({ status: 503 });
    await expect(client.refresh()).rejects.toThrow();
    await expect(client.refresh()).rejects.toThrow();
    heal();
    emulator.setSecret({ project: 'shop', environment: 'prod', key: 'NEW', value: 'x' });
    await client.refresh();
    await client.refresh();
    expect(events).toEqual(['refreshed false', 'recovered 2 BaxterApiError', 'refreshed true', 'refreshed false']);
    await client.close();
  });
});
