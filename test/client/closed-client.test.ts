import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBaxterClient, createBaxterManagementClient, isBaxterAbortError, isBaxterClosedError, isBaxterError } from '../../src/index.js';
import { startEmulator, type EmulatorHarness } from '../support/emulator-paths.js';

const REF = { project: 'shop', environment: 'prod' };

describe('a closed client', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  async function closedClient() {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {}, refreshInterval: 60 });
    await client.close();
    return client;
  }

  it('fails every server call at once with BaxterClosedError (was "closed while this request was in flight"), sending nothing', async () => {
    const client = await closedClient();
    const sent = h.emulator.requests.length;
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['refresh()', () => client.refresh()],
      ['listProviders()', () => client.listProviders()],
      ['rotation.versions()', () => client.rotation.versions({ provider: 'vault', key: 'K' })],
      ['credentials.generate()', () => client.credentials.generate({ provider: 'postgres' })],
      ['credentials.listRoles()', () => client.credentials.listRoles({ provider: 'postgres' })],
      ['credentials.lease()', () => client.credentials.lease({ provider: 'postgres' })],
      ['rotation.getPolicy()', () => client.rotation.getPolicy({ provider: 'vault', key: 'K' })],
      ['rotation.rotate()', () => client.rotation.rotate({ provider: 'vault', key: 'K' })],
      ['rotation.waitForRotation()', () => client.rotation.waitForRotation({ provider: 'vault', key: 'K' })],
      ['rotation.rotateSigningSecret()', () => client.rotation.rotateSigningSecret({ provider: 'vault', key: 'K' })],
    ];
    for (const [name, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(isBaxterClosedError(error), name).toBe(true);
      expect(error).toMatchObject({ code: 'BAXTER_CLIENT_CLOSED' });
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).toMatch(/after close\(\)/);
    }
    expect(h.emulator.requests.length).toBe(sent);
  });

  it('a closed management client fails at once too, sending nothing', async () => {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    const management = await createBaxterManagementClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    await management.close();
    const sent = h.emulator.requests.length;
    for (const call of [() => management.listProviders(), () => management.rotation.rotate({ provider: 'vault', key: 'K' }), () => management.credentials.listRoles({ provider: 'p' })]) {
      expect(isBaxterClosedError(await call().catch((e: unknown) => e))).toBe(true);
    }
    expect(h.emulator.requests.length).toBe(sent);
  });

  it('refuses on() instead of registering a listener that never runs', async () => {
    const client = await closedClient();
    expect(() => client.on('change', () => undefined)).toThrow(/after close\(\)/);
  });

  it("says so: status.state is 'closed', closed is true, reads still serve the last snapshot", async () => {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    expect(client.closed).toBe(false);
    expect(client.status.state).toBe('fresh');
    await client.close();
    expect(client.closed).toBe(true);
    expect(client.status.state).toBe('closed');
    expect(String(client)).toContain('closed');
    expect(client.get('A')).toBe('1');
  });
});

describe('aborts', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it('signal: AbortSignal.timeout() rejects with a BaxterAbortError (was a bare DOMException), the reason as cause', async () => {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    h.emulator.injectFault({ route: 'envSecretsHash', hang: true });
    for (const call of [
      () => client.refresh({ signal: AbortSignal.timeout(20) }),
      () => client.rotation.getPolicy({ provider: 'vault', key: 'K', signal: AbortSignal.timeout(20) }),
    ]) {
      h.emulator.injectFault({ route: 'rotationPolicy', hang: true });
      const error = await call().catch((e: unknown) => e);
      expect(isBaxterError(error)).toBe(true);
      expect(isBaxterAbortError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'BAXTER_ABORTED' });
      expect((error as Error).cause).toBeInstanceOf(DOMException);
      expect(((error as Error).cause as DOMException).name).toBe('TimeoutError');
    }
    await client.close();
  });
});

describe('signals are linked by hand, not with AbortSignal.any (nodejs/node#54614: ~100 B kept per call)', () => {
  let h: EmulatorHarness;
  afterEach(() => h.close());

  it('credentials and rotation calls with a signal leave no listener behind on it, nor on the client lifetime', async () => {
    h = await startEmulator('msw');
    const { apiKey } = h.emulator.addEnvironment({ ...REF, secrets: { A: '1' } });
    h.emulator.setCredentialRoles({ ...REF, provider: 'postgres', roles: ['app'] });
    const client = await createBaxterClient({ baxterUrl: h.baxterUrl, apiKey, ...REF, ...h.transport, env: {} });
    const any = vi.spyOn(AbortSignal, 'any');
    const signal = new AbortController().signal;
    for (let i = 0; i < 20; i++) {
      await client.credentials.listRoles({ provider: 'postgres', signal });
      await client.credentials.generate({ provider: 'postgres', signal });
      await client.rotation.getPolicy({ provider: 'postgres', key: 'NOPE', signal }).catch(() => undefined);
      await client.listProviders({ signal });
    }
    expect(any).not.toHaveBeenCalled();
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    await client.close();
  });
});
