import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createBaxterClient,
  isBaxterApiError,
  isBaxterUnsupportedError,
  isBaxterValidationError,
  type BaxterClient,
} from '../../src/index.js';
import { isBaxterRotationTimeoutError } from '../../src/errors/rotation-timeout-error.js';
import { isBaxterRotationFailedError } from '../../src/errors/rotation-failed-error.js';
import type { RotationPolicyInput } from '../../src/rotation/policy-input.js';
import { rotationStatus } from '../../src/rotation/rotation-status.js';
import { problem } from '../../src/testing/problem.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';
import { startRotationFunction, type RunningRotationFunction } from './rotation-function.js';

const REF = { project: 'shop', environment: 'prod' };
const SECRET = { provider: 'vault', key: 'STRIPE_API_KEY' };
const NOW = Date.parse('2026-03-17T17:00:00Z');
const DAY = 86_400_000;
const OLD_VALUE = 'sk_live_old_value_0123456789';
const API_KEY = 'fn-api-key-very-secret-42';

describe.each(PATHS)('client.rotation over %s', (path) => {
  let h: EmulatorHarness;
  let client: BaxterClient<unknown> | undefined;
  let fn: RunningRotationFunction | undefined;

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await h?.close();
    await fn?.close();
    fn = undefined;
  });

  async function setup() {
    h = await startEmulator(path, { now: NOW });
    const { apiKey } = h.emulator.addEnvironment({
      ...REF,
      providers: [{ slug: 'vault', secrets: { STRIPE_API_KEY: OLD_VALUE, SESSION_SECRET: 'old-session' } }],
    });
    client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    h.emulator.requests.length = 0;
    return client;
  }

  it('sets a GenerateRandom policy and reads it back with its state', async () => {
    const c = await setup();
    const answer = await c.rotation.setPolicy({ provider: 'vault', key: 'SESSION_SECRET', policy: { strategy: 'GenerateRandom', randomFormat: 'hex32', intervalDays: 30 } });
    expect(answer).toMatchObject({ success: true, signingSecret: undefined });
    const policy = await c.rotation.getPolicy({ provider: 'vault', key: 'SESSION_SECRET' });
    expect(policy).toMatchObject({ enabled: true, strategy: 'GenerateRandom', randomFormat: 'hex32', intervalDays: 30, rotationStatus: 'Idle', status: 'Idle', isOverdue: false, lastRotatedAt: null, lastError: null, signingSecretKeyPrefix: null });
    expect(policy.nextRotationAt).toEqual(new Date(NOW + 30 * DAY));
    expect(rotationStatus(policy, NOW)).toMatchObject({ status: 'up-to-date' });
    expect(h.emulator.requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['PUT', 'rotationPolicy', 200],
      ['GET', 'rotationPolicy', 200],
    ]);
  });

  it('returns a generated signing secret once, masked when logged; the read-back names it only by its prefix', async () => {
    const c = await setup();
    const answer = await c.rotation.setPolicy({
      ...SECRET,
      policy: { strategy: 'HttpWebhook', endpoint: 'https://rotate.example.com/stripe', intervalDays: 90, revokePreviousAfterDays: 1, apiKey: API_KEY, apiKeyHeader: 'x-fn-key' },
    });
    const stored = h.emulator.getRotationPolicy({ ...REF, ...SECRET })!;
    expect(answer.signingSecret).toBe(stored.signingSecret);
    expect(answer.signingSecret).toMatch(/^whsec-[0-9a-f]{64}$/);
    expect(answer.signingSecretKeyPrefix).toBe(answer.signingSecret!.slice(0, 12));
    for (const shown of [inspect(answer), JSON.stringify(answer), String(answer)]) {
      expect(shown).not.toContain(answer.signingSecret);
      expect(shown).toContain('[REDACTED]');
    }
    const policy = await c.rotation.getPolicy(SECRET);
    expect(policy).toMatchObject({ signingSecretKeyPrefix: answer.signingSecretKeyPrefix, apiKeyHeader: 'x-fn-key', endpoint: 'https://rotate.example.com/stripe', revokePreviousAfterDays: 1 });
    expect(policy).not.toHaveProperty('signingSecret');
    expect(policy).not.toHaveProperty('apiKey');
    for (const shown of [inspect(policy), JSON.stringify(policy), String(policy)]) {
      expect(shown).not.toContain(API_KEY);
      expect(shown).not.toContain(stored.signingSecret!);
    }
    // Setting it again keeps the stored secret and shows none.
    const again = await c.rotation.setPolicy({ ...SECRET, policy: { strategy: 'HttpWebhook', endpoint: 'https://rotate.example.com/stripe', intervalDays: 60 } });
    expect(again.signingSecret).toBeUndefined();
    expect(h.emulator.getRotationPolicy({ ...REF, ...SECRET })!.signingSecret).toBe(stored.signingSecret);
  });

  it.each<[string, unknown, string[]]>([
    ['HttpWebhook without endpoint', { strategy: 'HttpWebhook', intervalDays: 1 }, ['policy.endpoint']],
    ['a relative endpoint', { strategy: 'HttpWebhook', endpoint: '/rotate', intervalDays: 1 }, ['policy.endpoint']],
    ['an ftp endpoint', { strategy: 'HttpWebhook', endpoint: 'ftp://x.example.com', intervalDays: 1 }, ['policy.endpoint']],
    ['an unknown randomFormat', { strategy: 'GenerateRandom', randomFormat: 'hex64', intervalDays: 1 }, ['policy.randomFormat']],
    ['GenerateRandom without randomFormat', { strategy: 'GenerateRandom', intervalDays: 1 }, ['policy.randomFormat']],
    ['intervalDays 0', { strategy: 'GenerateRandom', randomFormat: 'uuid', intervalDays: 0 }, ['policy.intervalDays']],
    ['intervalDays 1.5', { strategy: 'GenerateRandom', randomFormat: 'uuid', intervalDays: 1.5 }, ['policy.intervalDays']],
    ['revokePreviousAfterDays on GenerateRandom', { strategy: 'GenerateRandom', randomFormat: 'uuid', intervalDays: 1, revokePreviousAfterDays: 1 }, ['policy.revokePreviousAfterDays']],
    ['revokePreviousAfterDays -1', { strategy: 'HttpWebhook', endpoint: 'https://f.example.com', intervalDays: 1, revokePreviousAfterDays: -1 }, ['policy.revokePreviousAfterDays']],
    ['an unknown strategy', { strategy: 'Manual', intervalDays: 1 }, ['policy.strategy']],
    ['the masked apiKey sent back', { strategy: 'HttpWebhook', endpoint: 'https://f.example.com', intervalDays: 1, apiKey: '***ENCRYPTED***' }, ['policy.apiKey']],
    ['no policy at all', undefined, ['policy']],
  ])('refuses %s before sending anything', async (_name, policy, keys) => {
    const c = await setup();
    const error = await c.rotation.setPolicy({ ...SECRET, policy: policy as RotationPolicyInput }).catch((e: unknown) => e);
    expect(isBaxterValidationError(error)).toBe(true);
    expect((error as { keys: string[] }).keys).toEqual(keys);
    expect((error as Error).message).toContain(keys[0]);
    expect(h.emulator.requests).toEqual([]);
  });

  it('names every bad field and never a value in a validation error', async () => {
    const c = await setup();
    const policy = { strategy: 'HttpWebhook', endpoint: 'https://user:hunter2@f.example.com/x?code=s3cr3t', intervalDays: 0, apiKey: API_KEY, signingSecret: '', randomFormat: 'uuid' };
    const error = (await c.rotation.setPolicy({ ...SECRET, policy: policy as never }).catch((e: unknown) => e)) as Error & { keys: string[] };
    expect(error.keys).toEqual(['policy.intervalDays', 'policy.signingSecret', 'policy.randomFormat']);
    expect(error.message).toContain('policy.randomFormat applies to GenerateRandom only');
    for (const value of ['hunter2', 's3cr3t', API_KEY]) expect(`${error.message} ${inspect(error)} ${JSON.stringify(error)}`).not.toContain(value);
    await expect(c.rotation.rotate({ provider: '', key: 'K' })).rejects.toMatchObject({ name: 'BaxterValidationError', keys: ['provider'] });
    expect(h.emulator.requests).toEqual([]);
  });

  it('rotates a GenerateRandom secret: 202, then waitForRotation sees it done and the hash changed', async () => {
    const c = await setup();
    await c.rotation.setPolicy({ provider: 'vault', key: 'SESSION_SECRET', policy: { strategy: 'GenerateRandom', randomFormat: 'alphanumeric-32', intervalDays: 7 } });
    const hashBefore = await c.refresh();
    expect(hashBefore).toBe(false);
    const accepted = await c.rotation.rotate({ provider: 'vault', key: 'SESSION_SECRET' });
    expect(accepted).toMatchObject({ success: true });
    expect(h.emulator.requestsTo('rotate').map((r) => r.status)).toEqual([202]);
    // The emulator's clock is frozen at NOW: rotations are judged from then on.
    const policy = await c.rotation.waitForRotation({ provider: 'vault', key: 'SESSION_SECRET', since: h.emulator.clock.date(), timeoutMs: 10_000 });
    expect(policy.status).toBe('Idle');
    expect(policy.lastRotatedAt).toEqual(new Date(NOW));
    expect(policy.nextRotationAt).toEqual(new Date(NOW + 7 * DAY));
    expect(await c.refresh()).toBe(true);
    expect(c.get('SESSION_SECRET')).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('rotates through the user rotation function and shows each status through getPolicy', async () => {
    const c = await setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let secret = '';
    fn = await startRotationFunction({
      signingSecret: () => secret,
      apiKey: API_KEY,
      rotate: async (_req, n) => {
        await gate;
        return n === 1 ? { newValue: 'sk_live_new_value', newHandle: 'key_new' } : { newValue: 'sk_live_newer_value', newHandle: 'key_newer' };
      },
      revoke: () => undefined,
    });
    const set = await c.rotation.setPolicy({ ...SECRET, policy: { strategy: 'HttpWebhook', endpoint: fn.url, intervalDays: 30, revokePreviousAfterDays: 3, apiKey: API_KEY } });
    secret = set.signingSecret!;
    const pendingHandles = () => h.emulator.getRotationPolicy({ ...REF, ...SECRET })!.pendingRevocations.map((r) => r.handle);

    // First rotation: the value it replaces (the seeded one) has no handle, so nothing is revoked.
    await c.rotation.rotate(SECRET);
    const rotating = await c.rotation.getPolicy(SECRET);
    expect(rotationStatus(rotating, NOW)).toMatchObject({ status: 'rotating', label: 'Rotating…' });
    release();
    const first = await c.rotation.waitForRotation({ ...SECRET, since: h.emulator.clock.date(), timeoutMs: 10_000, pollIntervalMs: 10 });
    expect(first).toMatchObject({ status: 'Idle', lastError: null, revocationDueAt: null });
    expect(first.lastRotatedAt).toEqual(new Date(NOW));
    expect(rotationStatus(first, NOW)).toMatchObject({ status: 'up-to-date' });
    expect(fn.rotateCalls).toEqual([{ action: 'rotate', secretKey: 'STRIPE_API_KEY', projectSlug: 'shop', environmentSlug: 'prod', requestId: expect.any(String) }]);
    expect(pendingHandles()).toEqual([]);
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_new_value');

    // Second rotation: the first rotation's value is now the previous one; its handle waits 3 days for revoke.
    await c.rotation.rotate(SECRET);
    const done = await c.rotation.waitForRotation({ ...SECRET, since: h.emulator.clock.date(), timeoutMs: 10_000, pollIntervalMs: 10 });
    expect(done).toMatchObject({ status: 'PendingRevocation', lastError: null });
    expect(done.revocationDueAt).toEqual(new Date(NOW + 3 * DAY));
    expect(rotationStatus(done, NOW)).toMatchObject({ status: 'pending-revocation', emoji: '⏳' });
    expect(fn.rotateCalls).toHaveLength(2);
    expect(fn.rotateCalls[1]!.requestId).not.toBe(fn.rotateCalls[0]!.requestId);
    expect(pendingHandles()).toEqual(['key_new']);
    expect(fn.revokeCalls).toEqual([]);
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_newer_value');

    // After the grace, revoke gets the replaced value's handle (never the one just stored).
    await h.emulator.clock.advance(3 * DAY);
    await h.emulator.rotationsIdle();
    expect(fn.revokeCalls).toEqual([{ action: 'revoke', secretKey: 'STRIPE_API_KEY', projectSlug: 'shop', environmentSlug: 'prod', oldHandle: 'key_new', requestId: expect.any(String) }]);
    expect(await c.rotation.getPolicy(SECRET)).toMatchObject({ status: 'Idle', lastError: null, revocationDueAt: null });
    expect(pendingHandles()).toEqual([]);
  });

  it('waitForRotation rejects with BaxterRotationFailedError when the rotation function fails, and the old value stays', async () => {
    const c = await setup();
    fn = await startRotationFunction({ signingSecret: 'whsec-test-secret', rotate: () => Promise.reject(new Error('provider down')) });
    await c.rotation.setPolicy({ ...SECRET, policy: { strategy: 'HttpWebhook', endpoint: fn.url, intervalDays: 30, signingSecret: 'whsec-test-secret' } });
    await c.rotation.rotate(SECRET);
    const error = await c.rotation.waitForRotation({ ...SECRET, since: h.emulator.clock.date(), timeoutMs: 10_000, pollIntervalMs: 10 }).catch((e: unknown) => e);
    expect(isBaxterRotationFailedError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BAXTER_ROTATION_FAILED', provider: 'vault', key: 'STRIPE_API_KEY' });
    expect((error as { lastError: string }).lastError).toContain('answered 500');
    expect((error as Error).message).toContain('answered 500');
    expect((error as Error).message).not.toContain('whsec-test-secret');
    const policy = await c.rotation.getPolicy(SECRET);
    expect(policy.status).toBe('Error');
    expect(rotationStatus(policy, NOW).status).toBe('error');
    expect(c.get('STRIPE_API_KEY')).toBe(OLD_VALUE);
    expect(await c.refresh()).toBe(false);
  });

  it('waitForRotation gives up with BaxterRotationTimeoutError while still Rotating', async () => {
    const c = await setup();
    fn = await startRotationFunction({ signingSecret: 'whsec-test-secret', rotate: () => new Promise(() => undefined) });
    await c.rotation.setPolicy({ ...SECRET, policy: { strategy: 'HttpWebhook', endpoint: fn.url, intervalDays: 30, signingSecret: 'whsec-test-secret' } });
    await c.rotation.rotate(SECRET);
    const error = await c.rotation.waitForRotation({ ...SECRET, since: h.emulator.clock.date(), timeoutMs: 150, pollIntervalMs: 10 }).catch((e: unknown) => e);
    expect(isBaxterRotationTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ lastStatus: 'Rotating', timeoutMs: 150, key: 'STRIPE_API_KEY' });
  });

  it('answers 404 for a secret without a policy, and says when the server cannot read policies back', async () => {
    const c = await setup();
    const missing = await c.rotation.getPolicy(SECRET).catch((e: unknown) => e);
    expect(isBaxterApiError(missing)).toBe(true);
    expect(missing).toMatchObject({ status: 404, title: 'Rotation policy not found' });
    await expect(c.rotation.rotate(SECRET)).rejects.toMatchObject({ name: 'BaxterApiError', status: 404 });

    h.emulator.use({ rotationPolicy: { GET: () => problem(405, 'Method Not Allowed') } });
    const e405 = await c.rotation.getPolicy(SECRET).catch((e: unknown) => e);
    expect(isBaxterUnsupportedError(e405)).toBe(true);
    expect((e405 as Error).message).toContain('not supported by this Bella Baxter server');
    expect(e405).toMatchObject({ status: 405, method: 'GET' });

    h.emulator.use({ rotationPolicy: { GET: () => new Response(null, { status: 404 }) } });
    await expect(c.rotation.getPolicy(SECRET)).rejects.toMatchObject({ name: 'BaxterUnsupportedError', status: 404 });
    await expect(c.rotation.disablePolicy(SECRET)).rejects.toMatchObject({ name: 'BaxterUnsupportedError' });
  });

  it('disablePolicy keeps the settings and the stored secrets, and stops scheduling', async () => {
    const c = await setup();
    await c.rotation.setPolicy({ ...SECRET, policy: { strategy: 'HttpWebhook', endpoint: 'https://f.example.com/r', intervalDays: 30, apiKey: API_KEY, revokePreviousAfterDays: 2 } });
    const before = h.emulator.getRotationPolicy({ ...REF, ...SECRET })!;
    const answer = await c.rotation.disablePolicy(SECRET);
    expect(answer.signingSecret).toBeUndefined();
    const after = await c.rotation.getPolicy(SECRET);
    expect(after).toMatchObject({ enabled: false, nextRotationAt: null, intervalDays: 30, revokePreviousAfterDays: 2, endpoint: 'https://f.example.com/r' });
    const stored = h.emulator.getRotationPolicy({ ...REF, ...SECRET })!;
    expect([stored.signingSecret, stored.apiKey]).toEqual([before.signingSecret, API_KEY]);
    await expect(c.rotation.rotate(SECRET)).rejects.toMatchObject({ status: 400, title: 'Rotation policy disabled' });
  });

  it('rotates the signing secret, returning the new one once and masked when logged', async () => {
    const c = await setup();
    const set = await c.rotation.setPolicy({ ...SECRET, policy: { strategy: 'HttpWebhook', endpoint: 'https://f.example.com/r', intervalDays: 30 } });
    const rotated = await c.rotation.rotateSigningSecret(SECRET);
    expect(rotated.newSigningSecret).toMatch(/^whsec-/);
    expect(rotated.newSigningSecret).not.toBe(set.signingSecret);
    expect(rotated.newSigningSecretKeyPrefix).toBe(rotated.newSigningSecret.slice(0, 12));
    expect(h.emulator.getRotationPolicy({ ...REF, ...SECRET })!.signingSecret).toBe(rotated.newSigningSecret);
    for (const shown of [inspect(rotated), JSON.stringify(rotated), String(rotated)]) expect(shown).not.toContain(rotated.newSigningSecret);
    await c.rotation.setPolicy({ provider: 'vault', key: 'SESSION_SECRET', policy: { strategy: 'GenerateRandom', randomFormat: 'uuid', intervalDays: 1 } });
    await expect(c.rotation.rotateSigningSecret({ provider: 'vault', key: 'SESSION_SECRET' })).rejects.toMatchObject({ status: 400 });
  });

  it('never retries what may mint a secret or rotate (rotate, rotate-signing-secret, a PUT without signingSecret); retries a plain PUT', async () => {
    const c = await setup();
    h.emulator.injectFault({ route: 'rotationPolicy', method: 'PUT', status: 503, times: 1 });
    await expect(c.rotation.setPolicy({ ...SECRET, policy: { strategy: 'HttpWebhook', endpoint: 'https://f.example.com/r', intervalDays: 30 } })).rejects.toMatchObject({ status: 503 });
    expect(h.emulator.requestsTo('rotationPolicy')).toHaveLength(1);

    h.emulator.injectFault({ route: 'rotationPolicy', method: 'PUT', status: 503, times: 1 });
    await c.rotation.setPolicy({ provider: 'vault', key: 'SESSION_SECRET', policy: { strategy: 'GenerateRandom', randomFormat: 'uuid', intervalDays: 1 } });
    expect(h.emulator.requestsTo('rotationPolicy').map((r) => r.status)).toEqual([503, 503, 200]);

    h.emulator.injectFault({ route: 'rotate', status: 503, times: 1 });
    await expect(c.rotation.rotate({ provider: 'vault', key: 'SESSION_SECRET' })).rejects.toMatchObject({ status: 503 });
    expect(h.emulator.requestsTo('rotate')).toHaveLength(1);
  });
});
