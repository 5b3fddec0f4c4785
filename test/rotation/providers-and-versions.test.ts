import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient, isBaxterApiError, isBaxterUnsupportedError, type BaxterClient } from '../../src/index.js';
import { PATHS, startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };

describe.each(PATHS)('providers and secret versions over %s', (path) => {
  let h: EmulatorHarness;
  let client: BaxterClient<unknown> | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await h?.close();
  });

  async function setup() {
    h = await startEmulator(path, { now: Date.parse('2026-03-17T17:00:00Z') });
    const { apiKey } = h.emulator.addEnvironment({
      ...REF,
      providers: [
        { slug: 'vault', name: 'Team vault', secrets: { STRIPE_KEY: 'sk_1' } },
        { slug: 'pg-prod', type: 'VaultDatabase', roles: ['app'] },
      ],
    });
    client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    h.emulator.requests.length = 0;
    return client;
  }

  it('listProviders() answers the environment\'s providers, typed as EnvironmentProviderResponse', async () => {
    const c = await setup();
    const providers = await c.listProviders();
    expect(providers).toEqual([
      { id: 'assign-vault', providerId: 'provider-vault', providerSlug: 'vault', providerName: 'Team vault', providerDescription: null, providerType: 'BellaVault', region: null, assignedAt: '2026-03-17T17:00:00.000Z' },
      expect.objectContaining({ providerSlug: 'pg-prod', providerType: 'VaultDatabase' }),
    ]);
    expect(h.emulator.requests.map((r) => [r.method, r.route])).toEqual([['GET', 'providers']]);
  });

  it('listProviders() after close() fails at once with BaxterClosedError, sending nothing', async () => {
    const c = await setup();
    await c.close();
    await expect(c.listProviders()).rejects.toMatchObject({ name: 'BaxterClosedError' });
    expect(h.emulator.requestsTo('providers')).toHaveLength(0);
  });

  it('rotation.versions() lists versions; a rotation moves currentVersion up', async () => {
    const c = await setup();
    const before = await c.rotation.versions({ provider: 'vault', key: 'STRIPE_KEY' });
    expect(before).toMatchObject({ currentVersion: 1, oldestVersion: 1, versions: [{ version: 1, isCurrent: true, deletedAt: null, isDestroyed: false }] });
    expect(before.versions[0]!.createdAt).toEqual(new Date('2026-03-17T17:00:00Z'));
    h.emulator.setSecret({ ...REF, provider: 'vault', key: 'STRIPE_KEY', value: 'sk_2' });
    expect((await c.rotation.versions({ provider: 'vault', key: 'STRIPE_KEY' })).currentVersion).toBe(2);
  });

  it('rotation.versions() on a provider without versioning (501) is a BaxterUnsupportedError', async () => {
    const c = await setup();
    const error = await c.rotation.versions({ provider: 'pg-prod', key: 'X' }).catch((e: unknown) => e);
    expect(isBaxterUnsupportedError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BAXTER_UNSUPPORTED', status: 501 });
    expect((error as Error).message).toContain('pg-prod');
    // 501 is an answer, not passing trouble: asked once, never retried.
    expect(h.emulator.requestsTo('secretVersions')).toHaveLength(1);
  });

  it('a 404 for an unknown provider in rotation and credentials calls lists the environment\'s providers', async () => {
    const c = await setup();
    for (const call of [
      () => c.rotation.getPolicy({ provider: 'vualt', key: 'STRIPE_KEY' }),
      () => c.rotation.rotate({ provider: 'vualt', key: 'STRIPE_KEY' }),
      () => c.rotation.versions({ provider: 'vualt', key: 'STRIPE_KEY' }),
      () => c.credentials.generate({ provider: 'pg-staging' }),
      () => c.credentials.listRoles({ provider: 'pg-staging' }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(isBaxterApiError(error)).toBe(true);
      expect(error).toMatchObject({ status: 404, code: 'BAXTER_NOT_FOUND', title: 'Provider not found' });
      expect((error as Error).message).toMatch(/No provider "(vualt|pg-staging)" in environment "prod" of project "shop"\. It has: vault, pg-prod\./);
    }
  });

  it('a 404 about something else (an unknown key, a missing policy) is left as the server said it', async () => {
    const c = await setup();
    await expect(c.rotation.getPolicy({ provider: 'vault', key: 'NOPE' })).rejects.toMatchObject({ status: 404, title: 'Secret not found' });
    await expect(c.rotation.getPolicy({ provider: 'vault', key: 'STRIPE_KEY' })).rejects.toMatchObject({ status: 404, title: 'Rotation policy not found' });
    // The provider list was asked (to rule the provider out), and the original 404 stood.
    expect(h.emulator.requestsTo('providers')).toHaveLength(2);
  });
});
