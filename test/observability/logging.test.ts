import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createBaxterClient, type BaxterClient, type BaxterLogger } from '../../src/index.js';
import { createBaxterEmulator } from '../../src/testing.js';

const REF = { project: 'shop', environment: 'prod' };
const SECRET_VALUE = 'sk_live_do_not_print_me';

/** A logger that records every line by level. */
function recorder() {
  const lines: { level: keyof BaxterLogger; message: string }[] = [];
  const logger: BaxterLogger = {
    debug: (message) => lines.push({ level: 'debug', message }),
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
  return { logger, lines, at: (level: keyof BaxterLogger) => lines.filter((l) => l.level === level).map((l) => l.message) };
}

/** The emulator as transport, answering with a request id as the real server does. */
function setup() {
  const emulator = createBaxterEmulator();
  const { apiKey } = emulator.addEnvironment({ ...REF, secrets: { STRIPE_KEY: SECRET_VALUE, PORT: '8080' } });
  const fetch = async (input: Request | string | URL, init?: RequestInit) => {
    const response = await emulator.fetch(input, init);
    const headers = new Headers(response.headers);
    headers.set('x-request-id', 'req-42');
    return new Response(response.body, { status: response.status, headers });
  };
  return { emulator, apiKey, fetch };
}

let client: BaxterClient<unknown> | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  vi.restoreAllMocks();
});

