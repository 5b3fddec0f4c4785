import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient, type BaxterClient } from '../../src/index.js';
import { RotationError } from '../../src/webhooks.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';
import { startRotationFunction, type RunningRotationFunction } from '../rotation/rotation-function.js';

const REF = { project: 'shop', environment: 'prod' };
const SECRET = { ...REF, provider: 'vault', key: 'STRIPE_API_KEY' };
const MIN = 60_000;
const DAY = 86_400_000;
/** On the 15-minute grid, so the scheduler's ticks fall on round times. */
const T0 = Date.parse('2026-03-17T17:00:00Z');
const OLD = 'sk_live_old';

describe.each(PATHS)('emulator rotation lifecycle on a frozen clock (%s)', (path) => {
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

  async function setup(secrets: Record<string, string> = { STRIPE_API_KEY: OLD, SESSION_SECRET: 'old-session' }) {
    h = await startEmulator(path, { now: T0, rotation: { signingSecretGraceMs: 36 * 60 * MIN } });
    const { apiKey } = h.emulator.addEnvironment({ ...REF, providers: [{ slug: 'vault', secrets }] });
    client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    return { emulator: h.emulator, client };
  }

  const events = () => h.emulator.rotationLog.map((e) => `${e.event}@${(e.at.getTime() - T0) / MIN}m${e.handle ? `:${e.handle}` : ''}`);

  it('GenerateRandom: the scheduler rotates a due policy on its 15-minute tick and moves nextRotationAt', async () => {
    const { emulator, client: c } = await setup();
    await emulator.clock.advance(7 * MIN);
    emulator.setRotationPolicy({ ...SECRET, key: 'SESSION_SECRET', policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'uuid' } });
    // Due at T0 + 1 day + 7 min; found by the tick at + 15 min.
    await emulator.clock.advance(DAY);
    expect(c.get('SESSION_SECRET')).toBe('old-session');
    expect(emulator.rotationLog).toEqual([]);
    await emulator.clock.advance(8 * MIN);
    expect(events()).toEqual([`rotation-started@${24 * 60 + 15}m`, `rotated@${24 * 60 + 15}m`]);
    expect(await c.refresh()).toBe(true);
    expect(c.get('SESSION_SECRET')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const policy = await c.rotation.getPolicy({ provider: 'vault', key: 'SESSION_SECRET' });
    expect(policy.lastRotatedAt).toEqual(new Date(T0 + DAY + 15 * MIN));
    expect(policy.nextRotationAt).toEqual(new Date(T0 + 2 * DAY + 15 * MIN));
    expect(policy.status).toBe('Idle');
  });

  it('a disabled policy is never rotated by the scheduler', async () => {
    const { emulator, client: c } = await setup();
    emulator.setRotationPolicy({ ...SECRET, key: 'SESSION_SECRET', policy: { enabled: false, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'hex32' } });
    await emulator.clock.advance(3 * DAY);
    expect(emulator.rotationLog).toEqual([]);
    expect(await c.refresh()).toBe(false);
  });

  it('HttpWebhook: rotate → PendingRevocation → revoke with the returned handle after the grace → Idle', async () => {
    const { emulator, client: c } = await setup();
    let secret = '';
    fn = await startRotationFunction({
      signingSecret: () => secret,
      apiKey: 'fn-key',
      apiKeyHeader: 'x-fn-key',
      rotate: (_req, n) => ({ newValue: `sk_live_v${n + 1}`, newHandle: `key_v${n + 1}` }),
      revoke: () => undefined,
    });
    secret = emulator.setRotationPolicy({
      ...SECRET,
      policy: { enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: fn.url, revokePreviousAfterDays: 2, apiKey: 'fn-key', apiKeyHeader: 'x-fn-key' },
    }).signingSecret!;

    await emulator.clock.advance(30 * DAY);
    expect(fn.rotateCalls).toHaveLength(1);
    expect(fn.rotateCalls[0]).toMatchObject({ action: 'rotate', secretKey: 'STRIPE_API_KEY', projectSlug: 'shop', environmentSlug: 'prod' });
    expect(fn.signatures[0]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_v2');
    const pending = await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    expect(pending).toMatchObject({ status: 'PendingRevocation', lastError: null });
    expect(pending.revocationDueAt).toEqual(new Date(T0 + 32 * DAY));
    expect(pending.nextRotationAt).toEqual(new Date(T0 + 60 * DAY));

    await emulator.clock.advance(2 * DAY - 1);
    expect(fn.revokeCalls).toEqual([]);
    await emulator.clock.advance(1);
    expect(fn.revokeCalls).toEqual([{ action: 'revoke', secretKey: 'STRIPE_API_KEY', projectSlug: 'shop', environmentSlug: 'prod', oldHandle: 'key_v2', requestId: expect.any(String) }]);
    expect((await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' })).status).toBe('Idle');
    expect(events()).toEqual([
      `rotation-started@${30 * 24 * 60}m`,
      `rotated@${30 * 24 * 60}m:key_v2`,
      `revoke-scheduled@${30 * 24 * 60}m:key_v2`,
      `revoked@${32 * 24 * 60}m:key_v2`,
    ]);
    // The next cycle: a fresh request id, a new handle.
    await emulator.clock.advance(28 * DAY);
    expect(fn.rotateCalls).toHaveLength(2);
    expect(fn.rotateCalls[1]!.requestId).not.toBe(fn.rotateCalls[0]!.requestId);
  });

  it('a failure marks Error and retries with exponential backoff (same request id) while the old value is served', async () => {
    const { emulator, client: c } = await setup();
    fn = await startRotationFunction({
      signingSecret: 'whsec-test',
      rotate: (_req, n) => {
        if (n <= 2) throw new RotationError('provider down', { status: 503 });
        return { newValue: 'sk_live_new', newHandle: 'key_new' };
      },
      revoke: () => undefined,
    });
    emulator.setRotationPolicy({ ...SECRET, policy: { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: fn.url, signingSecret: 'whsec-test', revokePreviousAfterDays: 0 } });

    await emulator.clock.advance(DAY);
    let policy = await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    expect(policy.status).toBe('Error');
    expect(policy.lastError).toContain('answered 503: provider down');
    expect(emulator.getRotationPolicy(SECRET)!.retryAt).toEqual(new Date(T0 + DAY + 5 * MIN));
    expect(await c.refresh()).toBe(false);
    expect(c.get('STRIPE_API_KEY')).toBe(OLD);

    await emulator.clock.advance(5 * MIN);
    expect(fn.rotateCalls).toHaveLength(2);
    expect(emulator.getRotationPolicy(SECRET)!.retryAt).toEqual(new Date(T0 + DAY + 15 * MIN));
    expect(c.get('STRIPE_API_KEY')).toBe(OLD);

    await emulator.clock.advance(10 * MIN);
    expect(fn.rotateCalls).toHaveLength(3);
    expect(new Set(fn.rotateCalls.map((r) => r.requestId)).size).toBe(1);
    policy = await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    // revokePreviousAfterDays 0: revoked at once, within the same run.
    expect(policy).toMatchObject({ status: 'Idle', lastError: null });
    expect(fn.revokeCalls.map((r) => r.oldHandle)).toEqual(['key_new']);
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_new');
    const day = 24 * 60;
    expect(events()).toEqual([
      `rotation-started@${day}m`,
      `rotation-failed@${day}m`,
      `retry-scheduled@${day}m`,
      `rotation-started@${day + 5}m`,
      `rotation-failed@${day + 5}m`,
      `retry-scheduled@${day + 5}m`,
      `rotation-started@${day + 15}m`,
      `rotated@${day + 15}m:key_new`,
      `revoke-scheduled@${day + 15}m:key_new`,
      `revoked@${day + 15}m:key_new`,
    ]);
  });

  it('a failed revoke is retried with backoff and shows Error meanwhile; no newHandle means no revoke ever', async () => {
    const { emulator, client: c } = await setup();
    fn = await startRotationFunction({
      signingSecret: 'whsec-test',
      rotate: (_req, n) => (n === 1 ? { newValue: 'v2', newHandle: 'h2' } : { newValue: 'v3' }),
      revoke: (_req, n) => {
        if (n === 1) throw new RotationError('revoke blocked', { status: 502 });
      },
    });
    emulator.setRotationPolicy({ ...SECRET, policy: { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: fn.url, signingSecret: 'whsec-test', revokePreviousAfterDays: 1 } });
    await emulator.clock.advance(2 * DAY);
    let policy = await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    expect(policy.status).toBe('Error');
    expect(policy.lastError).toContain('Revoke failed');
    expect(fn.revokeCalls).toHaveLength(1);
    await emulator.clock.advance(5 * MIN);
    expect(fn.revokeCalls.map((r) => r.oldHandle)).toEqual(['h2', 'h2']);
    policy = await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    expect(policy).toMatchObject({ status: 'Idle', lastError: null });
    // The second rotation (day 2) returned no handle: no revoke for it, ever.
    await emulator.clock.advance(30 * DAY);
    expect(fn.revokeCalls).toHaveLength(2);
  });

  it('after rotate-signing-secret, calls carry both signatures during the grace (36 h here), then only the new one', async () => {
    const { emulator, client: c } = await setup();
    let secrets: readonly string[] = [];
    fn = await startRotationFunction({ signingSecret: () => secrets, rotate: () => ({ newValue: 'v' }) });
    const first = emulator.setRotationPolicy({ ...SECRET, policy: { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: fn.url } }).signingSecret!;
    const { newSigningSecret } = await c.rotation.rotateSigningSecret({ provider: 'vault', key: 'STRIPE_API_KEY' });
    // A function still configured with only the old secret keeps working during the grace.
    secrets = [first];
    await emulator.clock.advance(DAY);
    expect(fn.rotateCalls).toHaveLength(1);
    expect(fn.signatures[0]!.match(/v1=/g)).toHaveLength(2);
    secrets = [newSigningSecret];
    await emulator.clock.advance(DAY);
    expect(fn.rotateCalls).toHaveLength(2);
    expect(fn.signatures[1]!.match(/v1=/g)).toHaveLength(1);
  });
});
