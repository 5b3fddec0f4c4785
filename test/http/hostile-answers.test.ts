import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient, isBaxterResponseError, isBaxterResponseTooLargeError, type BaxterClient } from '../../src/index.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };

describe.each(PATHS)('hostile answers over %s', (path) => {
  let h: EmulatorHarness;
  let client: BaxterClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await h.close();
  });

  async function setup(options: { maxResponseBytes?: number } = {}) {
    h = await startEmulator(path);
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {}, e2ee: false, maxAttempts: 1, ...options });
    return client;
  }

  it.each([
    ['CR/LF', 'abc\r\nX-Injected: 1'],
    ['a non-Latin-1 character', 'abc\u20ac'],
    ['16 KB', 'a'.repeat(16_384)],
    ['a double quote', 'ab"c'],
  ])('a hash answer holding %s is a response error, is not stored, and polling goes on', async (_label, badHash) => {
    const c = await setup();
    h.emulator.setSecret({ ...REF, key: 'A', value: '2' });
    // One poisoned hash answer, then the server is healthy again.
    h.emulator.injectFault({ route: 'envSecretsHash', answerJson: { hash: badHash, secretCount: 1, computedAt: new Date().toISOString() }, times: 1 });
    const error = await c.refresh().catch((e: unknown) => e);
    expect(isBaxterResponseError(error)).toBe(true);
    expect((error as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain('hash');
    expect((error as Error).message).not.toContain(badHash.slice(0, 64));
    // The next check sends a valid If-None-Match (or none) and sees the new value.
    expect(await c.refresh()).toBe(true);
    expect(c.get('A')).toBe('2');
    const lastHash = h.emulator.requestsTo('envSecretsHash').at(-1)!;
    expect(lastHash.headers['if-none-match'] ?? '').not.toContain(badHash.slice(0, 8));
  });

  it('stops reading a huge answer at maxResponseBytes and fails with BaxterResponseTooLargeError, not retried', async () => {
    const c = await setup({ maxResponseBytes: 1_000_000 });
    h.emulator.injectFault({ route: 'envSecretsHash', hugeBodyBytes: 512 * 1024 * 1024 });
    const before = h.emulator.requests.length;
    const started = performance.now();
    const error = await c.refresh().catch((e: unknown) => e);
    expect(isBaxterResponseTooLargeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BAXTER_RESPONSE_TOO_LARGE', limitBytes: 1_000_000, method: 'GET' });
    expect((error as Error).message).toMatch(/maxResponseBytes/);
    // Reading 512 MB would take far longer (and far more memory) than stopping at 1 MB.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(h.emulator.requests.length - before).toBe(1);
    expect(c.get('A')).toBe('1');
  });

  it('refuses at once an answer whose Content-Length is over the cap', async () => {
    const c = await setup({ maxResponseBytes: 1_000_000 });
    h.emulator.injectFault({ route: 'envSecretsHash', hugeBodyBytes: 3 * 1024 * 1024 * 1024, declareLength: true, times: 1 });
    const error = await c.refresh().catch((e: unknown) => e);
    expect(isBaxterResponseTooLargeError(error)).toBe(true);
    expect(await c.refresh()).toBe(false);
  });
});

