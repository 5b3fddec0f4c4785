import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveClientOptions } from '../../src/client/options.js';
import { createBaxterClient, isBaxterConfigError, type BaxterClientOptions } from '../../src/index.js';

const KEY = 'bax-abc123-' + 'ab'.repeat(32);
const base = { apiKey: KEY, project: 'shop', environment: 'prod', env: {} };

async function configError(options: unknown): Promise<Error & { option?: string }> {
  const error = await createBaxterClient(options as BaxterClientOptions).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isBaxterConfigError(error), String(error)).toBe(true);
  return error as Error & { option?: string };
}

describe('option types', () => {
  it('createBaxterClient(null) is a config error, not a crash', async () => {
    expect((await configError(null)).message).toMatch(/options object/);
  });

  it.each([
    ['project', 42, 'a string'],
    ['environment', { slug: 'prod' }, 'a string'],
    ['apiKey', 123, 'a string'],
    ['baxterUrl', new URL('https://api.bella-baxter.io'), 'a string'],
    ['appClient', ['x'], 'a string'],
    ['refreshInterval', '60', 'a number'],
    ['timeoutMs', '1000', 'a number'],
    ['fetch', 'nope', 'a Fetch-API function'],
    ['e2ee', 'false', 'true or false'],
    ['env', 'prod', 'an object'],
    ['signal', {}, 'an AbortSignal'],
  ])('%s: %o is refused naming the option and what it expects', async (option, value, expected) => {
    const error = await configError({ ...base, [option]: value });
    expect(error.option).toBe(option);
    expect(error.message).toContain(`Option ${option} must be ${expected}`);
    expect(error.message).not.toMatch(/is not a function/);
  });

  it('schema: {} is refused up front (was "schema threw" at the first load)', async () => {
    const error = await configError({ ...base, schema: {} });
    expect(error.option).toBe('schema');
    expect(error.message).toMatch(/Standard Schema/);
  });
});

describe('refreshInterval', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([1e-6, 0.5])('refuses %d seconds (below the 1 s minimum: 1e-6 polled 312 times a second)', async (interval) => {
    const error = await configError({ ...base, refreshInterval: interval });
    expect(error.message).toMatch(/at least 1/);
  });

  it('accepts 0 (no polling) and 1, and warns above a day (likely milliseconds)', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(resolveClientOptions({ ...base, refreshInterval: 0 }).refreshInterval).toBe(0);
    expect(resolveClientOptions({ ...base, refreshInterval: 1 }).refreshInterval).toBe(1);
    expect(warn).not.toHaveBeenCalled();
    expect(resolveClientOptions({ ...base, refreshInterval: 60_000 * 60 }).refreshInterval).toBe(3_600_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/in seconds, not milliseconds/);
  });
});

describe('timeoutMs', () => {
  it('clamps a timeout past 2^31-1 ms (which setTimeout fires after 1 ms) to the longest timer', () => {
    expect(resolveClientOptions({ ...base, timeoutMs: 2 ** 31 }).timeoutMs).toBe(2 ** 31 - 1);
    expect(resolveClientOptions({ ...base, timeoutMs: 1e12 }).timeoutMs).toBe(2 ** 31 - 1);
  });

  it.each([Number.NaN, -1, 0, Number.POSITIVE_INFINITY])('refuses %d', async (timeoutMs) => {
    expect((await configError({ ...base, timeoutMs })).option).toBe('timeoutMs');
  });
});

describe('baxterUrl', () => {
  it.each(['https://api.example.com/?tenant=a', 'https://api.example.com/#x', 'https://api.example.com?'])(
    'refuses %s (a query or fragment broke every path)',
    async (baxterUrl) => {
      const error = await configError({ ...base, baxterUrl });
      expect(error.message).toMatch(/query or fragment/);
    },
  );

  it('refuses credentials in it without ever quoting the password (was in the message and cause.input)', async () => {
    const password = 'hunter2-canary-pw';
    for (const baxterUrl of [`https://admin:${password}@api.example.com`, `https://${password}@api.example.com`, `ht!tp://admin:${password}@`]) {
      const error = await configError({ ...base, baxterUrl });
      const rendered = [error.message, error.stack, inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)].join('\n');
      expect(rendered).not.toContain(password);
      expect(error.cause).toBeUndefined();
    }
    expect((await configError({ ...base, baxterUrl: `https://admin:${password}@api.example.com` })).message).toMatch(/credentials/);
  });

  it('refuses a non-http(s) scheme', async () => {
    expect((await configError({ ...base, baxterUrl: 'ftp://api.example.com' })).message).toMatch(/http\(s\)/);
  });
});

describe('credentials that go into headers', () => {
  it('an access token with CR/LF is a config error that does not quote it', async () => {
    const token = 'tok-canary-value-123\r\nX-Evil: 1';
    const error = await configError({ ...base, apiKey: undefined, accessToken: token });
    expect(error.option).toBe('accessToken');
    expect(inspect(error, { depth: 10 })).not.toContain('tok-canary-value-123');
  });

  it('an appClient with a line break is refused (it would fail every request as a network error)', async () => {
    expect((await configError({ ...base, appClient: 'billing\r\nX-Evil: 1' })).option).toBe('appClient');
  });

  it("a key missing its id does not print the signing hex as the 'key id'", async () => {
    const hex = 'cd'.repeat(32);
    const error = await configError({ ...base, apiKey: `bax-${hex}-x` });
    expect(error.message).not.toContain(hex.slice(0, 16));
    const named = await configError({ ...base, apiKey: 'bax-k1-zz' });
    expect(named.message).toContain('key id "k1"');
  });
});
