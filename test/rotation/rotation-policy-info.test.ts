import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient, rotationStatus, type BaxterClient } from '../../src/index.js';
import { json } from '../../src/testing/problem.js';
import { createBaxterEmulator, type BaxterEmulator } from '../../src/testing.js';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/rotation-policy-info.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
const SECRET = { provider: 'vault', key: 'STRIPE_API_KEY' };
const NOW = new Date('2026-03-17T17:00:00Z');

/** The reverse interop: our client reads the real server's RotationPolicyInfo shape. */
describe('client.rotation.getPolicy parses the real RotationPolicyInfo', () => {
  let emulator: BaxterEmulator;
  let client: BaxterClient<unknown>;
  afterEach(async () => {
    await client?.close();
    await emulator?.close();
  });

  async function answering(body: Record<string, unknown>) {
    emulator = createBaxterEmulator();
    const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'prod', providers: [{ slug: 'vault', secrets: { STRIPE_API_KEY: 'sk' } }] });
    emulator.use({ rotationPolicy: { GET: () => json(body) } });
    client = await createBaxterClient({ baxterUrl: 'http://emulator.localhost', apiKey, project: 'shop', environment: 'prod', fetch: emulator.fetch, env: {} });
    return client.rotation.getPolicy(SECRET);
  }

  it('a full answer: every field, dates as Date, the badge from rotationStatus', async () => {
    const policy = await answering(fixtures.full!);
    expect({ ...policy }).toEqual({
      enabled: true,
      intervalDays: 90,
      strategy: 'HttpWebhook',
      endpoint: 'https://rotate.example.com/stripe?code=fn-key',
      apiKeyHeader: 'x-functions-key',
      randomFormat: null,
      revokePreviousAfterDays: 7,
      signingSecretKeyPrefix: 'whsec-3f9a1c',
      lastRotatedAt: new Date('2026-03-01T09:30:00Z'),
      nextRotationAt: new Date('2026-05-30T09:30:00Z'),
      rotationStatus: 'PendingRevocation',
      isOverdue: false,
      status: 'PendingRevocation',
      lastError: null,
      lastErrorAt: null,
      revocationDueAt: null,
    });
    expect(rotationStatus(policy, NOW)).toMatchObject({ status: 'pending-revocation' });
    // Logging masks the endpoint's query (an Azure Functions ?code= is a key).
    expect(JSON.stringify(policy)).not.toContain('fn-key');
  });

  it('every field null: parsed, nothing invented, badge up to date', async () => {
    const policy = await answering(fixtures.allNull!);
    expect(policy).toMatchObject({ enabled: null, intervalDays: null, strategy: null, rotationStatus: null, isOverdue: null, status: 'Idle', lastRotatedAt: null, nextRotationAt: null });
    expect(rotationStatus(policy, NOW)).toMatchObject({ status: 'up-to-date' });
  });

  it('a newer server: unknown status and strategy kept as sent, unknown fields ignored, isOverdue decides', async () => {
    const policy = await answering(fixtures.newerServer!);
    expect(policy).toMatchObject({ strategy: 'AwsSecretsManagerNative', rotationStatus: 'Queued', isOverdue: true });
    expect(policy).not.toHaveProperty('rotatorDefinitionId');
    expect(rotationStatus(policy, NOW)).toMatchObject({ status: 'overdue' });
  });

  it('an empty object is a policy with nothing known (all fields are optional on the wire)', async () => {
    const policy = await answering({});
    expect(policy).toMatchObject({ rotationStatus: null, status: 'Idle' });
  });

  it('a wrong type is still refused, naming the field and not the value', async () => {
    const error = await answering({ ...fixtures.full!, isOverdue: 'yes-secret-ish' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'BaxterResponseError' });
    expect((error as Error).message).toContain('isOverdue');
    expect((error as Error).message).not.toContain('yes-secret-ish');
  });
});
