import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient, isBaxterRotationFailedError, isBaxterRotationTimeoutError, type BaxterClient } from '../../src/index.js';
import { judge } from '../../src/rotation/wait-for-rotation.js';
import type { RotationPolicy } from '../../src/rotation/results.js';
import { json } from '../../src/testing/problem.js';
import { createBaxterEmulator, type BaxterEmulator } from '../../src/testing.js';
import { startRotationFunction, type RunningRotationFunction } from './rotation-function.js';

const NOW = Date.parse('2026-03-17T17:00:00Z');
const MINUTE = 60_000;
const REF = { project: 'shop', environment: 'prod' };
const SECRET = { provider: 'vault', key: 'STRIPE_API_KEY' };
const SIGNING = 'whsec-wait-test-signing-secret-0123456789';

/** A RotationPolicyInfo as the real server sends it: no lastErrorAt extra. */
const info = (over: Record<string, unknown>) => ({
  enabled: true,
  intervalDays: 30,
  strategy: 'HttpWebhook',
  endpoint: 'https://fn.example.com/rotate',
  apiKeyHeader: null,
  randomFormat: null,
  revokePreviousAfterDays: null,
  signingSecretKeyPrefix: 'whsec-abcdef',
  lastRotatedAt: '2026-03-01T00:00:00Z',
  nextRotationAt: '2026-03-31T00:00:00Z',
  rotationStatus: 'Idle',
  isOverdue: false,
  ...over,
});

