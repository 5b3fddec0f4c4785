import { createBaxterClient as createOfficialClient } from 'bella-official';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInterop, type InteropHarness } from './official-sdk.js';

describe("the official kiota client reads our emulator's rotation policy (RotationPolicyInfo)", () => {
  let h: InteropHarness;
  beforeEach(async () => {
    h = await startInterop();
  });
  afterEach(async () => {
    await h.close();
  });

  it('GET .../rotation-policy: rotationStatus and isOverdue present, no secret field', async () => {
    const { apiKey } = h.emulator.addEnvironment({ project: 'shop', environment: 'prod', providers: [{ slug: 'vault', secrets: { STRIPE_API_KEY: 'sk_0' } }] });
    const official = await createOfficialClient({ baxterUrl: h.server.url, apiKey });
    const policy = official.client.api.v1.projects.byId('shop').environments.byEnvSlug('prod').providers.byProviderSlug('vault').secrets.byKey('STRIPE_API_KEY').rotationPolicy;
    await policy.put({ enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: 'http://127.0.0.1:9/rotate', apiKeyHeader: 'X-Api-Key', apiKey: 'fn-key' });
    const info = await policy.get();
    expect(info).toMatchObject({ enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: 'http://127.0.0.1:9/rotate', apiKeyHeader: 'X-Api-Key', rotationStatus: 'Idle', isOverdue: false });
    expect(info?.signingSecretKeyPrefix).toMatch(/^whsec-/);
    expect(info?.nextRotationAt).toBeInstanceOf(Date);
    // The raw answer carries no secret field, not even masked.
    const raw = await fetch(`${h.server.url}/api/v1/projects/shop/environments/prod/providers/vault/secrets/STRIPE_API_KEY/rotation-policy`, {
      headers: { authorization: `Bearer ${await h.emulator.createAccessToken({ project: 'shop', environment: 'prod' })}` },
    });
    const body = (await raw.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('signingSecret');
    expect(body).not.toHaveProperty('apiKey');
  });
});
