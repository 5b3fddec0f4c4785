import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  createBaxterClient,
  isBaxterAbortError,
  isBaxterApiError,
  isBaxterClosedError,
  isBaxterConfigError,
  isBaxterError,
  isBaxterMissingSecretError,
  isBaxterValidationError,
  type BaxterClient,
} from '../../src/index.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const SECRET_VALUE = 'sk_live_very_secret_value_123';

describe.each(PATHS)('createBaxterClient over %s', (path) => {
  let h: EmulatorHarness;
  const clients: BaxterClient<unknown>[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await h?.close();
  });

  async function setup(secrets: Record<string, string> = { STRIPE_KEY: SECRET_VALUE, PORT: '8080' }) {
    h = await startEmulator(path);
    const seeded = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets });
    return seeded;
  }

  it('loads the first snapshot and serves synchronous reads', async () => {
    const { apiKey } = await setup();
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, project: 'shop', environment: 'prod', ...h.transport, env: {} });
    clients.push(client);
    expect(client.get('STRIPE_KEY')).toBe(SECRET_VALUE);
    expect(client.has('PORT')).toBe(true);
    expect(client.get('MISSING')).toBeUndefined();
    expect(client.getAll()).toEqual({ STRIPE_KEY: SECRET_VALUE, PORT: '8080' });
    expect(Object.isFrozen(client.getAll())).toBe(true);
    expect(client.status.state).toBe('fresh');
  });

  it('fills project and environment from GET /keys/me when only the API key is given', async () => {
    const { apiKey } = await setup();
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} });
    clients.push(client);
    expect(client.get('PORT')).toBe('8080');
    // Without refreshInterval the start is the full set alone: nothing polls, so no hash is needed yet.
    expect(h.emulator.requests.map((r) => r.route)).toEqual(['keyContext', 'envSecrets']);
  });

  it('asks the hash before the full set when it polls, and the first refresh() of a client that does not', async () => {
    const { apiKey } = await setup();
    const polling = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, project: 'shop', environment: 'prod', refreshInterval: 60, ...h.transport, env: {} });
    clients.push(polling);
    expect(h.emulator.requests.map((r) => r.route)).toEqual(['envSecretsHash', 'envSecrets']);
    h.emulator.requests.length = 0;
    const manual = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, project: 'shop', environment: 'prod', ...h.transport, env: {} });
    clients.push(manual);
    expect(await manual.refresh()).toBe(false);
    expect(await manual.refresh()).toBe(false);
    // The first refresh() learns the marker (hash, then the full set: unchanged, no change event); later ones ask only the hash.
    expect(h.emulator.requests.map((r) => [r.route, r.status])).toEqual([['envSecrets', 200], ['envSecretsHash', 200], ['envSecrets', 200], ['envSecretsHash', 304]]);
  });

  it('reads its configuration from BELLA_BAXTER_* variables, explicit options winning', async () => {
    const { apiKey } = await setup();
    const env = { BELLA_BAXTER_URL: h.baxterUrl, BELLA_BAXTER_API_KEY: apiKey, BELLA_BAXTER_PROJECT: 'nope', BELLA_BAXTER_ENV: 'prod', BELLA_BAXTER_APP_CLIENT: 'billing-api' };
    const client = await createBaxterClient({ project: 'shop', ...h.transport, env });
    clients.push(client);
    expect(client.get('PORT')).toBe('8080');
    expect(h.emulator.requests[0]!.headers['x-app-client']).toBe('billing-api');
  });

  it('signs every request with the API key and sends the client headers, never the secret', async () => {
    const { apiKey } = await setup();
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, project: 'shop', environment: 'prod', ...h.transport, env: {} });
    clients.push(client);
    const secretHex = apiKey.split('-')[2]!;
    for (const r of h.emulator.requests) {
      expect(r.status).toBe(200);
      expect(r.headers['x-bella-key-id']).toBe(apiKey.split('-')[1]);
      expect(r.headers['x-bella-timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(r.headers['x-bella-signature']).toMatch(/^[0-9a-f]{64}$/);
      expect(r.headers['x-bella-client']).toBe('bella-js-sdk');
      expect(r.headers['user-agent']).toMatch(/^bella-js-sdk\/\d+\.\d+\.\d+ \(node\/[^;]+; @bella-baxter\/sdk\)$/);
      expect(JSON.stringify(r.headers)).not.toContain(secretHex);
    }
  });

  it('rejects with a 401 BaxterApiError when the key is wrong, and releases its sockets', async () => {
    const { apiKey } = await setup();
    const forged = apiKey.replace(/-([0-9a-f]+)$/, (_m, hex: string) => `-${hex.replace(/^./, hex[0] === 'a' ? 'b' : 'a')}`);
    const error = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey: forged, project: 'shop', environment: 'prod', ...h.transport, env: {} }).catch((e: unknown) => e);
    expect(isBaxterApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, title: 'Unauthorized', method: 'GET' });
    expect((error as Error).message).toContain('Check that the API key');
    expect((error as Error).message).not.toContain(forged.split('-')[2]);
  });

  it('getOrThrow names the missing key, never a value', async () => {
    const { apiKey } = await setup();
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} });
    clients.push(client);
    expect(client.getOrThrow('STRIPE_KEY')).toBe(SECRET_VALUE);
    const error = (() => {
      try {
        client.getOrThrow('DATABASE_URL');
      } catch (e) {
        return e;
      }
    })();
    expect(isBaxterMissingSecretError(error)).toBe(true);
    expect((error as Error).message).toContain('DATABASE_URL');
    expect((error as Error).message).not.toContain(SECRET_VALUE);
  });

  it('never shows a value in inspect, JSON or String of the client and its snapshots', async () => {
    const { apiKey } = await setup();
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} });
    clients.push(client);
    const outputs = [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client), String(client), inspect(client.snapshot, { depth: 10 }), JSON.stringify(client.snapshot), String(client.snapshot)];
    for (const out of outputs) {
      expect(out).not.toContain(SECRET_VALUE);
      expect(out).not.toContain(apiKey.split('-')[2]);
    }
    expect(outputs[0]).toContain('STRIPE_KEY');
  });

  it('decrypts an end-to-end encrypted answer (the emulator really encrypts)', async () => {
    const { apiKey } = await setup();
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} });
    clients.push(client);
    const secretsCall = h.emulator.requestsTo('envSecrets')[0]!;
    expect(secretsCall.headers['x-e2e-public-key']).toMatch(/^[A-Za-z0-9+/=]{80,}$/);
    expect(client.get('STRIPE_KEY')).toBe(SECRET_VALUE);
  });

  it('reads one provider end-to-end encrypted with a persistent PKCS#8 device key', async () => {
    h = await startEmulator(path);
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', providers: [{ slug: 'aws', secrets: { AWS_TOKEN: 'aws-secret' } }] });
    const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']) as CryptoKeyPair;
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', privateKey)).toString('base64');
    const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, provider: 'aws', ...h.transport, env: { BELLA_BAXTER_PRIVATE_KEY: pem } });
    clients.push(client);
    expect(client.getAll()).toEqual({ AWS_TOKEN: 'aws-secret' });
    expect(h.emulator.requests.map((r) => r.route)).toEqual(['keyContext', 'providerSecrets']);
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', await publicOf(privateKey))).toString('base64');
    expect(h.emulator.requestsTo('providerSecrets')[0]!.headers['x-e2e-public-key']).toBe(spki);
  });

  it('accepts a Bearer access token, and refuses an expired one before sending anything', async () => {
    await setup();
    const token = await h.emulator.createAccessToken({ project: 'shop', environment: 'prod' });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, accessToken: token, project: 'shop', environment: 'prod', ...h.transport, env: {} });
    clients.push(client);
    expect(client.get('PORT')).toBe('8080');
    expect(h.emulator.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);

    const expired = await h.emulator.createAccessToken({ expiresInSeconds: -10 });
    const before = h.emulator.requests.length;
    const error = await createBaxterClient({ baxterUrl: h.baxterUrl, accessToken: expired, project: 'shop', environment: 'prod', ...h.transport, env: {} }).catch((e: unknown) => e);
    expect(isBaxterConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/access token expired/);
    expect(h.emulator.requests.length).toBe(before);
  });
});