describe('waitForRotation judges the outcome by what happened after the request', () => {
  let emulator: BaxterEmulator;
  let client: BaxterClient<unknown> | undefined;
  let fn: RunningRotationFunction | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await fn?.close();
    fn = undefined;
    await emulator?.close();
  });

  async function setup(rotate: (call: number) => { newValue: string } | Promise<never>) {
    emulator = createBaxterEmulator({ now: NOW });
    const { apiKey } = emulator.addEnvironment({ ...REF, providers: [{ slug: 'vault', secrets: { STRIPE_API_KEY: 'sk_old' } }] });
    fn = await startRotationFunction({ signingSecret: SIGNING, rotate: (_r, n) => rotate(n) });
    emulator.setRotationPolicy({ ...REF, ...SECRET, policy: { enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: fn.url, signingSecret: SIGNING } });
    client = await createBaxterClient({ baxterUrl: 'http://emulator.localhost', apiKey, ...REF, fetch: emulator.fetch, env: {} });
    return client;
  }

  /** Serves these policy read-backs in turn (the last one repeats), as a real server would answer. */
  function serve(...answers: Array<Record<string, unknown>>) {
    let i = 0;
    emulator.use({ rotationPolicy: { GET: () => json(info(answers[Math.min(i++, answers.length - 1)]!)) } });
  }

  it('done: resolves once lastRotatedAt is from the request on', async () => {
    const c = await setup(() => ({ newValue: 'sk_new' }));
    await emulator.clock.advance(MINUTE);
    const since = emulator.clock.date();
    await c.rotation.rotate(SECRET);
    const policy = await c.rotation.waitForRotation({ ...SECRET, since, timeoutMs: 5_000, pollIntervalMs: 5 });
    expect(policy.lastRotatedAt).toEqual(since);
    expect(emulator.store.findEnvironment('shop', 'prod')!.providers.get('vault')!.secrets.get('STRIPE_API_KEY')).toBe('sk_new');
  });

  it('a stale Idle is not done: an earlier rotation does not end a wait for a new one (times out)', async () => {
    const c = await setup(() => ({ newValue: 'sk_new' }));
    await c.rotation.rotate(SECRET);
    await c.rotation.waitForRotation({ ...SECRET, since: emulator.clock.date(), timeoutMs: 5_000, pollIntervalMs: 5 });
    await emulator.clock.advance(MINUTE);
    // Nothing rotates after this `since`: the Idle policy with its earlier lastRotatedAt must not count.
    const error = await c.rotation.waitForRotation({ ...SECRET, since: emulator.clock.date(), timeoutMs: 60, pollIntervalMs: 5 }).catch((e: unknown) => e);
    expect(isBaxterRotationTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BAXTER_ROTATION_TIMEOUT', lastStatus: 'Idle', timeoutMs: 60 });
  });

  it('failed: Error reached after the request rejects with the server\'s lastError', async () => {
    const c = await setup(() => Promise.reject(new Error('vendor API down')));
    const since = emulator.clock.date();
    await c.rotation.rotate(SECRET);
    const error = await c.rotation.waitForRotation({ ...SECRET, since, timeoutMs: 5_000, pollIntervalMs: 5 }).catch((e: unknown) => e);
    expect(isBaxterRotationFailedError(error)).toBe(true);
    expect((error as { lastError: string }).lastError).toMatch(/^Rotation failed: .*answered 500/);
  });

  it('a stale Error from an earlier attempt is not this rotation\'s failure: a retry that succeeds ends the wait as done', async () => {
    const c = await setup((n) => (n === 1 ? Promise.reject(new Error('vendor API down')) : { newValue: 'sk_new' }));
    await c.rotation.rotate(SECRET);
    await expect(c.rotation.waitForRotation({ ...SECRET, since: emulator.clock.date(), timeoutMs: 5_000, pollIntervalMs: 5 })).rejects.toMatchObject({ code: 'BAXTER_ROTATION_FAILED' });
    await emulator.clock.advance(MINUTE);
    const since = emulator.clock.date();
    // Still Error from the first attempt; nothing new has happened yet: a wait now times out rather than failing.
    await expect(c.rotation.waitForRotation({ ...SECRET, since, timeoutMs: 60, pollIntervalMs: 5 })).rejects.toMatchObject({ code: 'BAXTER_ROTATION_TIMEOUT', lastStatus: 'Error' });
    await c.rotation.rotate(SECRET);
    const policy = await c.rotation.waitForRotation({ ...SECRET, since, timeoutMs: 5_000, pollIntervalMs: 5 });
    expect(policy.lastRotatedAt).toEqual(since);
    expect(policy.rotationStatus).toBe('Idle');
  });

  describe('against a server that sends no lastErrorAt and may not show Rotating at once (the real RotationPolicyInfo)', () => {
    it('Error seen on the first read is stale; Error after another status is the outcome', async () => {
      const c = await setup(() => ({ newValue: 'x' }));
      serve(
        { rotationStatus: 'Error', lastError: 'old failure' },
        { rotationStatus: 'Rotating' },
        { rotationStatus: 'Error', lastError: 'Rotation failed: vendor said 403' },
      );
      const error = await c.rotation.waitForRotation({ ...SECRET, timeoutMs: 5_000, pollIntervalMs: 1 }).catch((e: unknown) => e);
      expect(isBaxterRotationFailedError(error)).toBe(true);
      expect(error).toMatchObject({ lastError: 'Rotation failed: vendor said 403' });
    });

    it('an Error that stays as it was never fails the wait (timeout), one whose lastError changes does', async () => {
      const c = await setup(() => ({ newValue: 'x' }));
      serve({ rotationStatus: 'Error', lastError: 'old failure' });
      await expect(c.rotation.waitForRotation({ ...SECRET, timeoutMs: 40, pollIntervalMs: 1 })).rejects.toMatchObject({ code: 'BAXTER_ROTATION_TIMEOUT', lastStatus: 'Error' });
      serve({ rotationStatus: 'Error', lastError: 'old failure' }, { rotationStatus: 'Error', lastError: 'new failure' });
      await expect(c.rotation.waitForRotation({ ...SECRET, timeoutMs: 5_000, pollIntervalMs: 1 })).rejects.toMatchObject({ code: 'BAXTER_ROTATION_FAILED', lastError: 'new failure' });
    });

    it('a lastRotatedAt that moves during the wait is done even when the server clock is behind ours', async () => {
      const c = await setup(() => ({ newValue: 'x' }));
      serve({ lastRotatedAt: '2026-03-01T00:00:00Z' }, { rotationStatus: 'Rotating' }, { lastRotatedAt: '2026-03-02T00:00:00Z' });
      const policy = await c.rotation.waitForRotation({ ...SECRET, since: new Date('2026-06-01T00:00:00Z'), timeoutMs: 5_000, pollIntervalMs: 1 });
      expect(policy.lastRotatedAt).toEqual(new Date('2026-03-02T00:00:00Z'));
    });

    it('sinceVersion: a currentVersion above it is done, whatever the policy says', async () => {
      const c = await setup(() => ({ newValue: 'x' }));
      serve({ lastRotatedAt: '2026-03-01T00:00:00Z' });
      const before = (await c.rotation.versions(SECRET)).currentVersion!;
      const waiting = c.rotation.waitForRotation({ ...SECRET, sinceVersion: before, timeoutMs: 5_000, pollIntervalMs: 2 });
      emulator.setSecret({ ...REF, provider: 'vault', key: 'STRIPE_API_KEY', value: 'sk_rotated_elsewhere' });
      await expect(waiting).resolves.toMatchObject({ rotationStatus: 'Idle' });
    });
  });

  it('on real time, without since: a rotation that finished before the wait began still counts (since = when rotate() was sent)', async () => {
    emulator = createBaxterEmulator(); // real time, like the bella-emulator bin
    const { apiKey } = emulator.addEnvironment({ ...REF, providers: [{ slug: 'vault', secrets: { S: 'old' } }] });
    emulator.setRotationPolicy({ ...REF, provider: 'vault', key: 'S', policy: { enabled: true, intervalDays: 30, strategy: 'GenerateRandom', randomFormat: 'uuid' } });
    client = await createBaxterClient({ baxterUrl: 'http://emulator.localhost', apiKey, ...REF, fetch: emulator.fetch, env: {} });
    const before = Date.now();
    await client.rotation.rotate({ provider: 'vault', key: 'S' });
    await emulator.rotationsIdle(); // done before the wait even starts
    const policy = await client.rotation.waitForRotation({ provider: 'vault', key: 'S', timeoutMs: 5_000, pollIntervalMs: 5 });
    expect(policy.lastRotatedAt!.getTime()).toBeGreaterThanOrEqual(before);
    // A second wait with nothing new requested: since is now that same rotate() (no new one), still done at once;
    // a fresh client that never rotated waits for a rotation after its call, and times out.
    const other = await createBaxterClient({ baxterUrl: 'http://emulator.localhost', apiKey, ...REF, fetch: emulator.fetch, env: {} });
    await expect(other.rotation.waitForRotation({ provider: 'vault', key: 'S', timeoutMs: 40, pollIntervalMs: 5 })).rejects.toMatchObject({ code: 'BAXTER_ROTATION_TIMEOUT' });
    await other.close();
  });

  it('the caller\'s abort and close() end the wait as themselves, not as a timeout or a failure', async () => {
    const c = await setup(() => ({ newValue: 'x' }));
    serve({ rotationStatus: 'Rotating' });
    const controller = new AbortController();
    const aborted = c.rotation.waitForRotation({ ...SECRET, timeoutMs: 5_000, pollIntervalMs: 2, signal: controller.signal }).catch((e: unknown) => e);
    await emulator.nextRequest('rotationPolicy');
    controller.abort();
    expect(await aborted).toMatchObject({ name: 'BaxterAbortError' });
    const closing = c.rotation.waitForRotation({ ...SECRET, timeoutMs: 5_000, pollIntervalMs: 2 }).catch((e: unknown) => e);
    await emulator.nextRequest('rotationPolicy');
    await c.close();
    expect(await closing).toMatchObject({ name: 'BaxterClosedError' });
    await expect(c.rotation.waitForRotation(SECRET)).rejects.toMatchObject({ name: 'BaxterClosedError' });
  });

  it('checks since and sinceVersion before sending anything', async () => {
    const c = await setup(() => ({ newValue: 'x' }));
    const sent = emulator.requests.length;
    await expect(c.rotation.waitForRotation({ ...SECRET, since: new Date('nope') })).rejects.toMatchObject({ name: 'BaxterValidationError' });
    await expect(c.rotation.waitForRotation({ ...SECRET, sinceVersion: 1.5 })).rejects.toMatchObject({ name: 'BaxterValidationError' });
    expect(emulator.requests.length).toBe(sent);
  });
});

