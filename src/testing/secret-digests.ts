import { createHash } from 'node:crypto';
import type { EnvironmentState, ProviderState } from './store.js';

/** A content hash of a secret map, stable under key order. */
export function secretsHash(secrets: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(secrets)
    .sort()
    .map((k) => [k, secrets[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** What the hash endpoints answer about a set of secrets. */
export interface SecretsDigest {
  hash: string;
  secretCount: number;
}

interface EnvironmentEntry {
  version: number;
  merged: Readonly<Record<string, string>>;
  digest: SecretsDigest | undefined;
}

/**
 * The merged secrets and hashes of environments and providers, computed once
 * per change instead of once per request. An environment's `version` moves on
 * every change to any of its secrets, so an entry made at another version is stale.
 */
export class SecretDigests {
  readonly #environments = new WeakMap<EnvironmentState, EnvironmentEntry>();
  readonly #providers = new WeakMap<ProviderState, { version: number; digest: SecretsDigest }>();

  constructor(private readonly hash: (secrets: Readonly<Record<string, string>>) => string = secretsHash) {}

  #entry(env: EnvironmentState): EnvironmentEntry {
    let entry = this.#environments.get(env);
    if (!entry || entry.version !== env.version) {
      const merged: Record<string, string> = {};
      // Later providers win on the same key.
      for (const prov of env.providers.values()) for (const [k, v] of prov.secrets) merged[k] = v;
      entry = { version: env.version, merged: Object.freeze(merged), digest: undefined };
      this.#environments.set(env, entry);
    }
    return entry;
  }

  /** The environment's merged secrets (frozen; shared until the next change). */
  merged(env: EnvironmentState): Readonly<Record<string, string>> {
    return this.#entry(env).merged;
  }

  /** Hash and count of the environment's merged secrets. */
  environment(env: EnvironmentState): SecretsDigest {
    const entry = this.#entry(env);
    entry.digest ??= { hash: this.hash(entry.merged), secretCount: Object.keys(entry.merged).length };
    return entry.digest;
  }

  /** Hash and count of one provider's secrets. */
  provider(env: EnvironmentState, prov: ProviderState): SecretsDigest {
    const cached = this.#providers.get(prov);
    if (cached && cached.version === env.version) return cached.digest;
    const secrets = Object.fromEntries(prov.secrets);
    const digest = { hash: this.hash(secrets), secretCount: prov.secrets.size };
    this.#providers.set(prov, { version: env.version, digest });
    return digest;
  }
}
