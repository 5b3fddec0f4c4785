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

  it('HttpWebhook: first rotation → Idle; next rotation → PendingRevocation → revoke with the replaced handle after the grace → Idle', async () => {
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
    const policyOf = () => c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    const day = 24 * 60;

    // Rotation 1 (day 30): stores v2 / key_v2. The seeded value had no handle: nothing to revoke.
    await emulator.clock.advance(30 * DAY);
    expect(fn.rotateCalls).toHaveLength(1);
    expect(fn.rotateCalls[0]).toMatchObject({ action: 'rotate', secretKey: 'STRIPE_API_KEY', projectSlug: 'shop', environmentSlug: 'prod' });
    expect(fn.signatures[0]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_v2');
    const first = await policyOf();
    expect(first).toMatchObject({ status: 'Idle', lastError: null, revocationDueAt: null });
    expect(first.lastRotatedAt).toEqual(new Date(T0 + 30 * DAY));
    expect(first.nextRotationAt).toEqual(new Date(T0 + 60 * DAY));
    expect(emulator.getRotationPolicy(SECRET)!.pendingRevocations).toEqual([]);
    expect(events()).toEqual([`rotation-started@${30 * day}m`, `rotated@${30 * day}m:key_v2`]);

    // Rotation 2 (day 60): stores v3 / key_v3; key_v2 now names the previous value, revoked 2 days later.
    await emulator.clock.advance(30 * DAY);
    expect(fn.rotateCalls).toHaveLength(2);
    // The next cycle: a fresh request id.
    expect(fn.rotateCalls[1]!.requestId).not.toBe(fn.rotateCalls[0]!.requestId);
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_v3');
    const pending = await policyOf();
    expect(pending).toMatchObject({ status: 'PendingRevocation', lastError: null });
    expect(pending.revocationDueAt).toEqual(new Date(T0 + 62 * DAY));
    expect(pending.nextRotationAt).toEqual(new Date(T0 + 90 * DAY));
    expect(emulator.getRotationPolicy(SECRET)!.pendingRevocations).toEqual([{ handle: 'key_v2', dueAt: new Date(T0 + 62 * DAY), failures: 0 }]);

    await emulator.clock.advance(2 * DAY - 1);
    expect(fn.revokeCalls).toEqual([]);
    expect((await policyOf()).status).toBe('PendingRevocation');
    await emulator.clock.advance(1);
    expect(fn.revokeCalls).toEqual([{ action: 'revoke', secretKey: 'STRIPE_API_KEY', projectSlug: 'shop', environmentSlug: 'prod', oldHandle: 'key_v2', requestId: expect.any(String) }]);
    // Revoke calls are signed and carry the API key header too (the function rejects them otherwise).
    expect(fn.signatures).toHaveLength(3);
    expect(await policyOf()).toMatchObject({ status: 'Idle', lastError: null, revocationDueAt: null });
    // The value being served is never revoked.
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_v3');
    expect(events()).toEqual([
      `rotation-started@${30 * day}m`,
      `rotated@${30 * day}m:key_v2`,
      `rotation-started@${60 * day}m`,
      `rotated@${60 * day}m:key_v3`,
      `revoke-scheduled@${60 * day}m:key_v2`,
      `revoked@${62 * day}m:key_v2`,
    ]);

    // Rotation 3 (day 90) schedules key_v3's revoke, and so on.
    await emulator.clock.advance(28 * DAY);
    expect(fn.rotateCalls).toHaveLength(3);
    expect(emulator.getRotationPolicy(SECRET)!.pendingRevocations.map((r) => r.handle)).toEqual(['key_v3']);
    expect(fn.revokeCalls.map((r) => r.oldHandle)).toEqual(['key_v2']);
  });

  it('a failure marks Error and retries with exponential backoff (same request id) while the old value is served', async () => {
    const { emulator, client: c } = await setup();
    fn = await startRotationFunction({
      signingSecret: 'whsec-test',
      rotate: (_req, n) => {
        if (n <= 2 || n === 4) throw new RotationError('provider down', { status: 503 });
        return n === 3 ? { newValue: 'sk_live_new', newHandle: 'key_new' } : { newValue: 'sk_live_newer', newHandle: 'key_newer' };
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
    // The first successful rotation replaced a value without a handle: no revoke.
    expect(policy).toMatchObject({ status: 'Idle', lastError: null, revocationDueAt: null });
    expect(emulator.getRotationPolicy(SECRET)!.retryAt).toBeNull();
    expect(fn.revokeCalls).toEqual([]);
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_new');

    // The next rotation (day 2 + 15 min) fails once: key_new's value is still the one stored, so it is not revoked.
    await emulator.clock.advance(DAY);
    expect(fn.rotateCalls).toHaveLength(4);
    policy = await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    expect(policy.status).toBe('Error');
    expect(fn.revokeCalls).toEqual([]);
    expect(await c.refresh()).toBe(false);
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_new');

    // Its retry succeeds; revokePreviousAfterDays 0: key_new is revoked at once, within the same run.
    await emulator.clock.advance(5 * MIN);
    expect(fn.rotateCalls).toHaveLength(5);
    expect(fn.rotateCalls[4]!.requestId).toBe(fn.rotateCalls[3]!.requestId);
    expect(fn.rotateCalls[3]!.requestId).not.toBe(fn.rotateCalls[0]!.requestId);
    policy = await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    expect(policy).toMatchObject({ status: 'Idle', lastError: null, revocationDueAt: null });
    expect(fn.revokeCalls.map((r) => r.oldHandle)).toEqual(['key_new']);
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_newer');
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
      `rotation-started@${2 * day + 15}m`,
      `rotation-failed@${2 * day + 15}m`,
      `retry-scheduled@${2 * day + 15}m`,
      `rotation-started@${2 * day + 20}m`,
      `rotated@${2 * day + 20}m:key_newer`,
      `revoke-scheduled@${2 * day + 20}m:key_new`,
      `revoked@${2 * day + 20}m:key_new`,
    ]);
  });

  it('a failed revoke is retried with backoff and shows Error meanwhile; no newHandle means no revoke ever', async () => {
    const { emulator, client: c } = await setup();
    fn = await startRotationFunction({
      signingSecret: 'whsec-test',
      // Only the first rotation returns a handle.
      rotate: (_req, n) => (n === 1 ? { newValue: 'v2', newHandle: 'h2' } : { newValue: `v${n + 1}` }),
      revoke: (_req, n) => {
        if (n === 1) throw new RotationError('revoke blocked', { status: 502 });
      },
    });
    emulator.setRotationPolicy({ ...SECRET, policy: { enabled: true, intervalDays: 2, strategy: 'HttpWebhook', endpoint: fn.url, signingSecret: 'whsec-test', revokePreviousAfterDays: 1 } });
    const policyOf = () => c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    // Day 2: rotation 1 stores v2 / h2; nothing to revoke yet.
    await emulator.clock.advance(2 * DAY);
    expect(fn.rotateCalls).toHaveLength(1);
    expect((await policyOf()).status).toBe('Idle');
    // Day 4: rotation 2 (no handle) replaces v2, so h2 is due for revoke on day 5.
    await emulator.clock.advance(2 * DAY);
    expect(fn.rotateCalls).toHaveLength(2);
    let policy = await policyOf();
    expect(policy.status).toBe('PendingRevocation');
    expect(policy.revocationDueAt).toEqual(new Date(T0 + 5 * DAY));
    expect(fn.revokeCalls).toEqual([]);
    // Day 5: the revoke fails → Error, retried after 5 minutes.
    await emulator.clock.advance(DAY);
    policy = await policyOf();
    expect(policy.status).toBe('Error');
    expect(policy.lastError).toContain('Revoke failed');
    expect(policy.revocationDueAt).toEqual(new Date(T0 + 5 * DAY + 5 * MIN));
    expect(emulator.getRotationPolicy(SECRET)!.pendingRevocations).toEqual([{ handle: 'h2', dueAt: new Date(T0 + 5 * DAY + 5 * MIN), failures: 1 }]);
    expect(fn.revokeCalls).toHaveLength(1);
    await emulator.clock.advance(5 * MIN);
    expect(fn.revokeCalls.map((r) => r.oldHandle)).toEqual(['h2', 'h2']);
    // One revoke, retried: the same request id.
    expect(fn.revokeCalls[1]!.requestId).toBe(fn.revokeCalls[0]!.requestId);
    policy = await policyOf();
    expect(policy).toMatchObject({ status: 'Idle', lastError: null, revocationDueAt: null });
    // Rotations 2 onwards returned no handle: no revoke for their values, ever (nor for the seeded value).
    await emulator.clock.advance(30 * DAY);
    expect(fn.rotateCalls.length).toBeGreaterThanOrEqual(17);
    expect(fn.revokeCalls).toHaveLength(2);
    expect(emulator.rotationLog.filter((e) => e.event === 'revoke-scheduled').map((e) => e.handle)).toEqual(['h2']);
    expect((await policyOf()).status).toBe('Idle');
  });

  it('switched from HttpWebhook to GenerateRandom: owed revokes still go to the function that issued the handles, signed and with its API key', async () => {
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
      policy: { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: fn.url, revokePreviousAfterDays: 2, apiKey: 'fn-key', apiKeyHeader: 'x-fn-key' },
    }).signingSecret!;
    // Day 1 stores key_v2, day 2 stores key_v3: key_v2 is owed a revoke on day 4.
    await emulator.clock.advance(2 * DAY);
    expect(emulator.getRotationPolicy(SECRET)!.pendingRevocations).toEqual([{ handle: 'key_v2', dueAt: new Date(T0 + 4 * DAY), failures: 0 }]);
    emulator.setRotationPolicy({ ...SECRET, policy: { enabled: true, intervalDays: 1, strategy: 'GenerateRandom', randomFormat: 'hex32' } });

    // Day 3: a GenerateRandom value replaces key_v3's, which is owed a revoke too (after the issuing policy's 2 days).
    await emulator.clock.advance(DAY);
    expect(fn.rotateCalls).toHaveLength(2);
    expect(emulator.getRotationPolicy(SECRET)!.pendingRevocations.map((r) => [r.handle, r.dueAt])).toEqual([
      ['key_v2', new Date(T0 + 4 * DAY)],
      ['key_v3', new Date(T0 + 5 * DAY)],
    ]);
    await emulator.clock.advance(2 * DAY);
    expect(fn.revokeCalls.map((r) => r.oldHandle)).toEqual(['key_v2', 'key_v3']);
    const policy = await c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_API_KEY' });
    expect(policy).toMatchObject({ strategy: 'GenerateRandom', status: 'Idle', lastError: null, revocationDueAt: null });
    expect(emulator.rotationLog.filter((e) => e.event === 'revoke-failed')).toEqual([]);
    // GenerateRandom values have no handle: nothing more is owed.
    await emulator.clock.advance(3 * DAY);
    expect(fn.revokeCalls).toHaveLength(2);
  });

  it('a new endpoint: a handle issued by the old function is revoked there, not at the new one', async () => {
    const { emulator } = await setup();
    fn = await startRotationFunction({ signingSecret: 'whsec-old', rotate: (_req, n) => ({ newValue: `old_v${n}`, newHandle: `old_h${n}` }), revoke: () => undefined });
    const next = await startRotationFunction({ signingSecret: 'whsec-new', rotate: (_req, n) => ({ newValue: `new_v${n}`, newHandle: `new_h${n}` }), revoke: () => undefined });
    try {
      const policy = { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', revokePreviousAfterDays: 0 };
      emulator.setRotationPolicy({ ...SECRET, policy: { ...policy, endpoint: fn.url, signingSecret: 'whsec-old' } });
      await emulator.clock.advance(DAY);
      emulator.setRotationPolicy({ ...SECRET, policy: { ...policy, endpoint: next.url, signingSecret: 'whsec-new' } });
      await emulator.clock.advance(2 * DAY);
      expect(fn.revokeCalls.map((r) => r.oldHandle)).toEqual(['old_h1']);
      expect(next.revokeCalls.map((r) => r.oldHandle)).toEqual(['new_h1']);
      expect(emulator.getRotationPolicy(SECRET)).toMatchObject({ status: 'Idle', lastError: null });
    } finally {
      await next.close();
    }
  });

  it('a policy disabled while its rotation fails is rotated again once enabled (not stuck in Error)', async () => {
    const { emulator, client: c } = await setup();
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const called = new Promise<void>((r) => (entered = r));
    fn = await startRotationFunction({
      signingSecret: 'whsec-test',
      rotate: async (_req, n) => {
        if (n > 1) return { newValue: 'sk_live_v2' };
        entered();
        await gate;
        throw new RotationError('provider down', { status: 503 });
      },
    });
    const policy = { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: fn.url, signingSecret: 'whsec-test' };
    emulator.setRotationPolicy({ ...SECRET, policy });
    await c.rotation.rotate({ provider: 'vault', key: 'STRIPE_API_KEY' });
    await called;
    // Disabled while the call is in flight; the call then fails, and time passes while disabled.
    emulator.setRotationPolicy({ ...SECRET, policy: { ...policy, enabled: false } });
    release();
    await emulator.rotationsIdle();
    expect(emulator.getRotationPolicy(SECRET)!.retryAt).toBeNull();
    await emulator.clock.advance(DAY);
    expect(fn.rotateCalls).toHaveLength(1);
    // Enabled again: the scheduler takes it up once due.
    emulator.setRotationPolicy({ ...SECRET, policy });
    await emulator.clock.advance(2 * DAY);
    expect(fn.rotateCalls.length).toBeGreaterThanOrEqual(2);
    expect(emulator.getRotationPolicy(SECRET)).toMatchObject({ status: 'Idle', lastError: null });
    await c.refresh();
    expect(c.get('STRIPE_API_KEY')).toBe('sk_live_v2');
  });

  it('after rotate-signing-secret, every call carries ONE v1 made with the new secret; a function accepting [new, old] keeps working', async () => {
    const { emulator, client: c } = await setup();
    let secrets: readonly string[] = [];
    fn = await startRotationFunction({ signingSecret: () => secrets, rotate: () => ({ newValue: 'v' }) });
    const first = emulator.setRotationPolicy({ ...SECRET, policy: { enabled: true, intervalDays: 1, strategy: 'HttpWebhook', endpoint: fn.url } }).signingSecret!;
    const { newSigningSecret } = await c.rotation.rotateSigningSecret({ provider: 'vault', key: 'STRIPE_API_KEY' });
    // The receiver's change-over: it accepts both secrets while it moves to the new one.
    secrets = [first, newSigningSecret];
    await emulator.clock.advance(DAY);
    expect(fn.rotateCalls).toHaveLength(1);
    expect(fn.signatures[0]!.match(/v1=/g)).toHaveLength(1);
    // A function still on only the old secret rejects the call (the new secret signs it): the rotation fails.
    secrets = [first];
    await emulator.clock.advance(DAY);
    expect(fn.rotateCalls).toHaveLength(1);
    expect(emulator.getRotationPolicy(SECRET)).toMatchObject({ status: 'Error' });
    expect(fn.signatures.slice(1).every((h) => h.match(/v1=/g)?.length === 1)).toBe(true);
  });
});
