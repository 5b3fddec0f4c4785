import { afterEach, describe, expect, it } from 'vitest';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';
import { startRotationFunction, type RunningRotationFunction } from '../rotation/rotation-function.js';

const REF = { project: 'shop', environment: 'prod' };
const BASE = '/api/v1/projects/shop/environments/prod/providers/vault/secrets';

/** The wire as any client (another SDK, curl) sees it: Bearer token, raw JSON. */
describe.each(PATHS)('emulator rotation routes over %s', (path) => {
  let h: EmulatorHarness;
  let token: string;
  let fn: RunningRotationFunction | undefined;
  afterEach(async () => {
    await h?.close();
    await fn?.close();
    fn = undefined;
  });

  async function setup() {
    h = await startEmulator(path, { now: Date.parse('2026-03-17T17:00:00Z') });
    h.emulator.addEnvironment({ ...REF, providers: [{ slug: 'vault', secrets: { K: 'v1', R: 'r1' } }] });
    token = await h.emulator.createAccessToken({ ...REF });
  }

  async function call(method: string, route: string, body?: unknown) {
    const res = await fetch(`${h.baxterUrl}${BASE}${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
  }

  it.each<[string, unknown, string]>([
    ['a body that is not an object', [1], 'JSON rotation policy object'],
    ['no enabled', { intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'uuid' }, 'enabled is required'],
    ['intervalDays 0', { enabled: true, intervalDays: 0, strategy: 'GenerateRandom', randomFormat: 'uuid' }, 'intervalDays'],
    ['an unknown strategy', { enabled: true, intervalDays: 1, strategy: 'Cron' }, 'strategy must be'],
    ['HttpWebhook (the default strategy) without endpoint', { enabled: true, intervalDays: 1 }, 'HttpWebhook needs endpoint'],
    ['a relative endpoint', { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: '/x' }, 'absolute http(s) URL'],
    ['GenerateRandom without randomFormat', { enabled: true, intervalDays: 1, strategy: 'GenerateRandom' }, 'GenerateRandom needs randomFormat'],
    ['an unknown randomFormat', { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'hex64' }, 'randomFormat must be one of uuid, hex32, base64-32, alphanumeric-32'],
    ['revokePreviousAfterDays with GenerateRandom', { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'uuid', revokePreviousAfterDays: 0 }, 'applies to HttpWebhook only'],
    ['a negative revokePreviousAfterDays', { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: 'https://f.example.com', revokePreviousAfterDays: -1 }, 'revokePreviousAfterDays must be an integer >= 0'],
  ])('PUT answers 400 problem+json for %s', async (_name, body, detail) => {
    await setup();
    const res = await call('PUT', '/K/rotation-policy', body);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.json).toMatchObject({ status: 400, title: 'Invalid rotation policy', detail: expect.stringContaining(detail) });
    expect(h.emulator.getRotationPolicy({ ...REF, provider: 'vault', key: 'K' })).toBeUndefined();
  });

  it('PUT then GET: the signing secret is returned once; the read-back is RotationPolicyInfo, with no secret field at all', async () => {
    await setup();
    const put = await call('PUT', '/K/rotation-policy', { enabled: true, intervalDays: 7, strategy: 'HttpWebhook', endpoint: 'https://f.example.com/r', apiKey: 'k-123', apiKeyHeader: 'x-key' });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ success: true, signingSecret: expect.stringMatching(/^whsec-/), signingSecretKeyPrefix: expect.any(String) });
    const get = await call('GET', '/K/rotation-policy');
    expect(get.json).toEqual({
      enabled: true,
      intervalDays: 7,
      strategy: 'HttpWebhook',
      endpoint: 'https://f.example.com/r',
      apiKeyHeader: 'x-key',
      randomFormat: null,
      revokePreviousAfterDays: null,
      signingSecretKeyPrefix: put.json.signingSecretKeyPrefix,
      lastRotatedAt: null,
      nextRotationAt: '2026-03-24T17:00:00.000Z',
      rotationStatus: 'Idle',
      isOverdue: false,
      // The emulator's documented extras.
      lastError: null,
      lastErrorAt: null,
      revocationDueAt: null,
    });
    expect(JSON.stringify(get.json)).not.toContain(String(put.json.signingSecret));
    expect(JSON.stringify(get.json)).not.toContain('k-123');
    // Sending the read-back back (no secrets in it) keeps the stored secrets.
    const again = await call('PUT', '/K/rotation-policy', { ...get.json, intervalDays: 14 });
    expect(again.json.signingSecret).toBeNull();
    const stored = h.emulator.getRotationPolicy({ ...REF, provider: 'vault', key: 'K' })!;
    expect([stored.signingSecret, stored.apiKey, stored.intervalDays]).toEqual([put.json.signingSecret, 'k-123', 14]);
  });

  it('isOverdue turns true once nextRotationAt has passed on the emulator clock', async () => {
    // A scheduler that never runs in this test, so the due policy stays due.
    h = await startEmulator(path, { now: Date.parse('2026-03-17T17:00:00Z'), rotation: { schedulerIntervalMs: 3650 * 86_400_000 } });
    h.emulator.addEnvironment({ ...REF, providers: [{ slug: 'vault', secrets: { K: 'v1' } }] });
    token = await h.emulator.createAccessToken({ ...REF });
    h.emulator.setRotationPolicy({ ...REF, provider: 'vault', key: 'K', policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'uuid' } });
    expect((await call('GET', '/K/rotation-policy')).json).toMatchObject({ isOverdue: false, rotationStatus: 'Idle' });
    await h.emulator.clock.advance(2 * 86_400_000);
    expect((await call('GET', '/K/rotation-policy')).json).toMatchObject({ isOverdue: true, rotationStatus: 'Idle', nextRotationAt: '2026-03-18T17:00:00.000Z' });
  });

  it('rotate answers 202 at once and runs in the background; a second call while rotating does not rotate twice', async () => {
    await setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    fn = await startRotationFunction({ signingSecret: 'whsec-t', rotate: async () => (await gate, { newValue: 'r2' }) });
    h.emulator.setRotationPolicy({ ...REF, provider: 'vault', key: 'R', policy: { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: fn.url, signingSecret: 'whsec-t' } });
    const first = await call('POST', '/R/rotate');
    expect(first).toMatchObject({ status: 202, json: { success: true, data: { status: 'Rotating' } } });
    expect((await call('GET', '/R/rotation-policy')).json.rotationStatus).toBe('Rotating');
    const second = await call('POST', '/R/rotate');
    expect(second.status).toBe(202);
    expect(second.json.message).toContain('already in progress');
    release();
    await h.emulator.rotationsIdle();
    expect(fn.rotateCalls).toHaveLength(1);
    expect((await call('GET', '/R/rotation-policy')).json.rotationStatus).toBe('Idle');
    expect(h.emulator.store.findEnvironment('shop', 'prod')!.providers.get('vault')!.secrets.get('R')).toBe('r2');
  });

  it('answers 404 for unknown secrets and missing policies', async () => {
    await setup();
    expect((await call('GET', '/NOPE/rotation-policy')).json).toMatchObject({ status: 404, title: 'Secret not found' });
    expect((await call('GET', '/K/rotation-policy')).json).toMatchObject({ status: 404, title: 'Rotation policy not found' });
    expect((await call('POST', '/K/rotate')).status).toBe(404);
    expect((await call('POST', '/K/rotation-policy/rotate-signing-secret')).status).toBe(404);
  });

  it('a seeding call with a bad policy throws a TypeError saying why', async () => {
    await setup();
    expect(() => h.emulator.setRotationPolicy({ ...REF, provider: 'vault', key: 'K', policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom' } })).toThrow(/GenerateRandom needs randomFormat/);
  });
});
