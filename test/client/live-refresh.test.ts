import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createBaxterClient, isBaxterApiError, isBaxterValidationError, type BaxterClient, type SecretsChangeEvent, type SecretsErrorEvent } from '../../src/index.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';
import { advanceUntil, trackChecks } from '../support/fake-time.js';

const INTERVAL_S = 60;
const INTERVAL_MS = INTERVAL_S * 1000;
const REF = { project: 'shop', environment: 'prod' };
const WITHIN_ONE_INTERVAL = INTERVAL_MS * 1.1;

function once<T>(client: BaxterClient<unknown>, event: 'change' | 'error'): Promise<T> {
  return new Promise((resolve) => {
    const off = client.on(event, (e) => {
      off();
      resolve(e as T);
    });
  });
}

describe.each(PATHS)('live refresh over %s', (path) => {
  let h: EmulatorHarness;
  let client: BaxterClient<unknown> | undefined;
  let checks: { idle(): Promise<void> };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    vi.useRealTimers();
    await h?.close();
  });

  async function setup(options: Record<string, unknown> = {}, emulatorOptions = {}) {
    h = await startEmulator(path, emulatorOptions);
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1', B: '2' } });
    client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, refreshInterval: INTERVAL_S, ...h.transport, env: {}, ...options });
    checks = trackChecks(client);
    h.emulator.requests.length = 0;
    return client;
  }

  /** Moves fake time until the next poll is answered: it must come within one interval plus its 10% jitter. */
  async function nextPoll(route = 'envSecretsHash') {
    return advanceUntil(h.emulator.nextRequest(route), WITHIN_ONE_INTERVAL, checks);
  }

  it('asks only the hash endpoint while nothing changes (steady state)', async () => {
    await setup();
    for (let i = 0; i < 3; i++) await nextPoll();
    expect(h.emulator.requests.map((r) => r.route)).toEqual(['envSecretsHash', 'envSecretsHash', 'envSecretsHash']);
    // Every poll after the first carries the last hash and is answered 304 with no body.
    expect(h.emulator.requests.every((r) => r.status === 304 && r.responseBytes === 0)).toBe(true);
    expect(h.emulator.requests[0]!.headers['if-none-match']).toMatch(/^"[0-9a-f]{64}"$/);
  });

  it('picks up a change within one interval and tells what changed', async () => {
    await setup();
    const changed = once<SecretsChangeEvent>(client!, 'change');
    h.emulator.setSecret({ ...REF, key: 'A', value: 'rotated' });
    h.emulator.setSecret({ ...REF, key: 'C', value: 'new' });
    h.emulator.deleteSecret({ ...REF, key: 'B' });
    const event = await advanceUntil(changed, WITHIN_ONE_INTERVAL, checks);
    expect(event).toMatchObject({ added: ['C'], removed: ['B'], changed: ['A'] });
    expect(event.previous.get('A')).toBe('1');
    expect(event.current.get('A')).toBe('rotated');
    expect(client!.get('A')).toBe('rotated');
    expect(h.emulator.requests.map((r) => r.route)).toEqual(['envSecretsHash', 'envSecrets']);
  });

  it.each(['same', 'distinct'] as const)('falls back to /secrets/version on a server without the environment hash endpoint (version units: %s)', async (versionUnits) => {
    // 'distinct': /version counts in other units than the full answer's version, as the real
    // server's may; only /version answers are compared, so an unchanged poll fetches nothing.
    await setup({}, { environmentHashEndpoint: false, versionUnits });
    await nextPoll('envSecretsVersion');
    await nextPoll('envSecretsVersion');
    const changed = once<SecretsChangeEvent>(client!, 'change');
    h.emulator.setSecret({ ...REF, key: 'A', value: 'v2' });
    expect((await advanceUntil(changed, WITHIN_ONE_INTERVAL, checks)).changed).toEqual(['A']);
    expect(h.emulator.requests.map((r) => r.route)).toEqual(['envSecretsVersion', 'envSecretsVersion', 'envSecretsVersion', 'envSecrets']);
    await nextPoll('envSecretsVersion');
    expect(h.emulator.requests.map((r) => r.route).slice(4)).toEqual(['envSecretsVersion']);
  });

  it('keeps serving the last good secrets while the server fails, backs off, and recovers', async () => {
    await setup({ maxAttempts: 1 });
    const remove = h.emulator.injectFault({ status: 503 });
    const errors: SecretsErrorEvent[] = [];
    client!.on('error', (e) => void errors.push(e));
    await advanceUntil(once<SecretsErrorEvent>(client!, 'error'), WITHIN_ONE_INTERVAL, checks);
    expect(client!.get('A')).toBe('1');
    expect(client!.status).toMatchObject({ state: 'stale', consecutiveFailures: 1 });
    expect(isBaxterApiError(client!.status.lastError)).toBe(true);
    // Backoff: the next check waits between 1x and 2x the interval, not less.
    const nextRetry = errors[0]!.nextRetryAt!.getTime() - Date.now();
    expect(nextRetry).toBeGreaterThanOrEqual(INTERVAL_MS);
    expect(nextRetry).toBeLessThanOrEqual(2 * INTERVAL_MS);
    const second = await advanceUntil(once<SecretsErrorEvent>(client!, 'error'), 2 * INTERVAL_MS, checks);
    expect(second.attempt).toBe(2);
    // The wait grew: the third try comes no sooner than one interval after the second failure...
    const failuresSoFar = h.emulator.requests.length;
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 0.99);
    expect(h.emulator.requests.length).toBe(failuresSoFar);
    expect(second.nextRetryAt!.getTime() - Date.now()).toBeGreaterThan(0);

    remove();
    h.emulator.setSecret({ ...REF, key: 'A', value: 'after-outage' });
    await advanceUntil(once<SecretsChangeEvent>(client!, 'change'), 5 * INTERVAL_MS, checks);
    expect(client!.status).toMatchObject({ state: 'fresh', consecutiveFailures: 0 });
    expect(client!.get('A')).toBe('after-outage');
  });

  it('honours Retry-After on a 429 before retrying', async () => {
    await setup({ maxAttempts: 2 });
    h.emulator.injectFault({ route: 'envSecretsHash', status: 429, retryAfterSeconds: 7, times: 1 });
    // This check waits on fake time itself (the Retry-After sleep), so fake time must keep moving while it is in flight.
    const realTurn = { idle: () => new Promise<void>((resolve) => setImmediate(resolve)) };
    const first = h.emulator.nextRequest();
    const refreshed = client!.refresh();
    await advanceUntil(first, 10_000, realTurn, 1);
    expect(h.emulator.requests.map((r) => r.status)).toEqual([429]);
    await vi.advanceTimersByTimeAsync(6_800);
    expect(h.emulator.requests.length).toBe(1);
    await expect(advanceUntil(refreshed, 10_000, realTurn, 1)).resolves.toBe(false);
    expect(h.emulator.requests.map((r) => r.status)).toEqual([429, 304]);
  });

  it('coalesces overlapping refresh() calls into one request', async () => {
    await setup();
    const results = await Promise.all([client!.refresh(), client!.refresh(), client!.refresh()]);
    expect(results).toEqual([false, false, false]);
    expect(h.emulator.requests.length).toBe(1);
  });

  it('contains a listener that throws: the loop and other listeners go on', async () => {
    await setup();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    client!.on('change', () => {
      throw new Error('listener bug');
    });
    const seen: string[][] = [];
    client!.on('change', (e) => void seen.push(e.changed));
    h.emulator.setSecret({ ...REF, key: 'A', value: 'x' });
    await expect(client!.refresh()).resolves.toBe(true);
    h.emulator.setSecret({ ...REF, key: 'A', value: 'y' });
    await expect(client!.refresh()).resolves.toBe(true);
    expect(seen).toEqual([['A'], ['A']]);
    expect(consoleError).toHaveBeenCalledTimes(2);
  });

  it('unsubscribes a listener with the function on() returns', async () => {
    await setup();
    const seen: unknown[] = [];
    const off = client!.on('change', (e) => void seen.push(e));
    off();
    h.emulator.setSecret({ ...REF, key: 'A', value: 'x' });
    await client!.refresh();
    expect(seen).toEqual([]);
  });

  it('keeps a snapshot that fails the schema out, and says which keys failed', async () => {
    h = await startEmulator(path);
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { PORT: '8080', MODE: 'live' } });
    const schema = z.object({ PORT: z.coerce.number().int().positive(), MODE: z.enum(['live', 'test']) });
    const typed = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, schema, ...h.transport, env: {} });
    client = typed as BaxterClient<unknown>;
    expect(typed.config.PORT).toBe(8080);
    const errored = once<SecretsErrorEvent>(client, 'error');
    h.emulator.setSecret({ ...REF, key: 'PORT', value: 'not-a-port-secret' });
    await expect(client.refresh()).rejects.toSatisfy(isBaxterValidationError);
    const { error } = await errored;
    expect((error as Error).message).toContain('PORT');
    expect((error as Error).message).not.toContain('not-a-port-secret');
    expect(typed.config.PORT).toBe(8080);
    expect(client.get('PORT')).toBe('8080');
    expect(client.status.state).toBe('stale');
    // A valid set is applied again.
    h.emulator.setSecret({ ...REF, key: 'PORT', value: '9090' });
    await expect(client.refresh()).resolves.toBe(true);
    expect(typed.config.PORT).toBe(9090);
    expect(client.status.state).toBe('fresh');
  });

  it('stays stale while the rejected set is current, even after a failed check in between', async () => {
    h = await startEmulator(path);
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { PORT: '8080' } });
    const schema = z.object({ PORT: z.coerce.number().int().positive() });
    client = (await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, schema, maxAttempts: 1, ...h.transport, env: {} })) as BaxterClient<unknown>;
    h.emulator.setSecret({ ...REF, key: 'PORT', value: 'not-a-port' });
    await expect(client.refresh()).rejects.toSatisfy(isBaxterValidationError);
    const remove = h.emulator.injectFault({ status: 503 });
    await expect(client.refresh()).rejects.toSatisfy(isBaxterApiError);
    remove();
    // The server still serves the set the schema rejected: nothing changed, and the client is not fresh.
    await expect(client.refresh()).resolves.toBe(false);
    expect(client.status).toMatchObject({ state: 'stale', consecutiveFailures: 0 });
    expect(isBaxterValidationError(client.status.lastError)).toBe(true);
    expect(client.get('PORT')).toBe('8080');
  });
});
