import { randomBytes } from 'node:crypto';
import { SecretDigests, secretsHash } from './secret-digests.js';
import { DATABASE_PROVIDER_TYPES, parseSeed } from './seed-schema.js';

/** One provider of an environment: a secret backend with its own secrets. */
export interface ProviderState {
  slug: string;
  name: string;
  type: string;
  secrets: Map<string, string>;
  /** Database roles for dynamic credentials. */
  roles: string[];
  /** Every stored version of each secret, oldest first (`GET .../secrets/{key}/versions`). */
  versions: Map<string, SecretVersionState[]>;
}

/** One stored version of a secret (values stay in `secrets`; versions carry metadata only). */
export interface SecretVersionState {
  version: number;
  createdAt: Date;
  deletedAt: Date | null;
}

/** A device key registered for persistent E2EE (`X-Bella-Wrapped-Dek` is sent to it). */
export interface DeviceKeyState {
  /** Base64 SPKI of the device's P-256 public key, as sent in `X-E2E-Public-Key`. */
  publicKey: string;
  /** How long a wrapped-DEK lease lasts. */
  leaseSeconds: number;
}

export interface EnvironmentState {
  slug: string;
  name: string;
  providers: Map<string, ProviderState>;
  /** Bumped on every change to any of its secrets. */
  version: number;
  lastModified: Date;
  /** The environment's 32-byte data key, wrapped to registered device keys (`X-Bella-Wrapped-Dek`). */
  dek: Uint8Array;
}

export interface ProjectState {
  slug: string;
  name: string;
  environments: Map<string, EnvironmentState>;
}

export interface ApiKeyState {
  keyId: string;
  /** The signing secret, hex. */
  secretHex: string;
  project: string;
  environment: string;
  role: string;
  revoked: boolean;
}

/**
 * The seed file format (`bella-emulator --seed file.json`, `createBaxterEmulator({ seed })`):
 * projects with their environments, providers and secrets, API keys, and rotation policies.
 *
 * @example
 * ```ts
 * import { createBaxterEmulator, type EmulatorSeed } from '@bella-baxter/sdk/testing';
 *
 * const seed: EmulatorSeed = {
 *   projects: [{
 *     slug: 'shop',
 *     environments: [{ slug: 'dev', secrets: { API_TOKEN: 't0k3n' }, providers: [{ slug: 'postgres', roles: ['readonly', 'app'] }] }],
 *   }],
 *   apiKeys: [{ apiKey: `bax-devkey1-${'ab'.repeat(32)}`, project: 'shop', environment: 'dev' }],
 *   rotationPolicies: [{ project: 'shop', environment: 'dev', provider: 'bella-vault', key: 'API_TOKEN',
 *     policy: { enabled: true, intervalDays: 30, strategy: 'GenerateRandom', randomFormat: 'alphanumeric-32' } }],
 * };
 * const emulator = createBaxterEmulator({ seed });
 * ```
 */
export interface EmulatorSeed {
  projects?: Array<{
    slug: string;
    name?: string;
    environments?: Array<{
      slug: string;
      name?: string;
      /** Secrets of the environment's default provider. */
      secrets?: Record<string, string>;
      providers?: Array<{ slug: string; name?: string; type?: string; secrets?: Record<string, string>; roles?: string[] }>;
    }>;
  }>;
  /** API keys to accept, as full `bax-{keyId}-{secretHex}` strings, each scoped to one environment. */
  apiKeys?: Array<{ apiKey: string; project: string; environment: string; role?: string }>;
  /**
   * Rotation policies, in the wire shape of `PUT .../rotation-policy`
   * (`{ enabled, intervalDays, strategy, endpoint?, randomFormat?, ... }`).
   * Applied by the emulator, which owns the rotation engine.
   */
  rotationPolicies?: Array<{ project: string; environment: string; provider: string; key: string; policy: Record<string, unknown> }>;
  /**
   * Registered device keys (persistent E2EE): base64 SPKI P-256 public keys, or
   * SPKI PEM. E2EE answers to them carry `X-Bella-Wrapped-Dek` and
   * `X-Bella-Lease-Expires` (`leaseSeconds` from now; default 3600).
   */
  deviceKeys?: Array<{ publicKey: string; leaseSeconds?: number }>;
}

export const DEFAULT_PROVIDER = 'bella-vault';

/** A provider that issues dynamic credentials: a database type, or one given credential roles. */
export function isDatabaseProvider(prov: ProviderState): boolean {
  return DATABASE_PROVIDER_TYPES.has(prov.type) || prov.roles.length > 0;
}

/** In-memory state of the emulated server. */
export class EmulatorStore {
  readonly projects = new Map<string, ProjectState>();
  readonly apiKeys = new Map<string, ApiKeyState>();
  /** Registered device keys, by base64 SPKI public key. */
  readonly deviceKeys = new Map<string, DeviceKeyState>();

  /** Merged secrets and hashes, cached until the next change. */
  readonly digests: SecretDigests;

  constructor(
    private readonly now: () => number,
    options: { hash?: (secrets: Readonly<Record<string, string>>) => string } = {},
  ) {
    this.digests = new SecretDigests(options.hash);
  }

  addEnvironment(project: string, environment: string, names: { projectName?: string | undefined; environmentName?: string | undefined } = {}): EnvironmentState {
    let p = this.projects.get(project);
    if (!p) this.projects.set(project, (p = { slug: project, name: names.projectName ?? project, environments: new Map() }));
    let e = p.environments.get(environment);
    if (!e) {
      e = { slug: environment, name: names.environmentName ?? environment, providers: new Map(), version: 1, lastModified: new Date(this.now()), dek: new Uint8Array(randomBytes(32)) };
      p.environments.set(environment, e);
    }
    return e;
  }

