import { randomBytes, randomUUID } from 'node:crypto';
import { generateRandom } from '../random.js';
import type { EmulatorClock } from './clock.js';

/** Where a provider's credentials live (`project`/`environment`/`provider` slugs). */
export interface ProviderAddress {
  project: string;
  environment: string;
  provider: string;
}

/**
 * How a provider issues dynamic credentials in the emulator, set with
 * `emulator.setCredentialRoles({ ..., ...settings })`.
 *
 * @example
 * ```ts
 * emulator.setCredentialRoles({
 *   project: 'shop', environment: 'dev', provider: 'postgres', roles: ['readonly', 'app'],
 *   connectionUrl: 'postgresql://db.internal:5432/shop', defaultTtlSeconds: 300, maxTtlSeconds: 3600,
 * });
 * ```
 */
export interface CredentialsProviderSettings {
  /**
   * The database URL without user info; each lease gets its user and password
   * filled in. `null`: the provider answers `connectionUrl: null`.
   * @default `postgresql://127.0.0.1:5432/{provider}`
   */
  connectionUrl?: string | null;
  /** TTL when the request says `ttlSeconds: null`. @default 3600 */
  defaultTtlSeconds?: number;
  /** Longer requests are granted this much (like Vault's `max_ttl`). @default 86400 */
  maxTtlSeconds?: number;
}

/**
 * One lease the emulator issued: a database user that lives until `expiresAt`
 * (emulator time), from `emulator.issuedLeases()`. The password is included,
 * for assertions.
 *
 * @example
 * ```ts
 * const [lease] = emulator.issuedLeases({ provider: 'postgres' });
 * expect(lease?.role).toBe('readonly');
 * expect(emulator.isLeaseExpired(lease!.leaseId)).toBe(false);
 * ```
 */
export interface EmulatorLease extends ProviderAddress {
  leaseId: string;
  role: string;
  username: string;
  password: string;
  connectionUrl: string | null;
  issuedAt: Date;
  expiresAt: Date;
  leaseDurationSeconds: number;
}

const addressKey = (a: ProviderAddress) => JSON.stringify([a.project, a.environment, a.provider]);

/**
 * The emulator's dynamic credentials: a new user and password per call, each
 * lease expiring on the emulator clock. `check()` plays the database: it
 * accepts a user only until its lease expires. Reached as `emulator.leases`.
 *
 * @example
 * ```ts
 * const creds = await client.credentials.generate({ provider: 'postgres', ttlSeconds: 60 });
 * await emulator.clock.advance(60_000);
 * emulator.checkCredentials(creds.username, creds.password); // 'expired'
 * ```
 */
export class LeaseBook {
  readonly #leases = new Map<string, EmulatorLease>();
  readonly #settings = new Map<string, CredentialsProviderSettings>();

  constructor(private readonly clock: EmulatorClock) {}

  /** Sets how a provider issues credentials. */
  configure(address: ProviderAddress, settings: CredentialsProviderSettings): void {
    this.#settings.set(addressKey(address), { ...this.#settings.get(addressKey(address)), ...settings });
  }

  /** The settings of a provider, defaults filled in. */
  settings(address: ProviderAddress): Required<CredentialsProviderSettings> {
    const s = this.#settings.get(addressKey(address)) ?? {};
    return {
      connectionUrl: s.connectionUrl === undefined ? `postgresql://127.0.0.1:5432/${address.provider}` : s.connectionUrl,
      defaultTtlSeconds: s.defaultTtlSeconds ?? 3600,
      maxTtlSeconds: s.maxTtlSeconds ?? 86_400,
    };
  }

  /** Creates a user for `role`, granted `ttlSeconds` (or the default), capped at the provider's maximum. */
  issue(address: ProviderAddress & { role: string; ttlSeconds: number | null }): EmulatorLease {
    const settings = this.settings(address);
    const ttl = Math.min(address.ttlSeconds ?? settings.defaultTtlSeconds, settings.maxTtlSeconds);
    const issuedAt = this.clock.now();
    // Postgres caps identifiers at 63 bytes; Vault-style names: v-{role}-{random}.
    const username = `v-${address.role.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}-${randomBytes(5).toString('hex')}`;
    const password = generateRandom('alphanumeric-32');
    const lease: EmulatorLease = {
      project: address.project,
      environment: address.environment,
      provider: address.provider,
      role: address.role,
      leaseId: `${address.provider}/creds/${address.role}/${randomUUID()}`,
      username,
      password,
      connectionUrl: settings.connectionUrl === null ? null : withUser(settings.connectionUrl, username, password),
      issuedAt: new Date(issuedAt),
      expiresAt: new Date(issuedAt + ttl * 1000),
      leaseDurationSeconds: ttl,
    };
    this.#leases.set(lease.leaseId, lease);
    return lease;
  }

  /** Every lease issued (copies), oldest first, optionally of one provider. */
  list(filter: Partial<ProviderAddress> = {}): EmulatorLease[] {
    return [...this.#leases.values()]
      .filter((l) => (filter.project === undefined || l.project === filter.project) && (filter.environment === undefined || l.environment === filter.environment) && (filter.provider === undefined || l.provider === filter.provider))
      .map((l) => ({ ...l, issuedAt: new Date(l.issuedAt), expiresAt: new Date(l.expiresAt) }));
  }

  /** Whether a lease has expired on the emulator clock; undefined for an unknown lease. */
  isExpired(leaseId: string): boolean | undefined {
    const lease = this.#leases.get(leaseId);
    return lease === undefined ? undefined : this.clock.now() >= lease.expiresAt.getTime();
  }

  /** Plays the database's login check: `valid` until the lease expires, then `expired`; `unknown` for anything else. */
  check(username: string, password: string): 'valid' | 'expired' | 'unknown' {
    for (const lease of this.#leases.values()) {
      if (lease.username !== username) continue;
      if (lease.password !== password) return 'unknown';
      return this.clock.now() >= lease.expiresAt.getTime() ? 'expired' : 'valid';
    }
    return 'unknown';
  }
}

function withUser(base: string, username: string, password: string): string {
  try {
    const url = new URL(base);
    url.username = encodeURIComponent(username);
    url.password = encodeURIComponent(password);
    return url.toString();
  } catch {
    return base;
  }
}