describe('an access token that expires while the client runs', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses to send once the token has expired, without retrying, and keeps the old secrets', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await startEmulator('msw');
    h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
    const token = await h.emulator.createAccessToken({ project: 'shop', environment: 'prod', expiresInSeconds: 120 });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, accessToken: token, project: 'shop', environment: 'prod', ...h.transport, env: {}, maxAttempts: 3 });
    const sent = h.emulator.requests.length;
    vi.setSystemTime(Date.now() + 121_000);
    const error = await client.refresh().catch((e: unknown) => e);
    expect(isBaxterConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/access token expired/);
    expect(h.emulator.requests.length).toBe(sent);
    expect(client.get('A')).toBe('1');
    expect(client.status).toMatchObject({ state: 'stale', consecutiveFailures: 1 });
    await client.close();
    await h.close();
  });
});

async function publicOf(privateKey: CryptoKey): Promise<CryptoKey> {
  const { d: _d, key_ops: _o, ...jwk } = await crypto.subtle.exportKey('jwk', privateKey);
  return crypto.subtle.importKey('jwk', jwk, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
}

describe('end-to-end encryption on the wire', () => {
  it('receives the secrets only as an {encrypted: true} envelope, and still reads them', async () => {
    const h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { STRIPE_KEY: SECRET_VALUE } });
    const bodies: string[] = [];
    const recording = async (input: string | URL | Request, init?: RequestInit) => {
      const res = await h.emulator.fetch(input, init);
      if (String(input).endsWith('/secrets')) bodies.push(await res.clone().text());
      return res;
    };
    const client = await createBaxterClient({ baxterUrl: 'http://emulator.localhost', apiKey, env: {}, fetch: recording });
    expect(bodies).toHaveLength(1);
    const envelope = JSON.parse(bodies[0]!) as Record<string, unknown>;
    expect(envelope).toMatchObject({ encrypted: true });
    expect(Object.keys(envelope).sort()).toEqual(['algorithm', 'ciphertext', 'encrypted', 'nonce', 'serverPublicKey', 'tag']);
    expect(Buffer.from(envelope.nonce as string, 'base64')).toHaveLength(12);
    expect(Buffer.from(envelope.tag as string, 'base64')).toHaveLength(16);
    expect(bodies[0]).not.toContain(SECRET_VALUE);
    expect(client.get('STRIPE_KEY')).toBe(SECRET_VALUE);
    await client.close();
    await h.close();
  });
});