  addProvider(env: EnvironmentState, init: { slug: string; name?: string | undefined; type?: string | undefined; roles?: string[] | undefined }): ProviderState {
    let prov = env.providers.get(init.slug);
    if (!prov) {
      prov = { slug: init.slug, name: init.name ?? init.slug, type: init.type ?? 'BellaVault', secrets: new Map(), roles: init.roles ?? [], versions: new Map() };
      env.providers.set(init.slug, prov);
    } else if (init.roles) {
      prov.roles = init.roles;
    }
    return prov;
  }

  findEnvironment(project: string, environment: string): EnvironmentState | undefined {
    return this.projects.get(project)?.environments.get(environment);
  }

  /**
   * The provider an environment-level secret goes to: the first key-value one,
   * never a database provider (those issue dynamic credentials); created when
   * the environment has none.
   */
  defaultProvider(env: EnvironmentState): ProviderState {
    for (const prov of env.providers.values()) if (!isDatabaseProvider(prov)) return prov;
    const existing = env.providers.get(DEFAULT_PROVIDER);
    return existing && !isDatabaseProvider(existing) ? existing : this.addProvider(env, { slug: existing ? `${DEFAULT_PROVIDER}-kv` : DEFAULT_PROVIDER });
  }

  /** Sets a secret (in `provider`, or the environment's default key-value provider). Bumps the version when the value changes. */
  setSecret(project: string, environment: string, key: string, value: string, provider?: string): void {
    const env = this.addEnvironment(project, environment);
    const prov = provider ? this.addProvider(env, { slug: provider }) : this.defaultProvider(env);
    if (prov.secrets.get(key) === value) return;
    prov.secrets.set(key, value);
    const history = prov.versions.get(key) ?? [];
    history.push({ version: (history.at(-1)?.version ?? 0) + 1, createdAt: new Date(this.now()), deletedAt: null });
    prov.versions.set(key, history);
    this.touch(env);
  }

  deleteSecret(project: string, environment: string, key: string, provider?: string): boolean {
    const env = this.findEnvironment(project, environment);
    if (!env) return false;
    let removed = false;
    for (const prov of env.providers.values()) {
      if (provider && prov.slug !== provider) continue;
      if (!prov.secrets.delete(key)) continue;
      removed = true;
      const current = prov.versions.get(key)?.at(-1);
      if (current) current.deletedAt = new Date(this.now());
    }
    if (removed) this.touch(env);
    return removed;
  }

  touch(env: EnvironmentState): void {
    env.version += 1;
    env.lastModified = new Date(this.now());
  }

  /** The environment's merged secrets: later providers win on the same key (cached until the next change). */
  mergedSecrets(env: EnvironmentState): Readonly<Record<string, string>> {
    return this.digests.merged(env);
  }

  /** Mints an API key scoped to one environment. */
  createApiKey(project: string, environment: string, role = 'Reader', given?: { keyId: string; secretHex: string }): string {
    const keyId = given?.keyId ?? randomBytes(6).toString('hex');
    const secretHex = given?.secretHex ?? randomBytes(32).toString('hex');
    this.apiKeys.set(keyId, { keyId, secretHex, project, environment, role, revoked: false });
    return `bax-${keyId}-${secretHex}`;
  }

  /** Applies a seed, validated first (a `TypeError` lists every problem with its path); returns its warnings. */
  seed(input: EmulatorSeed): string[] {
    const { seed, warnings } = parseSeed(input, (p, e) => this.findEnvironment(p, e) !== undefined);
    for (const p of seed.projects ?? []) {
      for (const e of p.environments ?? []) {
        const env = this.addEnvironment(p.slug, e.slug, { projectName: p.name, environmentName: e.name });
        for (const prov of e.providers ?? []) {
          const state = this.addProvider(env, prov);
          for (const [k, v] of Object.entries(prov.secrets ?? {})) this.setSecret(p.slug, e.slug, k, v, state.slug);
        }
        for (const [k, v] of Object.entries(e.secrets ?? {})) this.setSecret(p.slug, e.slug, k, v);
      }
    }
    for (const k of seed.apiKeys ?? []) {
      const [, keyId, secretHex] = /^bax-([^-]+)-([0-9a-fA-F]+)$/.exec(k.apiKey)!;
      this.createApiKey(k.project, k.environment, k.role, { keyId: keyId!, secretHex: secretHex! });
    }
    for (const d of seed.deviceKeys ?? []) this.registerDeviceKey(d.publicKey, d.leaseSeconds);
    return warnings;
  }

  /** Registers a device public key (base64 SPKI, or SPKI PEM); returns it normalised to base64. */
  registerDeviceKey(publicKey: string, leaseSeconds = 3600): string {
    const normalised = publicKey.replace(/-----[A-Z ]+-----/g, '').replace(/\\n|\s/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(normalised)) throw new TypeError('@bella-baxter/sdk/testing: a device key must be a base64 SPKI public key or its PEM');
    if (!(Number.isFinite(leaseSeconds) && leaseSeconds > 0)) throw new TypeError('@bella-baxter/sdk/testing: a device key leaseSeconds must be a number > 0');
    this.deviceKeys.set(normalised, { publicKey: normalised, leaseSeconds });
    return normalised;
  }
}

export { secretsHash };
