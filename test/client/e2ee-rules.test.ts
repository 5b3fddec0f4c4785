import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createBaxterClient,
  isBaxterConfigError,
  isBaxterE2eeDowngradeError,
  isBaxterEncryptedValueError,
  type BaxterClient,
  type FetchLike,
} from '../../src/index.js';
import { createBaxterEmulator, type BaxterEmulator } from '../../src/testing.js';

const URL_ = 'http://emulator.localhost';

async function deviceKey() {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey)).toString('base64');
  const spki = Buffer.from(await crypto.subtle.exportKey('spki', pair.publicKey)).toString('base64');
  const lines = pkcs8.match(/.{1,64}/g)!;
  return {
    spki,
    bare: pkcs8,
    pem: `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`,
    // As a .env file or a CI secret often holds it: one line, literal backslash-n.
    escapedPem: `-----BEGIN PRIVATE KEY-----\\n${lines.join('\\n')}\\n-----END PRIVATE KEY-----\\n`,
  };
}

/** A proxy in front of the emulator that drops the E2EE header (so the server answers plain). */
const strippingProxy =
  (emulator: BaxterEmulator): FetchLike =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.delete('x-e2e-public-key');
    return emulator.fetch(input as string, { ...init, headers });
  };

describe('end-to-end encryption rules (wire contract §4)', () => {
  let emulator: BaxterEmulator;
  const clients: BaxterClient<unknown>[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await emulator?.close();
  });

  function seed(secrets: Record<string, string> = { STRIPE_KEY: 'sk_live_x' }, providers?: Array<{ slug: string; secrets: Record<string, string> }>) {
    emulator = createBaxterEmulator();
    return emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets, ...(providers ? { providers } : {}) }).apiKey;
  }

  const open = async (options: Parameters<typeof createBaxterClient>[0]) => {
    const client = await createBaxterClient({ baxterUrl: URL_, project: 'shop', environment: 'prod', fetch: emulator.fetch, env: {}, ...options });
    clients.push(client);
    return client;
  };

  it.each(['pem', 'bare', 'escapedPem'] as const)('accepts the device key as %s and sends its public key', async (form) => {
    const apiKey = seed();
    const key = await deviceKey();
    const client = await open({ apiKey, env: { BELLA_BAXTER_PRIVATE_KEY: key[form] } });
    expect(client.get('STRIPE_KEY')).toBe('sk_live_x');
    expect(emulator.requestsTo('envSecrets')[0]!.headers['x-e2e-public-key']).toBe(key.spki);
  });

  it('refuses a key that is not PKCS#8 P-256 with BaxterConfigError, without echoing it and before any request', async () => {
    const apiKey = seed();
    for (const bad of ['not a key', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----', Buffer.from('x'.repeat(40)).toString('base64')]) {
      const error = await open({ apiKey, privateKey: bad }).catch((e: unknown) => e);
      expect(isBaxterConfigError(error)).toBe(true);
      expect((error as Error).message).toMatch(/PKCS#8/);
      expect((error as Error).message).not.toContain(bad);
    }
    expect(emulator.requests).toHaveLength(0);
  });

  it('refuses a PKCS#8 key on another curve (P-384) with the same BaxterConfigError', async () => {
    const apiKey = seed();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const error = await open({ apiKey, privateKey: p384 }).catch((e: unknown) => e);
    expect(isBaxterConfigError(error)).toBe(true);
    expect(error).toMatchObject({ option: 'privateKey' });
    expect(emulator.requests).toHaveLength(0);
  });

  it('opens answers the same way where node:crypto is missing (Web Crypto): ephemeral and device keys', async () => {
    const apiKey = seed();
    const key = await deviceKey();
    vi.resetModules();
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    try {
      const web = await import('../../src/index.js');
      for (const privateKey of [undefined, key.pem]) {
        const client = await web.createBaxterClient({ baxterUrl: URL_, apiKey, project: 'shop', environment: 'prod', fetch: emulator.fetch, env: {}, ...(privateKey ? { privateKey } : {}) });
        clients.push(client);
        expect(client.get('STRIPE_KEY')).toBe('sk_live_x');
      }
      expect(emulator.requestsTo('envSecrets')[1]!.headers['x-e2e-public-key']).toBe(key.spki);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('hands X-Bella-Wrapped-Dek and X-Bella-Lease-Expires to onWrappedDekReceived for a registered device key', async () => {
    const apiKey = seed();
    const key = await deviceKey();
    emulator.registerDeviceKey({ publicKey: key.spki, leaseSeconds: 600 });
    const calls: unknown[][] = [];
    const before = Date.now();
    await open({ apiKey, privateKey: key.pem, onWrappedDekReceived: (...args) => calls.push(args) });
    expect(calls).toHaveLength(1);
    const [project, environment, wrappedDek, leaseExpires] = calls[0]!;
    expect([project, environment]).toEqual(['shop', 'prod']);
    expect(wrappedDek).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(leaseExpires).toBeInstanceOf(Date);
    expect((leaseExpires as Date).getTime()).toBeGreaterThanOrEqual(before + 599_000);
  });

  it('does not call onWrappedDekReceived for an ephemeral key, and a throwing listener does not stop secrets from loading', async () => {
    const apiKey = seed();
    const key = await deviceKey();
    let called = 0;
    await open({ apiKey, onWrappedDekReceived: () => called++ });
    expect(called).toBe(0);
    emulator.registerDeviceKey({ publicKey: key.spki });
    const client = await open({ apiKey, privateKey: key.bare, onWrappedDekReceived: () => { called++; throw new Error('listener bug'); } });
    expect(called).toBe(1);
    expect(client.get('STRIPE_KEY')).toBe('sk_live_x');
  });

  it('refuses a plain answer to an E2EE secrets read (a proxy stripped the encryption), with a typed error', async () => {
    const apiKey = seed();
    const error = await open({ apiKey, fetch: strippingProxy(emulator) }).catch((e: unknown) => e);
    expect(isBaxterE2eeDowngradeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BAXTER_E2EE_DOWNGRADE', status: 200, path: '/api/v1/projects/shop/environments/prod/secrets' });
    expect((error as Error).message).toMatch(/proxy or a misconfigured server stripped the encryption/);
    expect((error as Error).message).not.toContain('sk_live_x');
    expect(emulator.requests.map((r) => [r.route, r.status])).toEqual([['envSecrets', 200]]);
  });

  it('refuses a plain provider secrets answer the same way', async () => {
    const apiKey = seed({}, [{ slug: 'aws', secrets: { AWS_TOKEN: 'aws-secret' } }]);
    const cachingProxy: FetchLike = async (input, init) =>
      String(input).endsWith('/providers/aws/secrets')
        ? new Response(JSON.stringify([{ key: 'AWS_TOKEN', value: 'aws-secret' }]), { headers: { 'content-type': 'application/json' } })
        : emulator.fetch(input as string, init);
    const error = await open({ apiKey, provider: 'aws', fetch: cachingProxy }).catch((e: unknown) => e);
    expect(isBaxterE2eeDowngradeError(error)).toBe(true);
    expect((error as Error).message).not.toContain('aws-secret');
  });

  it('with e2ee: false, a plain answer is what was asked for', async () => {
    const apiKey = seed();
    const client = await open({ apiKey, e2ee: false, fetch: strippingProxy(emulator) });
    expect(client.get('STRIPE_KEY')).toBe('sk_live_x');
  });

  it.each(['bellabaxter:v1:', 'bellabaxter:v2:'])('refuses a value starting %s with an error naming the key, never the value', async (prefix) => {
    const value = `${prefix}QUJDREVGR0hJSktMTU5PUA==`;
    const apiKey = seed({ PORT: '8080', DB_PASSWORD: value });
    const error = await open({ apiKey }).catch((e: unknown) => e);
    expect(isBaxterEncryptedValueError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BAXTER_ENCRYPTED_VALUE', key: 'DB_PASSWORD' });
    expect((error as Error).message).toContain('"DB_PASSWORD"');
    expect((error as Error).message).not.toContain('QUJDREVGR0hJSktMTU5PUA');
    expect(JSON.stringify(error)).not.toContain('QUJDREVGR0hJSktMTU5PUA');
  });

  it('refuses an encrypted value on a provider read, and keeps serving the last good secrets when one appears later', async () => {
    const apiKey = seed({ PORT: '8080' }, [{ slug: 'aws', secrets: { AWS_TOKEN: 'ok' } }]);
    const client = await open({ apiKey, provider: 'aws' });
    emulator.setSecret({ project: 'shop', environment: 'prod', provider: 'aws', key: 'AWS_TOKEN', value: 'bellabaxter:v2:zzzz' });
    const error = await client.refresh().catch((e: unknown) => e);
    expect(isBaxterEncryptedValueError(error)).toBe(true);
    expect(client.get('AWS_TOKEN')).toBe('ok');
  });
});
