import type { GeneratedCredentials } from '../api/schemas.js';
import { INSPECT, maskUrlPassword, REDACTED } from '../shared/redact.js';

/**
 * The variables {@link DynamicCredentials.toEnv} returns, named as `bella exec`
 * hands them to a subprocess. The values are real; `console.log` of the object
 * masks them.
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * import type { DynamicCredentialsEnv } from '@bella-baxter/sdk';
 *
 * const dbEnv: DynamicCredentialsEnv = creds.toEnv();
 * spawn('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env, ...dbEnv }, stdio: 'inherit' });
 * ```
 */
export interface DynamicCredentialsEnv {
  DB_USERNAME: string;
  DB_PASSWORD: string;
  /** Present only when the server sent a connection URL. */
  DATABASE_URL?: string;
}

/**
 * Database credentials issued for one lease: a
 * database user that the server drops when the lease expires.
 *
 * Every field is readable, but `util.inspect`/`console.log`, `JSON.stringify`
 * and `String()` show the password and the URL's password masked. The fields
 * live in private slots behind getters, so spreading, `Object.keys` or
 * `structuredClone` never copy the password by accident either.
 *
 * @example
 * ```ts
 * const creds = await client.credentials.generate({ provider: 'postgres', role: 'readonly' });
 * const pool = new pg.Pool({ user: creds.username, password: creds.password, host: 'db' });
 * console.log(creds); // DynamicCredentials { username: 'v-readonly-…', password: '[REDACTED]', … }
 * ```
 */
export class DynamicCredentials {
  readonly #username: string;
  readonly #password: string;
  readonly #expiresAtMs: number;
  readonly #leaseDurationSeconds: number;
  readonly #leaseId: string;
  readonly #connectionUrl: string | undefined;

  /** @internal Built from the server's answer by `client.credentials`. */
  constructor(wire: GeneratedCredentials) {
    const expiresAtMs = Date.parse(wire.expiresAt);
    if (!Number.isFinite(expiresAtMs)) throw new TypeError('@bella-baxter/sdk: credentials expiresAt is not an ISO-8601 timestamp');
    this.#username = wire.username;
    this.#password = wire.password;
    this.#expiresAtMs = expiresAtMs;
    this.#leaseDurationSeconds = wire.leaseDurationSeconds;
    this.#leaseId = wire.leaseId;
    this.#connectionUrl = wire.connectionUrl ?? undefined;
    Object.freeze(this);
  }

  /** The database user name. */
  get username(): string {
    return this.#username;
  }

  /** The database password. Masked in inspect/JSON/String, readable here. */
  get password(): string {
    return this.#password;
  }

  /** When the server drops the user (a new `Date` each read). */
  get expiresAt(): Date {
    return new Date(this.#expiresAtMs);
  }

  /** The lease's length as granted (may be less than the TTL asked for). */
  get leaseDurationSeconds(): number {
    return this.#leaseDurationSeconds;
  }

  /** The server's id of the lease. */
  get leaseId(): string {
    return this.#leaseId;
  }

  /** A connection URL, when the provider has one. It may carry the password. */
  get connectionUrl(): string | undefined {
    return this.#connectionUrl;
  }

  /**
   * Whole seconds left before `expiresAt` (0 once expired).
   * @example `if (creds.expiresIn() < 60) await renew();`
   */
  expiresIn(now: Date | number = Date.now()): number {
    return Math.max(0, Math.floor((this.#expiresAtMs - +now) / 1000));
  }

  /** Whether `expiresAt` has passed. @example `if (creds.isExpired()) creds = await client.credentials.generate({ provider: 'postgres' });` */
  isExpired(now: Date | number = Date.now()): boolean {
    return +now >= this.#expiresAtMs;
  }

  /**
   * `DB_USERNAME`, `DB_PASSWORD` and, when there is a connection URL,
   * `DATABASE_URL`, as `bella exec` sets them. A URL without user info gets the
   * username and password filled in (URL-encoded), since tools reading
   * `DATABASE_URL` expect them there. The values are real (spread them into a
   * child's `env`); `console.log` of the returned object masks them.
   *
   * @example
   * ```ts
   * spawn('node', ['migrate.js'], { env: { ...process.env, ...creds.toEnv() }, stdio: 'inherit' });
   * ```
   */
  toEnv(): DynamicCredentialsEnv {
    const env: DynamicCredentialsEnv = { DB_USERNAME: this.#username, DB_PASSWORD: this.#password };
    const url = this.#urlWithCredentials();
    if (url !== undefined) env.DATABASE_URL = url;
    Object.defineProperty(env, INSPECT, {
      value: () => `{ DB_USERNAME: '${this.#username}', DB_PASSWORD: '${REDACTED}'${url === undefined ? '' : `, DATABASE_URL: '${maskUrlPassword(url)}'`} }`,
      enumerable: false,
    });
    return env;
  }

  /** What inspect, JSON and String show: everything but the secrets. */
  toJSON(): Record<string, unknown> {
    return {
      username: this.#username,
      password: REDACTED,
      expiresAt: new Date(this.#expiresAtMs).toISOString(),
      leaseDurationSeconds: this.#leaseDurationSeconds,
      leaseId: this.#leaseId,
      connectionUrl: this.#connectionUrl === undefined ? null : maskUrlPassword(this.#connectionUrl),
    };
  }

  /** The username and expiry, never the password. */
  toString(): string {
    return `DynamicCredentials ${JSON.stringify(this.toJSON())}`;
  }

  /** @internal The `util.inspect` / `console.log` view: the password redacted, the URL masked. */
  [INSPECT](_depth: number, options: unknown, inspect?: (value: unknown, options: unknown) => string): string {
    const view = this.toJSON();
    return `DynamicCredentials ${typeof inspect === 'function' ? inspect(view, options) : JSON.stringify(view)}`;
  }

  #urlWithCredentials(): string | undefined {
    if (this.#connectionUrl === undefined) return undefined;
    try {
      const url = new URL(this.#connectionUrl);
      if (url.username) return this.#connectionUrl;
      url.username = encodeURIComponent(this.#username);
      url.password = encodeURIComponent(this.#password);
      return url.toString();
    } catch {
      // Not a URL (a DSN, say): hand it over as the server sent it.
      return this.#connectionUrl;
    }
  }
}