describe('judge (the completion rule, pure)', () => {
  const since = new Date('2026-03-17T17:00:00Z');
  const policy = (over: Partial<RotationPolicy>): RotationPolicy =>
    ({ rotationStatus: 'Idle', lastRotatedAt: null, lastError: null, lastErrorAt: null, ...over }) as RotationPolicy;
  it.each<[string, Partial<RotationPolicy>, Partial<RotationPolicy> | undefined, boolean, ReturnType<typeof judge>]>([
    ['rotated at since', { lastRotatedAt: since }, undefined, false, 'done'],
    ['rotated before since, first read', { lastRotatedAt: new Date(since.getTime() - 1) }, undefined, false, undefined],
    ['rotated after since but Rotating again', { lastRotatedAt: since, rotationStatus: 'Rotating' }, undefined, false, undefined],
    ['never rotated', {}, undefined, true, undefined],
    ['Error with lastErrorAt after since', { rotationStatus: 'Error', lastErrorAt: since }, undefined, false, 'failed'],
    ['Error with lastErrorAt before since', { rotationStatus: 'Error', lastErrorAt: new Date(since.getTime() - 1) }, undefined, true, undefined],
    ['Error, no lastErrorAt, first read', { rotationStatus: 'Error', lastError: 'x' }, undefined, false, undefined],
    ['Error after another status', { rotationStatus: 'Error' }, { rotationStatus: 'Rotating' }, true, 'failed'],
    ['unknown status', { rotationStatus: 'Queued' }, undefined, true, undefined],
    ['error in any case', { rotationStatus: 'ERROR', lastErrorAt: since }, undefined, false, 'failed'],
  ])('%s', (_name, current, first, sawOther, expected) => {
    expect(judge(policy(current), first && policy(first), sawOther, since)).toBe(expected);
  });
});
