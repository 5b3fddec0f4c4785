import { createBellaConfig, createBaxterClient as createOfficialClient, type SecretChange } from 'bella-official';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startInterop, waitForCall, type InteropHarness } from './official-sdk.js';

describe('the official SDK (bella-official) against our emulator, over a loopback port', () => {
  let h: InteropHarness;
  beforeEach(async () => {
    h = await startInterop();
    // createBellaConfig announces what it loaded on console.info.
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    // A poll still in flight when a test ends and closes the server warns.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await h.close();
  });

  it('createBellaConfig: /keys/me discovery, an E2EE fetch, and a change picked up through onUpdate', async () => {
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { DATABASE_URL: 'postgres://db/shop', API_TOKEN: 't0k3n' } });
    const update = waitForCall<SecretChange[]>();
    const bella = await createBellaConfig({ baxterUrl: h.server.url, apiKey, pollingInterval: 25, onUpdate: update.callback });
    try {
      expect(h.emulator.requestsTo('keyContext')).toHaveLength(1);
      expect(bella.getAll()).toEqual({ DATABASE_URL: 'postgres://db/shop', API_TOKEN: 't0k3n' });
      // The read was end-to-end encrypted: the SDK offered its key and decrypted our answer.
      const read = h.emulator.requestsTo('envSecrets')[0]!;
      expect(read.headers['x-e2e-public-key']).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(read.status).toBe(200);

      h.emulator.setSecret({ project: 'shop', environment: 'prod', key: 'API_TOKEN', value: 'rotated' });
      const changes = await update.called;
      expect(changes).toEqual([{ key: 'API_TOKEN', oldValue: 't0k3n', newValue: 'rotated' }]);
      expect(bella.get('API_TOKEN')).toBe('rotated');
      // It polls the environment-level version marker and fetches the full set only after one saw a change
      // (its setInterval may run two polls at once around the change, so both may fetch).
      const fetchesAfterFirst = h.emulator.requestsTo('envSecrets').length - 1;
      expect(fetchesAfterFirst).toBeGreaterThanOrEqual(1);
      expect(h.emulator.requestsTo('envSecretsVersion').length).toBeGreaterThanOrEqual(fetchesAfterFirst);
    } finally {
      bella.destroy();
    }
  });

  it('createBellaConfig with an access token (Bearer) instead of an API key', async () => {
    h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
    const accessToken = await h.emulator.createAccessToken({ project: 'shop', environment: 'prod' });
    const bella = await createBellaConfig({ baxterUrl: h.server.url, accessToken, projectSlug: 'shop', environmentSlug: 'prod' });
    try {
      expect(bella.getAll()).toEqual({ A: '1' });
      expect(h.emulator.requestsTo('envSecrets')[0]!.headers.authorization).toBe(`Bearer ${accessToken}`);
    } finally {
      bella.destroy();
    }
  });

  it.each([
    ['spaces', 'my shop', 'prod eu'],
    ['a plus sign', 'shop+ops', 'prod+1'],
    ['unicode', 'boutique-é', 'prød-日本'],
  ])('slugs with %s reach the right environment, signed and E2EE', async (_name, project, environment) => {
    const { apiKey } = h.emulator.addEnvironment({ project, environment, secrets: { GREETING: `hello ${environment}` } });
    const client = await createOfficialClient({ baxterUrl: h.server.url, apiKey });
    const all = await client.getAllSecrets(project, environment);
    expect(all.secrets).toEqual({ GREETING: `hello ${environment}` });
    expect(all.environmentSlug).toBe(environment);
    const version = await client.getSecretsVersion(project, environment);
    expect(version.version).toBe(all.version);
    expect(await client.discoverContext()).toMatchObject({ projectSlug: project, environmentSlug: environment });
  });
});

describe('the official low-level client with a persistent PEM device key', () => {
  it('decrypts our E2EE answers with the key from BELLA_BAXTER_PRIVATE_KEY-style PEM', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const h = await startInterop();
    try {
      const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
      const client = await createOfficialClient({ baxterUrl: h.server.url, apiKey, privateKey: pem });
      expect((await client.getAllSecrets('shop', 'prod')).secrets).toEqual({ A: '1' });
      // The same public key on every request: the persistent one, not a fresh pair.
      const keys = new Set(h.emulator.requestsTo('envSecrets').map((r) => r.headers['x-e2e-public-key']));
      await client.getAllSecrets('shop', 'prod');
      expect(new Set(h.emulator.requestsTo('envSecrets').map((r) => r.headers['x-e2e-public-key']))).toEqual(keys);
    } finally {
      await h.close();
    }
  });
});

describe('the official low-level client with a registered device key', () => {
  it('hands the wrapped data key and its lease to onWrappedDekReceived; an unregistered key gets none', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const registered = pair();
    const h = await startInterop({ now: Date.parse('2026-03-17T17:00:00Z') });
    try {
      const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
      h.emulator.registerDeviceKey({ publicKey: registered.publicKey.export({ type: 'spki', format: 'pem' }).toString(), leaseSeconds: 600 });
      const calls: Array<[string, string, string, Date | undefined]> = [];
      const onWrappedDekReceived = (p: string, e: string, dek: string, lease?: Date) => void calls.push([p, e, dek, lease]);
      const pem = registered.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const client = await createOfficialClient({ baxterUrl: h.server.url, apiKey, privateKey: pem, onWrappedDekReceived });
      expect((await client.getAllSecrets('shop', 'prod')).secrets).toEqual({ A: '1' });
      expect(calls).toHaveLength(1);
      const [project, environment, wrappedDek, leaseExpires] = calls[0]!;
      expect([project, environment]).toEqual(['shop', 'prod']);
      // base64 of a JSON ECIES envelope with PascalCase fields.
      const envelope = JSON.parse(Buffer.from(wrappedDek, 'base64').toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(envelope).every((k) => /^[A-Z]/.test(k))).toBe(true);
      expect(leaseExpires).toEqual(new Date(Date.parse('2026-03-17T17:00:00Z') + 600_000));

      const other = await createOfficialClient({
        baxterUrl: h.server.url,
        apiKey,
        privateKey: pair().privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        onWrappedDekReceived,
      });
      expect((await other.getAllSecrets('shop', 'prod')).secrets).toEqual({ A: '1' });
      expect(calls).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
