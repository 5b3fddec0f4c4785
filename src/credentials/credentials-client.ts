import { generateCredentials, listCredentialRoles } from '../api/credentials.js';
import type { EnvRef } from '../api/paths.js';
import { BaxterClosedError } from '../errors/closed-error.js';
import { BaxterValidationError } from '../errors/validation-error.js';
import type { HttpClient } from '../http/http-client.js';
import { withProviderHint } from '../client/unknown-provider.js';
import { withLinkedSignal } from '../shared/abort.js';
import { CredentialLease } from './credential-lease.js';
import { DynamicCredentials } from './dynamic-credentials.js';

/**
 * Options of {@link CredentialsClient.generate}: which provider, which role,
 * and how long the database user should live.
 *
 * @example
 * ```ts
 * import type { GenerateCredentialsOptions } from '@bella-baxter/sdk';
 *
 * const options: GenerateCredentialsOptions = { provider: 'postgres', role: 'readonly', ttlSeconds: 900, signal: AbortSignal.timeout(10_000) };
 * const creds = await client.credentials.generate(options);
 * ```
 */
export interface GenerateCredentialsOptions {
  /** The provider (database) slug, e.g. `postgres`. */
  provider: string;
  /** A role from `listRoles()`. @default the provider's default role */
  role?: string | undefined;
  /** Lease length in seconds; the server may grant less. @default the provider's default TTL */
  ttlSeconds?: number | undefined;
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
}

/**
 * Options of {@link CredentialsClient.lease}: those of `generate`, plus when to
 * renew. Every renewal asks for the same provider, role and `ttlSeconds`.
 *
 * @example
 * ```ts
 * // One-hour users, renewed about ten minutes before they expire (a random 0–10% earlier).
 * const lease = await client.credentials.lease({ provider: 'postgres', role: 'app', ttlSeconds: 3600, renewBefore: 600 });
 * ```
 */
export interface LeaseCredentialsOptions extends Omit<GenerateCredentialsOptions, 'signal'> {
  /**
   * Seconds before expiry to start renewing (never earlier than 10% into the
   * lease). Renewal also moves earlier by a random 0–10%.
   * @default a third of the lease (renew at 2/3)
   */
  renewBefore?: number | undefined;
  /** Aborts the first issue. */
  signal?: AbortSignal | undefined;
}

/** @internal What the client hands its credentials feature. */
export interface CredentialsClientInit {
  http: HttpClient;
  scope: EnvRef;
  /** The client's lifetime: aborted by `client.close()`. */
  lifetime: AbortSignal;
  random?: () => number;
}

function validate(method: string, options: unknown, extra: { renewBefore?: boolean } = {}): void {
  const bad: string[] = [];
  const o = (options ?? {}) as Record<string, unknown>;
  if (typeof o.provider !== 'string' || o.provider.trim() === '') bad.push('provider');
  if (o.role !== undefined && (typeof o.role !== 'string' || o.role.trim() === '')) bad.push('role');
  if (o.ttlSeconds !== undefined && !(Number.isInteger(o.ttlSeconds) && (o.ttlSeconds as number) > 0 && (o.ttlSeconds as number) <= 2_147_483_647)) {
    bad.push('ttlSeconds');
  }
  if (extra.renewBefore && o.renewBefore !== undefined && !(typeof o.renewBefore === 'number' && Number.isFinite(o.renewBefore) && o.renewBefore >= 0)) {
    bad.push('renewBefore');
  }
  if (bad.length > 0) {
    const rules: Record<string, string> = {
      provider: 'provider must be a non-empty string',
      role: 'role must be a non-empty string when set',
      ttlSeconds: 'ttlSeconds must be a positive whole number of seconds',
      renewBefore: 'renewBefore must be a number of seconds ≥ 0',
    };
    throw new BaxterValidationError(`Invalid arguments to credentials.${method}(): ${bad.map((k) => rules[k]).join('; ')}.`, bad);
  }
}

