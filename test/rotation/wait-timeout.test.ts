import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient } from '../../src/index.js';
import { startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };

describe('waitForRotation({ timeoutMs })', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it('clamps a timeout past 2^31-1 ms instead of giving up after 1 ms', async () => {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, providers: [{ slug: 'vault', secrets: { SESSION_SECRET: 'old' } }] });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    await client.rotation.setPolicy({ provider: 'vault', key: 'SESSION_SECRET', policy: { strategy: 'GenerateRandom', randomFormat: 'hex32', intervalDays: 30 } });
    await client.rotation.rotate({ provider: 'vault', key: 'SESSION_SECRET' });
    await h.emulator.rotationsIdle();
    // The read-back takes 30 ms: a deadline fired after 1 ms would cut it short.
    h.emulator.injectFault({ route: 'rotationPolicy', method: 'GET', latencyMs: 30, times: 1 });
    const policy = await client.rotation.waitForRotation({ provider: 'vault', key: 'SESSION_SECRET', timeoutMs: 2 ** 31 + 1_000_000 });
    expect(policy.status).toBe('Idle');
    await client.close();
  });
});
