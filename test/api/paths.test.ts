import { afterEach, describe, expect, it } from 'vitest';
import { paths } from '../../src/api/paths.js';
import { createBaxterClient, isBaxterConfigError, isBaxterResponseError, isBaxterValidationError } from '../../src/index.js';
import { startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };

describe('path segments the api layer builds', () => {
  it.each(['', '.', '..'])('refuses %j as a segment instead of letting URL parsing drop or climb it', (bad) => {
    for (const build of [
      () => paths.envSecretsHash({ project: bad, environment: 'prod' }),
      () => paths.envSecretsHash({ project: 'shop', environment: bad }),
      () => paths.providerSecrets({ ...REF, provider: bad }),
      () => paths.rotationPolicy({ ...REF, provider: 'vault', key: bad }),
    ]) {
      expect(build).toThrow(/path segment|must not be empty/);
    }
  });

  it.each(['%2e', '%2e%2e', '/', 'a/../b', '?x=1', '#frag', 'a\r\nb', '...', ' .. '])('keeps %j as exactly one segment', (odd) => {
    const path = paths.rotationPolicy({ ...REF, provider: 'vault', key: odd });
    const url = new URL(`http://h${path}`);
    const segments = url.pathname.split('/');
    expect(segments).toHaveLength(12);
    expect(decodeURIComponent(segments[10]!)).toBe(odd);
    expect(url.search).toBe('');
    expect(url.hash).toBe('');
  });
});

describe('path traversal through the public API', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it("refuses project '..' (which sent a signed GET /api/v1/environments/prod/secrets/hash) before any request", async () => {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    for (const options of [{ project: '..' }, { environment: '.' }, { provider: '..' }]) {
      const error = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...options, ...h.transport, env: {} }).catch((e: unknown) => e);
      expect(isBaxterConfigError(error)).toBe(true);
      expect((error as { option: string }).option).toBe(Object.keys(options)[0]);
    }
    const env = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: { BELLA_BAXTER_PROJECT: '..', BELLA_BAXTER_ENV: 'prod' } }).catch((e: unknown) => e);
    expect(isBaxterConfigError(env)).toBe(true);
    expect(h.emulator.requests).toHaveLength(0);
  });

  it("refuses key '..' in rotation.setPolicy (which hit .../providers/vault/rotation-policy), sending nothing", async () => {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    const sent = h.emulator.requests.length;
    const policy = { strategy: 'GenerateRandom', randomFormat: 'uuid', intervalDays: 7 } as const;
    for (const call of [
      () => client.rotation.setPolicy({ provider: 'vault', key: '..', policy }),
      () => client.rotation.getPolicy({ provider: '..', key: 'K' }),
      () => client.rotation.rotate({ provider: 'vault', key: '.' }),
      () => client.credentials.listRoles({ provider: '..' }),
      () => client.credentials.generate({ provider: '.' }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(isBaxterValidationError(error)).toBe(true);
    }
    expect(h.emulator.requests.length).toBe(sent);
    await client.close();
  });

  it("treats a /keys/me answer with projectSlug '..' as a response error and sends nothing with it", async () => {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    h.emulator.injectFault({ route: 'keyContext', answerJson: { keyId: 'k', role: 'Reader', projectSlug: '..', environmentSlug: 'prod' } });
    const error = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...h.transport, env: {} }).catch((e: unknown) => e);
    expect(isBaxterResponseError(error)).toBe(true);
    expect((error as Error).message).toContain('projectSlug');
    expect(h.emulator.requests.map((r) => r.route)).toEqual(['keyContext']);
  });
});