describe('configuration errors', () => {
  it('names the option and variable to set when credentials are missing', async () => {
    const error = await createBaxterClient({ env: {} }).catch((e: unknown) => e);
    expect(isBaxterConfigError(error)).toBe(true);
    expect((error as Error).message).toContain('BELLA_BAXTER_API_KEY');
  });

  it('shows only the key id of a malformed API key', async () => {
    const error = await createBaxterClient({ apiKey: 'bax-key42-nothex!!secret', env: {} }).catch((e: unknown) => e);
    expect(isBaxterConfigError(error)).toBe(true);
    expect((error as Error).message).toContain('key42');
    expect((error as Error).message).not.toContain('nothex!!secret');
  });

  it('names BELLA_BAXTER_PROJECT when the project is unknown and an access token cannot ask /keys/me', async () => {
    const error = await createBaxterClient({ accessToken: 'opaque-token', baxterUrl: 'http://127.0.0.1:9', env: {} }).catch((e: unknown) => e);
    expect(isBaxterConfigError(error)).toBe(true);
    expect((error as Error).message).toContain('BELLA_BAXTER_PROJECT');
  });
});

describe('client lifecycle helpers', () => {
  it('applyToProcessEnv copies secrets, keeps existing variables unless override, and reports what it wrote', async () => {
    const h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1', B: '2' } });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} });
    const env: Record<string, string | undefined> = { B: 'local' };
    expect(client.applyToProcessEnv({ env })).toEqual(['A']);
    expect(env).toEqual({ A: '1', B: 'local' });
    expect(client.applyToProcessEnv({ env, override: true }).sort()).toEqual(['A', 'B']);
    expect(env).toEqual({ A: '1', B: '2' });
    await client.close();
    await h.close();
  });

  it('await using closes the client at the end of the scope; a closed client refuses refresh() and keeps serving reads', async () => {
    const h = await startEmulator('loopback');
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
    let escaped: BaxterClient | undefined;
    {
      await using client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} });
      escaped = client;
    }
    await expect(escaped!.refresh()).rejects.toThrow(/after close\(\)/);
    expect(escaped!.get('A')).toBe('1');
    await h.close();
  });

  it('refresh({ signal }) with an already aborted signal starts no check (a failing one would reject unhandled)', async () => {
    const h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {}, maxAttempts: 1 });
    h.emulator.injectFault({ status: 503 });
    const sent = h.emulator.requests.length;
    const early = await client.refresh({ signal: AbortSignal.abort(new Error('already gone')) }).catch((e: unknown) => e);
    expect(isBaxterAbortError(early)).toBe(true);
    expect(((early as Error).cause as Error).message).toBe('already gone');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.emulator.requests.length).toBe(sent);
    expect(client.status).toMatchObject({ state: 'fresh', consecutiveFailures: 0 });
    await client.close();
    await h.close();
  });

  it('close() during a check rejects the pending refresh() with a BaxterError', async () => {
    const h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} });
    h.emulator.setSecret({ project: 'shop', environment: 'prod', key: 'A', value: '2' });
    h.emulator.injectFault({ route: 'envSecrets', latencyMs: 30_000 });
    const pending = client.refresh().catch((e: unknown) => e);
    await h.emulator.nextRequest('envSecretsHash'); // the full set is on its way (slowly)
    await client.close();
    const error = await pending;
    expect(isBaxterError(error)).toBe(true);
    expect(isBaxterClosedError(error)).toBe(true);
    expect((error as Error).message).toMatch(/closed while it was in flight/);
    expect(client.status.state).toBe('closed');
    expect(client.get('A')).toBe('1');
    await h.close();
  });

  it("refresh({ signal }) stops the caller's wait without cancelling the shared check", async () => {
    const h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} });
    h.emulator.setSecret({ project: 'shop', environment: 'prod', key: 'A', value: '2' });
    const controller = new AbortController();
    const impatient = client.refresh({ signal: controller.signal });
    const patient = client.refresh();
    controller.abort(new Error('gave up'));
    const gaveUp = await impatient.catch((e: unknown) => e);
    expect(isBaxterAbortError(gaveUp)).toBe(true);
    expect(((gaveUp as Error).cause as Error).message).toBe('gave up');
    await expect(patient).resolves.toBe(true);
    expect(client.get('A')).toBe('2');
    await client.close();
    await h.close();
  });
});

describe('a schema whose transform throws', () => {
  it('never lets the exception (which quotes the value) reach the error, on the first load or a refresh', async () => {
    const h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { CFG: '{"a":1}' } });
    const schema = z.object({ CFG: z.string().transform((s) => JSON.parse(s) as unknown) });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {}, schema });
    expect(client.config.CFG).toEqual({ a: 1 });

    const errors: unknown[] = [];
    client.on('error', ({ error }) => void errors.push(error));
    h.emulator.setSecret({ project: 'shop', environment: 'prod', key: 'CFG', value: SECRET_VALUE });
    const refreshError = await client.refresh().catch((e: unknown) => e);
    const loadError = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {}, schema }).catch((e: unknown) => e);
    for (const error of [refreshError, errors[0], loadError]) {
      expect(isBaxterValidationError(error)).toBe(true);
      expect((error as Error).message).toMatch(/schema threw \(SyntaxError\)/);
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET_VALUE);
    }
    expect(client.config.CFG).toEqual({ a: 1 });
    await client.close();
    await h.close();
  });
});
