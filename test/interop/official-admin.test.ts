import { createBaxterClient as createOfficialClient } from 'bella-official';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInterop, type InteropHarness } from './official-sdk.js';

const P = 'shop';
const E = 'prod';

describe("the official SDK's kiota admin client against our emulator", () => {
  let h: InteropHarness;
  let apiKey: string;
  beforeEach(async () => {
    h = await startInterop();
    ({ apiKey } = h.emulator.addEnvironment({
      project: P,
      environment: E,
      providers: [
        { slug: 'vault', name: 'Vault', type: 'BellaVault', secrets: { STRIPE_API_KEY: 'sk_live_1', SESSION_SECRET: 's1' } },
        { slug: 'postgres', name: 'Postgres', type: 'VaultDatabase', roles: ['readonly', 'app'] },
      ],
    }));
  });
  afterEach(async () => {
    await h.close();
  });

  async function admin() {
    const official = await createOfficialClient({ baxterUrl: h.server.url, apiKey });
    return official.client.api.v1.projects.byId(P).environments.byEnvSlug(E);
  }

  it('lists providers and reads a provider hash', async () => {
    const env = await admin();
    const providers = await env.providers.get();
    expect(providers?.map((p) => [p.providerSlug, p.providerName, p.providerType])).toEqual([
      ['vault', 'Vault', 'BellaVault'],
      ['postgres', 'Postgres', 'VaultDatabase'],
    ]);
    const hash = await env.providers.byProviderSlug('vault').secrets.hash.get();
    expect(hash?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash?.secretCount).toBe(2);
    expect(hash?.computedAt).toBeInstanceOf(Date);
  });

  it('reads secret versions; a project outside the key\'s scope is a 404, as on the real server', async () => {
    const env = await admin();
    h.emulator.setSecret({ project: P, environment: E, provider: 'vault', key: 'SESSION_SECRET', value: 's2' });
    const versions = await env.providers.byProviderSlug('vault').secrets.byKey('SESSION_SECRET').versions.get();
    expect(versions?.currentVersion).toBe(2);
    expect(versions?.versions?.map((v) => [v.version, v.isCurrent])).toEqual(expect.arrayContaining([[1, false], [2, true]]));
    h.emulator.addEnvironment({ project: 'other', environment: E });
    const official = await createOfficialClient({ baxterUrl: h.server.url, apiKey });
    await expect(official.getAllSecrets('other', E)).rejects.toThrow(/Bella API error 404/);
  });

  it('lists credential roles and generates credentials', async () => {
    const postgres = (await admin()).providers.byProviderSlug('postgres');
    expect(await postgres.credentials.roles.get()).toEqual(['readonly', 'app']);
    const creds = await postgres.credentials.generate.post({ role: 'app', ttlSeconds: 600 });
    expect(creds).toMatchObject({ leaseDurationSeconds: 600 });
    expect(creds?.username).toEqual(expect.any(String));
    expect(creds?.password).toEqual(expect.any(String));
    expect(creds?.expiresAt).toBeInstanceOf(Date);
    expect(h.emulator.checkCredentials(creds!.username!, creds!.password!)).toBe('valid');
  });

  it('PUTs a rotation policy, rotates the secret and rotates the signing secret', async () => {
    const secret = (await admin()).providers.byProviderSlug('vault').secrets.byKey('SESSION_SECRET');
    const put = await secret.rotationPolicy.put({ enabled: true, intervalDays: 30, strategy: 'GenerateRandom', randomFormat: 'hex32' });
    expect(put?.success).toBe(true);
    const rotated = await secret.rotate.post();
    expect(rotated?.success).toBe(true);
    await h.emulator.rotationsIdle();
    expect(h.emulator.rotationLog.map((e) => e.event)).toEqual(['rotation-started', 'rotated']);

    const webhook = (await admin()).providers.byProviderSlug('vault').secrets.byKey('STRIPE_API_KEY');
    const set = await webhook.rotationPolicy.put({ enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: 'http://127.0.0.1:9/rotate', revokePreviousAfterDays: 1 });
    expect(set?.signingSecret).toMatch(/^whsec-/);
    const next = await webhook.rotationPolicy.rotateSigningSecret.post();
    expect(next?.success).toBe(true);
    expect(next?.newSigningSecret).toMatch(/^whsec-/);
    expect(next?.newSigningSecret).not.toBe(set?.signingSecret);
    expect(next?.newSigningSecretKeyPrefix).toBe(next?.newSigningSecret?.slice(0, 12));
  });
});