describe('BELLA_BAXTER_DEBUG=1', () => {
  it('prints one line per request to stderr: method, path, status, duration, attempt, request id; no secret', async () => {
    const { apiKey, fetch } = setup();
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    // A polling client (its first poll is seconds away): its start asks the hash, then the full set.
    client = await createBaxterClient({ apiKey, fetch, baxterUrl: 'http://bella.test', env: { BELLA_BAXTER_DEBUG: '1' }, refreshInterval: 60 });
    await client.refresh();
    vi.mocked(process.stderr.write).mockRestore();

    const lines = written.join('').split('\n').filter(Boolean);
    // keys/me, hash, full set; then the refresh: one hash answered 304.
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^bella-baxter debug: GET \/api\/v1\/keys\/me 200 \d+ ms \(attempt 1\/3, request id req-42\)$/);
    expect(lines[1]).toMatch(/^bella-baxter debug: GET \/api\/v1\/projects\/shop\/environments\/prod\/secrets\/hash 200 /);
    expect(lines[3]).toMatch(/secrets\/hash 304 \d+ ms \(attempt 1\/3/);
    const all = written.join('');
    expect(all).not.toContain(SECRET_VALUE);
    expect(all).not.toContain(apiKey.split('-').slice(2).join('-')); // the key's signing secret
  });

  it('prints nothing per request without it', async () => {
    const { apiKey, fetch } = setup();
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    client = await createBaxterClient({ apiKey, fetch, baxterUrl: 'http://bella.test', env: {} });
    await client.refresh();
    expect(write).not.toHaveBeenCalled();
  });

  it('names the error code of an attempt that got no answer, and each retry', async () => {
    const { apiKey, fetch, emulator } = setup();
    const { logger, at } = recorder();
    client = await createBaxterClient({ apiKey, fetch, baxterUrl: 'http://bella.test', env: {}, logger, maxAttempts: 2, refreshInterval: 60 });
    emulator.injectFault({ route: 'envSecretsHash', drop: true, times: 1 });
    await client.refresh();
    const hashLines = at('debug').filter((l) => l.includes('/secrets/hash')).slice(-2);
    expect(hashLines[0]).toMatch(/secrets\/hash failed \(BAXTER_NETWORK\) \d+ ms \(attempt 1\/2\)$/);
    expect(hashLines[1]).toMatch(/secrets\/hash 304 \d+ ms \(attempt 2\/2/);
  });
});

describe('the logger option', () => {
  it('gets request lines at debug, the first failure of a streak at warn (once), the recovery at info', async () => {
    const { apiKey, fetch, emulator } = setup();
    const { logger, at } = recorder();
    client = await createBaxterClient({ apiKey, fetch, baxterUrl: 'http://bella.test', env: {}, logger, maxAttempts: 1, refreshInterval: 60 });
    expect(at('debug')).toHaveLength(3);

    emulator.injectFault({ route: 'envSecretsHash', status: 401, times: 3 });
    for (let i = 0; i < 3; i++) await expect(client.refresh()).rejects.toMatchObject({ code: 'BAXTER_UNAUTHORIZED' });
    expect(at('warn')).toHaveLength(1);
    expect(at('warn')[0]).toMatch(/^Refreshing secrets failed \(the last secrets stay in use.*\): BAXTER_UNAUTHORIZED: GET \/api\/v1\/projects\/shop\/environments\/prod\/secrets\/hash failed with 401/);
    expect(at('info')).toEqual([]);

    await client.refresh();
    expect(at('info')).toEqual([expect.stringMatching(/^Refreshing secrets works again after 3 failed checks \(\d+ s\)\.$/)]);

    // A new streak is a new warning.
    emulator.injectFault({ route: 'envSecretsHash', status: 503, times: 1 });
    await expect(client.refresh()).rejects.toMatchObject({ code: 'BAXTER_SERVER_ERROR' });
    expect(at('warn')).toHaveLength(2);
    expect(at('error')).toEqual([]);
  });

  it('warns when new secrets fail the schema, naming keys and never values', async () => {
    const { apiKey, fetch, emulator } = setup();
    const { logger, lines, at } = recorder();
    const schema = z.object({ PORT: z.coerce.number().int(), STRIPE_KEY: z.string() });
    client = await createBaxterClient({ apiKey, fetch, baxterUrl: 'http://bella.test', env: {}, logger, schema });
    emulator.setSecret({ ...REF, key: 'PORT', value: `not-a-port-${SECRET_VALUE}` });
    await expect(client.refresh()).rejects.toMatchObject({ code: 'BAXTER_VALIDATION_FAILED' });
    expect(at('warn')).toEqual([expect.stringMatching(/^New secrets not applied: BAXTER_VALIDATION_FAILED: .*PORT/)]);
    expect(JSON.stringify(lines)).not.toContain(SECRET_VALUE);
  });

  it('by default, warns on stderr (no error listener needed) and stays quiet per request', async () => {
    const { apiKey, fetch, emulator } = setup();
    client = await createBaxterClient({ apiKey, fetch, baxterUrl: 'http://bella.test', env: {}, maxAttempts: 1 });
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    emulator.injectFault({ route: 'envSecretsHash', status: 401, times: 2 });
    await expect(client.refresh()).rejects.toThrow();
    await expect(client.refresh()).rejects.toThrow();
    await client.refresh();
    vi.mocked(process.stderr.write).mockRestore();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/^bella-baxter warn: Refreshing secrets failed.*BAXTER_UNAUTHORIZED/);
    expect(written[1]).toMatch(/^bella-baxter info: Refreshing secrets works again after 2 failed checks/);
  });

  it('a logger that throws breaks neither requests nor refreshes', async () => {
    const { apiKey, fetch, emulator } = setup();
    const boom = () => {
      throw new Error('logger down');
    };
    client = await createBaxterClient({ apiKey, fetch, baxterUrl: 'http://bella.test', env: {}, maxAttempts: 1, logger: { debug: boom, info: boom, warn: boom, error: boom } });
    emulator.injectFault({ route: 'envSecretsHash', status: 500, times: 1 });
    await expect(client.refresh()).rejects.toMatchObject({ code: 'BAXTER_SERVER_ERROR' });
    emulator.setSecret({ ...REF, key: 'PORT', value: '9090' });
    await expect(client.refresh()).resolves.toBe(true);
    expect(client.get('PORT')).toBe('9090');
  });
});
