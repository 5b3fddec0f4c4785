import { describe, expect, it } from 'vitest';
import { secretsHash } from '../../src/testing/secret-digests.js';
import { EmulatorStore } from '../../src/testing/store.js';
import { createBaxterEmulator } from '../../src/testing.js';
import { createBaxterClient } from '../../src/index.js';

function countingStore() {
  const calls: number[] = [];
  const store = new EmulatorStore(() => 0, {
    hash: (secrets) => {
      calls.push(Object.keys(secrets).length);
      return secretsHash(secrets);
    },
  });
  return { store, calls };
}

describe('emulator hash caching: once per change, not per request', () => {
  it('hashes an environment once, again only after a change', () => {
    const { store, calls } = countingStore();
    store.setSecret('shop', 'dev', 'A', '1');
    const env = store.findEnvironment('shop', 'dev')!;
    const first = store.digests.environment(env);
    for (let i = 0; i < 5; i++) expect(store.digests.environment(env)).toEqual(first);
    expect(calls).toHaveLength(1);
    store.setSecret('shop', 'dev', 'A', '1'); // same value: no change
    store.digests.environment(env);
    expect(calls).toHaveLength(1);
    store.setSecret('shop', 'dev', 'B', '2');
    const second = store.digests.environment(env);
    expect(second).toEqual({ hash: secretsHash({ A: '1', B: '2' }), secretCount: 2 });
    expect(calls).toHaveLength(2);
    store.deleteSecret('shop', 'dev', 'B');
    expect(store.digests.environment(env)).toEqual(first);
    expect(calls).toHaveLength(3);
  });

  it('hashes a provider once per change of its environment, and merged secrets follow changes', () => {
    const { store, calls } = countingStore();
    store.setSecret('shop', 'dev', 'A', '1', 'vault');
    store.setSecret('shop', 'dev', 'A', 'override', 'other');
    const env = store.findEnvironment('shop', 'dev')!;
    const vault = env.providers.get('vault')!;
    const d = store.digests.provider(env, vault);
    store.digests.provider(env, vault);
    expect(calls).toHaveLength(1);
    expect(d).toEqual({ hash: secretsHash({ A: '1' }), secretCount: 1 });
    expect(store.mergedSecrets(env)).toEqual({ A: 'override' });
    store.setSecret('shop', 'dev', 'A', '2', 'vault');
    expect(store.digests.provider(env, vault)).toEqual({ hash: secretsHash({ A: '2' }), secretCount: 1 });
    expect(store.mergedSecrets(env)).toEqual({ A: 'override' });
    store.deleteSecret('shop', 'dev', 'A', 'other');
    expect(store.mergedSecrets(env)).toEqual({ A: '2' });
  });

  it('the hash endpoint still answers a new hash after a change and 304 while nothing changed', async () => {
    const emulator = createBaxterEmulator();
    const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'dev', secrets: { A: '1' } });
    const client = await createBaxterClient({ baxterUrl: 'http://bella.localhost', apiKey, project: 'shop', environment: 'dev', fetch: emulator.fetch, env: {}, refreshInterval: 60 });
    try {
      expect(await client.refresh()).toBe(false);
      expect(emulator.requestsTo('envSecretsHash').at(-1)!.status).toBe(304);
      emulator.setSecret({ project: 'shop', environment: 'dev', key: 'A', value: '2' });
      expect(await client.refresh()).toBe(true);
      expect(client.get('A')).toBe('2');
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});
