import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBaxterClient, type BaxterClient } from '../../src/index.js';
import type {
  CredentialLease,
  CredentialsErrorEvent,
  CredentialsExpiringEvent,
  CredentialsRenewedEvent,
} from '../../src/credentials/credential-lease.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';
import { advanceUntil, trackInflight } from '../support/fake-time.js';

const REF = { project: 'shop', environment: 'prod' };
const TTL_S = 60;
const TTL_MS = TTL_S * 1000;
const STEP_MS = 250;

/** Renewals in flight (the lease calls `this.renew()`), so fake time stands still during real I/O. */
const trackRenewals = (lease: CredentialLease) => trackInflight(lease, 'renew');

function next<E>(lease: CredentialLease, event: 'renewed' | 'expiring' | 'error'): Promise<E & { seenAt: number }> {
  return new Promise((resolve) => {
    const off = lease.on(event, (e) => {
      off();
      resolve({ ...(e as E), seenAt: Date.now() });
    });
  });
}

describe.each(PATHS)('credential leases over %s (fake time)', (path) => {
  let h: EmulatorHarness;
  let client: BaxterClient<unknown> | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    vi.useRealTimers();
    await h?.close();
  });

  /** The emulator runs in real time, which here is vitest's fake time: leases expire as the test moves it. */
  async function setup(options: { renewBefore?: number } = {}) {
    h = await startEmulator(path);
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' }, providers: [{ slug: 'postgres', roles: ['app'] }] });
    client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    const issuedAt = Date.now();
    const lease = await client.credentials.lease({ provider: 'postgres', role: 'app', ttlSeconds: TTL_S, ...options });
    const tracker = trackRenewals(lease);
    h.emulator.requests.length = 0;
    return { lease, tracker, issuedAt };
  }

  it('renews at 2/3 of the lease (with up to 10% jitter earlier) and hands the pool new credentials', async () => {
    const { lease, tracker, issuedAt } = await setup();
    const first = lease.credentials;
    const renewed = await advanceUntil(next<CredentialsRenewedEvent>(lease, 'renewed'), TTL_MS, tracker, STEP_MS);
    const after = renewed.seenAt - issuedAt;
    expect(after).toBeGreaterThanOrEqual(TTL_MS * (2 / 3) * 0.9);
    expect(after).toBeLessThan(TTL_MS * (2 / 3) + STEP_MS);
    expect(renewed.previous).toBe(first);
    expect(renewed.credentials).toBe(lease.credentials);
    expect(renewed.credentials.username).not.toBe(first.username);
    expect(h.emulator.requests.map((r) => [r.route, r.status])).toEqual([['credentialsGenerate', 200]]);
    // The old credentials keep working until their own expiry, so in-flight queries can drain.
    expect(h.emulator.checkCredentials(first.username, first.password)).toBe('valid');
    await vi.advanceTimersByTimeAsync(issuedAt + TTL_MS - Date.now());
    expect(h.emulator.checkCredentials(first.username, first.password)).toBe('expired');
    expect(h.emulator.isLeaseExpired(first.leaseId)).toBe(true);
    expect(h.emulator.checkCredentials(lease.credentials.username, lease.credentials.password)).toBe('valid');
  });

  it('renews at renewBefore seconds before expiry when given', async () => {
    const { lease, tracker, issuedAt } = await setup({ renewBefore: 45 });
    const renewed = await advanceUntil(next<CredentialsRenewedEvent>(lease, 'renewed'), TTL_MS, tracker, STEP_MS);
    const after = renewed.seenAt - issuedAt;
    expect(after).toBeGreaterThanOrEqual(15_000 * 0.9);
    expect(after).toBeLessThan(15_000 + STEP_MS);
  });

  it('retries a failed renewal with backoff while the old credentials are valid, then renews', async () => {
    const { lease, tracker } = await setup();
    h.emulator.injectFault({ route: 'credentialsGenerate', status: 503, times: 2 });
    const errors: Array<CredentialsErrorEvent & { seenAt: number }> = [];
    lease.on('error', (e) => void errors.push({ ...e, seenAt: Date.now() }));
    const old = lease.credentials;
    const renewed = await advanceUntil(next<CredentialsRenewedEvent>(lease, 'renewed'), TTL_MS, tracker, STEP_MS);
    expect(errors.map((e) => [e.attempt, e.expired, (e.error as { status?: number }).status])).toEqual([
      [1, false, 503],
      [2, false, 503],
    ]);
    // Exponential with equal jitter: 0.5–1 s, then 1–2 s.
    const wait1 = errors[0]!.nextRetryAt.getTime() - errors[0]!.seenAt;
    const wait2 = errors[1]!.nextRetryAt.getTime() - errors[1]!.seenAt;
    expect(wait1).toBeGreaterThanOrEqual(500);
    expect(wait1).toBeLessThanOrEqual(1000);
    expect(wait2).toBeGreaterThanOrEqual(1000);
    expect(wait2).toBeLessThanOrEqual(2000);
    expect(h.emulator.checkCredentials(old.username, old.password)).toBe('valid');
    expect(renewed.previous).toBe(old);
    expect(h.emulator.requestsTo('credentialsGenerate').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('emits expiring once when no renewal succeeded, and errors say expired after the end, then recovers', async () => {
    const { lease, tracker, issuedAt } = await setup();
    const removeFault = h.emulator.injectFault({ route: 'credentialsGenerate', status: 503 });
    const expiring: CredentialsExpiringEvent[] = [];
    const errors: CredentialsErrorEvent[] = [];
    lease.on('expiring', (e) => void expiring.push(e));
    lease.on('error', (e) => void errors.push(e));
    const old = lease.credentials;
    await advanceUntil(new Promise<void>((resolve) => lease.on('error', (e) => e.expired && resolve())), 2 * TTL_MS, tracker, STEP_MS);
    expect(expiring).toHaveLength(1);
    expect(expiring[0]!.credentials).toBe(old);
    expect(expiring[0]!.secondsLeft).toBeGreaterThanOrEqual(9);
    expect(expiring[0]!.secondsLeft).toBeLessThanOrEqual(12);
    expect(errors.at(-1)!.expired).toBe(true);
    expect(errors.map((e) => e.attempt)).toEqual(errors.map((_, i) => i + 1));
    expect(Date.now() - issuedAt).toBeGreaterThanOrEqual(TTL_MS);
    expect(h.emulator.checkCredentials(old.username, old.password)).toBe('expired');
    // The lease keeps trying: once the server recovers, new credentials arrive.
    removeFault();
    const renewed = await advanceUntil(next<CredentialsRenewedEvent>(lease, 'renewed'), 60_000, tracker, STEP_MS);
    expect(h.emulator.checkCredentials(renewed.credentials.username, renewed.credentials.password)).toBe('valid');
  });

  it('a throwing listener is reported and renewals go on', async () => {
    const { lease, tracker } = await setup();
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    lease.on('renewed', () => {
      throw new Error('pool swap failed');
    });
    await advanceUntil(next<CredentialsRenewedEvent>(lease, 'renewed'), TTL_MS, tracker, STEP_MS);
    await advanceUntil(next<CredentialsRenewedEvent>(lease, 'renewed'), TTL_MS, tracker, STEP_MS);
    expect(reported).toHaveBeenCalledTimes(2);
    expect(String(reported.mock.calls[0]![1])).toContain('pool swap failed');
    expect(h.emulator.requestsTo('credentialsGenerate')).toHaveLength(2);
  });

  it('close() stops renewing: no request afterwards, and client.close() closes the leases it made', async () => {
    const { lease } = await setup();
    const other = await client!.credentials.lease({ provider: 'postgres', ttlSeconds: TTL_S });
    h.emulator.requests.length = 0;
    await lease.close();
    expect(lease.closed).toBe(true);
    await expect(lease.renew()).rejects.toMatchObject({ name: 'BaxterError', message: expect.stringContaining('after close()') });
    await client!.close();
    expect(other.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * TTL_MS);
    expect(h.emulator.requests).toEqual([]);
    // The last credentials stay readable.
    expect(other.credentials.username).toMatch(/^v-app-/);
  });

  it('never shows the password when the lease is logged', async () => {
    const { lease } = await setup();
    for (const s of [inspect(lease), JSON.stringify(lease), String(lease)]) {
      expect(s).not.toContain(lease.credentials.password);
      expect(s).toContain(lease.credentials.username);
    }
  });
});

describe('a long lease (beyond setTimeout range)', () => {
  it('waits for its renewal instead of renewing at once (timers past 2^31-1 ms would fire immediately, in a loop)', async () => {
    const { CredentialLease } = await import('../../src/credentials/credential-lease.js');
    const { DynamicCredentials } = await import('../../src/credentials/dynamic-credentials.js');
    const leaseSeconds = 60 * 86_400; // renewal planned ~40 days in: past setTimeout's ~24.8-day limit
    const make = () =>
      new DynamicCredentials({ username: 'v-app-1', password: 'pw', expiresAt: new Date(Date.now() + leaseSeconds * 1000).toISOString(), leaseDurationSeconds: leaseSeconds, leaseId: 'l1', connectionUrl: null });
    const issue = vi.fn(async () => make());
    const expiring = vi.fn();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const lease = new CredentialLease({ first: make(), issue, renewBeforeSeconds: undefined, description: { provider: 'postgres', role: undefined }, random: () => 0 });
    lease.on('expiring', expiring);
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(issue).not.toHaveBeenCalled();
      expect(expiring).not.toHaveBeenCalled();
    } finally {
      await lease.close();
      warn.mockRestore();
    }
  });
});
