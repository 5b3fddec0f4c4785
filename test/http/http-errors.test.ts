import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isBaxterAbortError,
  createBaxterClient,
  isBaxterApiError,
  isBaxterNetworkError,
  isBaxterResponseError,
  isBaxterTimeoutError,
} from '../../src/index.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };
const VALUE = 'pa55w0rd-value-never-shown';

describe.each(PATHS)('request failures over %s', (path) => {
  let h: EmulatorHarness;
  let apiKey: string;
  beforeEach(async () => {
    h = await startEmulator(path);
    ({ apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { DB_PASSWORD: VALUE } }));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await h.close();
  });
  const create = (options: Record<string, unknown> = {}) =>
    createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {}, ...options });

  it('retries an idempotent GET on 503 and succeeds', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // no backoff wait
    h.emulator.injectFault({ route: 'envSecrets', status: 503, times: 2 });
    const client = await create({ maxAttempts: 3 });
    expect(client.get('DB_PASSWORD')).toBe(VALUE);
    expect(h.emulator.requestsTo('envSecrets').map((r) => r.status)).toEqual([503, 503, 200]);
    await client.close();
  });

  it('gives up after maxAttempts with a BaxterApiError carrying status, path and a hint', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    h.emulator.injectFault({ route: 'envSecrets', status: 502 });
    const error = await create({ maxAttempts: 2 }).catch((e: unknown) => e);
    expect(isBaxterApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 502, method: 'GET', path: '/api/v1/projects/shop/environments/prod/secrets' });
    expect((error as Error).message).toMatch(/safe to retry later/);
    expect(h.emulator.requestsTo('envSecrets')).toHaveLength(2);
  });

  it('hands back a 503 whose Retry-After is too long to wait for, instead of stalling the caller', async () => {
    h.emulator.injectFault({ route: 'envSecrets', status: 503, retryAfterSeconds: 3_600, times: 1 });
    const pending = create({ maxAttempts: 3 }).catch((e: unknown) => e);
    const outcome = await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 2_000, 'still waiting'))]);
    expect(isBaxterApiError(outcome)).toBe(true);
    expect(outcome).toMatchObject({ status: 503, retryAfterSeconds: 3_600 });
    expect(h.emulator.requestsTo('envSecrets')).toHaveLength(1);
  });

  it('does not retry a 4xx other than 408/429', async () => {
    h.emulator.injectFault({ route: 'envSecrets', status: 403 });
    const error = await create({ maxAttempts: 3 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'BaxterApiError', status: 403 });
    expect((error as Error).message).toMatch(/lack permission/);
    expect(h.emulator.requestsTo('envSecrets')).toHaveLength(1);
  });

  it('reports a dropped connection as a BaxterNetworkError', async () => {
    h.emulator.injectFault({ route: 'envSecrets', drop: true });
    const error = await create({ maxAttempts: 1 }).catch((e: unknown) => e);
    expect(isBaxterNetworkError(error)).toBe(true);
    expect((error as Error).message).toMatch(/could not reach the Bella Baxter server/);
    expect((error as Error).cause).toBeDefined();
  });

  it('abandons a slow attempt after timeoutMs with a BaxterTimeoutError', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    h.emulator.injectFault({ route: 'envSecrets', latencyMs: 60_000 });
    const pending = create({ maxAttempts: 1, timeoutMs: 2_000 }).catch((e: unknown) => e);
    // Move fake time in steps until the attempt timer fires (real I/O runs between steps).
    let error: unknown;
    void pending.then((e) => (error = e));
    // 1 ms steps, so little fake time passes while the earlier requests travel over real sockets.
    for (let i = 0; i < 20_000 && error === undefined; i++) {
      await vi.advanceTimersByTimeAsync(1);
      await new Promise((r) => setImmediate(r));
    }
    expect(isBaxterTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 2_000, method: 'GET' });
  });

  it('rejects a body that is not JSON with a BaxterResponseError that echoes nothing', async () => {
    h.emulator.injectFault({ route: 'envSecrets', malformedJson: true });
    const error = await create({ maxAttempts: 1 }).catch((e: unknown) => e);
    expect(isBaxterResponseError(error)).toBe(true);
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect((error as Error).message).not.toContain('truncated');
  });

  it('names the field of a response that fails its schema, never the value', async () => {
    const fetchWithBadShape = async (input: string | URL | Request, init?: RequestInit) => {
      const res = await h.emulator.fetch(input, init);
      if (!String(input instanceof Request ? input.url : input).endsWith('/secrets')) return res;
      return Response.json({ environmentSlug: 'prod', environmentName: 'Prod', secrets: { DB_PASSWORD: 12345678 }, version: VALUE, lastModified: 'x' });
    };
    const error = await createBaxterClient({ baxterUrl: 'http://emulator.localhost', apiKey, ...REF, env: {}, e2ee: false, fetch: fetchWithBadShape }).catch((e: unknown) => e);
    expect(isBaxterResponseError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('secrets.DB_PASSWORD: expected string');
    expect(message).toContain('version: expected number');
    expect(message).not.toContain('12345678');
    expect(message).not.toContain(VALUE);
  });

  it('aborts the initial load when the caller signal fires', async () => {
    h.emulator.injectFault({ route: 'envSecrets', latencyMs: 30_000 });
    const controller = new AbortController();
    // A polling client asks the hash first: once it is answered, the full read is in flight.
    const pending = create({ signal: controller.signal, maxAttempts: 1, refreshInterval: 60 });
    await h.emulator.nextRequest('envSecretsHash');
    controller.abort(new Error('shutting down'));
    // A BaxterError like every other failure, the signal's reason kept as its cause.
    const error = await pending.catch((e: unknown) => e);
    expect(isBaxterAbortError(error)).toBe(true);
    expect((error as Error & { code: string }).code).toBe('BAXTER_ABORTED');
    expect(((error as Error).cause as Error).message).toBe('shutting down');
  });
});