/**
 * Dynamic database credentials, as `client.credentials`.
 * Each `generate` creates a database user whose lease expires by itself.
 *
 * @example
 * ```ts
 * const roles = await client.credentials.listRoles({ provider: 'postgres' });
 * const creds = await client.credentials.generate({ provider: 'postgres', role: roles[0], ttlSeconds: 3600 });
 * ```
 */
export class CredentialsClient {
  readonly #init: CredentialsClientInit;
  readonly #leases = new Set<CredentialLease>();

  /** @internal Reached as `client.credentials`. */
  constructor(init: CredentialsClientInit) {
    this.#init = init;
  }

  /**
   * Creates a database user and returns its credentials. Never retried
   * automatically: each call creates a user, so a lost answer is reported, not
   * repeated. Arguments are checked before anything is sent.
   *
   * @throws BaxterValidationError for bad arguments (no request sent); BaxterApiError and friends from the server.
   * @example
   * ```ts
   * const creds = await client.credentials.generate({ provider: 'postgres', role: 'readonly', ttlSeconds: 900 });
   * const env = creds.toEnv(); // { DB_USERNAME, DB_PASSWORD, DATABASE_URL? }
   * ```
   */
  async generate(options: GenerateCredentialsOptions): Promise<DynamicCredentials> {
    validate('generate', options);
    this.#throwIfClosed('generate');
    return this.#generate(options, options.signal);
  }

  /**
   * The role names the provider can issue credentials for.
   * @example `const roles = await client.credentials.listRoles({ provider: 'postgres' }); // ['readonly', 'app']`
   */
  async listRoles(options: { provider: string; signal?: AbortSignal }): Promise<string[]> {
    validate('listRoles', { provider: options?.provider });
    this.#throwIfClosed('listRoles');
    const { scope, lifetime } = this.#init;
    const res = await withProviderHint(this.#init.http, scope, options.provider, lifetime, () =>
      withLinkedSignal([lifetime, options.signal], (signal) => listCredentialRoles(this.#init.http, { ...scope, provider: options.provider, signal })),
    );
    return res.data!;
  }

  /**
   * Issues credentials and keeps them valid: the returned lease renews before
   * expiry and emits `renewed` with the new ones. Resolves once the first
   * credentials are issued (rejects when that fails). `client.close()` closes
   * every lease the client made.
   *
   * @example
   * ```ts
   * const lease = await client.credentials.lease({ provider: 'postgres', role: 'app', ttlSeconds: 3600 });
   * lease.on('renewed', ({ credentials }) => pool.swap(credentials));
   * lease.on('error', ({ error, expired }) => log.warn({ expired }, String(error)));
   * ```
   */
  async lease(options: LeaseCredentialsOptions): Promise<CredentialLease> {
    validate('lease', options, { renewBefore: true });
    this.#throwIfClosed('lease');
    const { provider, role, ttlSeconds } = options;
    const first = await this.#generate({ provider, role, ttlSeconds }, options.signal);
    const lease = new CredentialLease({
      first,
      issue: (signal) => this.#generate({ provider, role, ttlSeconds }, signal),
      renewBeforeSeconds: options.renewBefore,
      description: { provider, role },
      onClose: (l) => this.#leases.delete(l),
      random: this.#init.random,
    });
    if (this.#init.lifetime.aborted) {
      await lease.close();
    } else {
      this.#leases.add(lease);
    }
    return lease;
  }

  /** @internal Closes every open lease (`client.close()`). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#leases].map((l) => l.close()));
  }

  async #generate(options: Omit<GenerateCredentialsOptions, 'signal'>, signal: AbortSignal | undefined): Promise<DynamicCredentials> {
    const { scope, lifetime, http } = this.#init;
    const res = await withProviderHint(http, scope, options.provider, lifetime, () =>
      withLinkedSignal([lifetime, signal], (linked) =>
        generateCredentials(http, { ...scope, provider: options.provider, role: options.role, ttlSeconds: options.ttlSeconds, signal: linked }),
      ),
    );
    return new DynamicCredentials(res.data!);
  }

  /** After `client.close()` every call fails at once, naming itself. */
  #throwIfClosed(method: string): void {
    if (this.#init.lifetime.aborted) throw new BaxterClosedError(`credentials.${method}()`);
  }
}
