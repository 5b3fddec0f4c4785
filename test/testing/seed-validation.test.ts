import { describe, expect, it } from 'vitest';
import { createBaxterEmulator, type EmulatorSeed } from '../../src/testing.js';

const KEY = `bax-seeded1-${'ab'.repeat(32)}`;
const refused = (seed: unknown) => {
  try {
    createBaxterEmulator({ seed: seed as EmulatorSeed });
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error('the seed was accepted');
};

describe('emulator seeds are validated, and refused with a message naming the path', () => {
  it('a secret value that is not a string', () => {
    const message = refused({ projects: [{ slug: 'shop', environments: [{ slug: 'dev' }, { slug: 'prod', secrets: { PORT: 8080 } }] }] });
    expect(message).toContain('projects[0].environments[1].secrets.PORT');
    expect(message).toContain('must be a string');
    expect(message).not.toContain('8080');
  });

  it('a provider secret that is not a string', () => {
    expect(refused({ projects: [{ slug: 'shop', environments: [{ slug: 'dev', providers: [{ slug: 'vault', secrets: { ON: true } }] }] }] })).toContain(
      'projects[0].environments[0].providers[0].secrets.ON',
    );
  });

  it('an unknown top-level key (a typo)', () => {
    const message = refused({ projets: [] });
    expect(message).toContain('unknown key "projets"');
    expect(message).toContain('top-level keys are projects, apiKeys, rotationPolicies, deviceKeys');
  });

  it('an unknown key deeper down names its path', () => {
    expect(refused({ projects: [{ slug: 'shop', environments: [{ slug: 'dev', secret: { A: '1' } }] }] })).toContain('projects[0].environments[0]: unknown key "secret"');
  });

  it('an API key scoped to an environment that does not exist', () => {
    const message = refused({ projects: [{ slug: 'shop', environments: [{ slug: 'dev' }] }], apiKeys: [{ apiKey: KEY, project: 'shop', environment: 'prod' }] });
    expect(message).toContain('apiKeys[0]: no environment "prod" in project "shop" (the seed has: shop/dev)');
    expect(message).not.toContain('abab');
  });

  it('a malformed API key, without echoing it', () => {
    const message = refused({ projects: [{ slug: 'shop', environments: [{ slug: 'dev' }] }], apiKeys: [{ apiKey: 'bax-only-two-parts-zz', project: 'shop', environment: 'dev' }] });
    expect(message).toContain('apiKeys[0].apiKey: must look like bax-{keyId}-{secretHex}');
    expect(message).not.toContain('two-parts-zz');
  });

  it('a rotation policy for an environment that does not exist', () => {
    expect(
      refused({ projects: [{ slug: 'shop', environments: [{ slug: 'dev' }] }], rotationPolicies: [{ project: 'shop', environment: 'qa', provider: 'v', key: 'K', policy: {} }] }),
    ).toContain('rotationPolicies[0]: no environment "qa" in project "shop"');
  });

  it('a VaultDatabase provider given static secrets', () => {
    const message = refused({ projects: [{ slug: 'shop', environments: [{ slug: 'dev', providers: [{ slug: 'pg', type: 'VaultDatabase', roles: ['app'], secrets: { DB_PASSWORD: 'x' } }] }] }] });
    expect(message).toContain('projects[0].environments[0].providers[0].secrets: a VaultDatabase provider issues dynamic credentials');
  });

  it('lists every problem at once', () => {
    const message = refused({ projects: [{ slug: 'shop', environments: [{ slug: 'dev', secrets: { A: 1, B: 2 } }] }] });
    expect(message).toContain('secrets.A');
    expect(message).toContain('secrets.B');
  });

  it('a seed without API keys starts, with a warning', () => {
    const emulator = createBaxterEmulator({ seed: { projects: [{ slug: 'shop', environments: [{ slug: 'dev' }] }] } });
    expect(emulator.seedWarnings).toEqual([expect.stringContaining('no apiKeys')]);
    expect(createBaxterEmulator({ seed: { projects: [{ slug: 'shop', environments: [{ slug: 'dev' }] }], apiKeys: [{ apiKey: KEY, project: 'shop', environment: 'dev' }] } }).seedWarnings).toEqual([]);
  });

  it('environment-level secrets go into a key-value provider, never a database provider listed first', () => {
    const emulator = createBaxterEmulator({
      seed: { projects: [{ slug: 'shop', environments: [{ slug: 'dev', secrets: { API_TOKEN: 't' }, providers: [{ slug: 'pg', type: 'VaultDatabase', roles: ['app'] }] }] }] },
    });
    const env = emulator.store.findEnvironment('shop', 'dev')!;
    expect(env.providers.get('pg')!.secrets.size).toBe(0);
    expect(Object.fromEntries(env.providers.get('bella-vault')!.secrets)).toEqual({ API_TOKEN: 't' });
    // Also a provider given only credential roles (type left out) counts as a database provider.
    const other = createBaxterEmulator();
    other.addEnvironment({ project: 'shop', environment: 'dev', providers: [{ slug: 'postgres', roles: ['app'] }, { slug: 'kv' }], secrets: { A: '1' } });
    expect(Object.fromEntries(other.store.findEnvironment('shop', 'dev')!.providers.get('kv')!.secrets)).toEqual({ A: '1' });
  });
});
