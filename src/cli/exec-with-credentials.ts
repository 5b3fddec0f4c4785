// From the root entry, as a user's code would: see the note in tsup.config.ts on why the cli side imports it whole.
import { createBaxterManagementClient, type BaxterManagementClientOptions } from '../index.js';
import type { CredentialLease } from '../credentials/credential-lease.js';
import type { DynamicCredentials } from '../credentials/dynamic-credentials.js';
import { BaxterValidationError } from '../errors/validation-error.js';
import { maskUrlPassword } from '../shared/redact.js';
import { exitCodeOfChild } from './exit-codes.js';
import { buildChildEnv } from './process/child-env.js';
import { signalNumber } from './process/signals.js';
import { SILENT_LOGGER, superviseChild, validateChildRunOptions, type ChildRunEvent, type ChildRunOptions, type ChildRunResult } from './run-options.js';

/** The variables `bella exec` sets, which `envMap` may rename. */
const CREDENTIAL_VARIABLES = ['DB_USERNAME', 'DB_PASSWORD', 'DATABASE_URL'] as const;

/**
 * What {@link execWithCredentials} reports: the lease's times (never the password; the
 * connection URL with its password masked) and the supervisor's events.
 *
 * @example
 * ```ts
 * const onEvent = (event: ExecEvent) => {
 *   if (event.type === 'issued') console.error(`bella: credentials valid until ${event.expiresAt.toISOString()}`);
 * };
 * ```
 */
export type ExecEvent =
  | ChildRunEvent
  | { type: 'issued'; expiresAt: Date; leaseDurationSeconds: number; connectionUrl: string | undefined; renewal: boolean }
  | { type: 'expiring'; expiresAt: Date; secondsLeft: number }
  | { type: 'renew-failed'; error: unknown; attempt: number; expired: boolean };

/**
 * Options of {@link execWithCredentials}.
 *
 * @example
 * ```ts
 * const options: ExecWithCredentialsOptions = {
 *   provider: 'pg-prod',
 *   role: 'migrator',
 *   ttlSeconds: 900,
 *   envMap: { DB_USERNAME: 'PGUSER', DB_PASSWORD: 'PGPASSWORD' },
 *   command: 'npx',
 *   args: ['prisma', 'migrate', 'deploy'],
 * };
 * ```
 */
export interface ExecWithCredentialsOptions extends ChildRunOptions {
  /** The database provider's slug. */
  provider: string;
  /** A role the provider issues. @default the provider's default role */
  role?: string;
  /** Lease length in seconds (the server may grant less). @default the provider's default */
  ttlSeconds?: number;
  /** Renames of `DB_USERNAME`, `DB_PASSWORD`, `DATABASE_URL` (`{ DB_USERNAME: 'PGUSER' }`). */
  envMap?: Readonly<Record<string, string>>;
  /** Renew before expiry and restart the child with the new credentials. @default false (a warning event before expiry) */
  renew?: boolean;
  /** How to reach Bella Baxter; environment variables fill the rest. Secrets are never read. */
  connection?: BaxterManagementClientOptions;
  /** Reports progress; called synchronously, must not throw. */
  onEvent?: (event: ExecEvent) => void;
}

/**
 * Generates database credentials just in time and runs `command` with `DB_USERNAME`,
 * `DB_PASSWORD` and (with a connection URL) `DATABASE_URL` in its environment. Nothing is
 * written to disk. Needs no permission to read secrets. With `renew`, fresh credentials
 * restart the child before the lease expires. Logs nothing: progress goes to `onEvent`.
 *
 * @throws a `BaxterError` when the credentials cannot be generated (the child is never started)
 * @example
 * ```ts
 * import { execWithCredentials } from '@bella-baxter/sdk/cli';
 *
 * const { exitCode } = await execWithCredentials({ provider: 'pg-prod', command: 'npx', args: ['prisma', 'migrate', 'deploy'] });
 * ```
 */
export async function execWithCredentials(options: ExecWithCredentialsOptions): Promise<ChildRunResult> {
  const resolved = validateChildRunOptions('execWithCredentials', options, {});
  const envMap = validateEnvMap(options.envMap);
  const emit = (event: ExecEvent) => options.onEvent?.(event);
  const management = await createBaxterManagementClient({ logger: SILENT_LOGGER, ...options.connection });
  const timers: NodeJS.Timeout[] = [];
  let lease: CredentialLease | undefined;
  try {
    const request = { provider: options.provider, role: options.role, ttlSeconds: options.ttlSeconds };
    let credentials: DynamicCredentials;
    if (options.renew) {
      lease = await management.credentials.lease(request);
      credentials = lease.credentials;
    } else {
      credentials = await management.credentials.generate(request);
    }
    const build = (creds: DynamicCredentials) => {
      const injected: Record<string, string> = {};
      for (const [name, value] of Object.entries(creds.toEnv())) if (value !== undefined) injected[envMap[name] ?? name] = value;
      const child = buildChildEnv({ inherited: resolved.inheritedEnv, injected, preserveEnv: options.preserveEnv, allowReservedEnv: options.allowReservedEnv });
      return { ...child, maskValues: [creds.password, ...(creds.connectionUrl ? [creds.connectionUrl] : [])] };
    };
    const issued = (creds: DynamicCredentials, renewal: boolean) =>
      emit({ type: 'issued', expiresAt: creds.expiresAt, leaseDurationSeconds: creds.leaseDurationSeconds, connectionUrl: creds.connectionUrl && maskUrlPassword(creds.connectionUrl), renewal });
    issued(credentials, false);
    const supervisor = superviseChild(options, resolved, options.renew === true, emit);
    const first = build(credentials);
    if (first.withheld.length > 0) emit({ type: 'withheld', names: first.withheld });
    const onAbort = () => void supervisor.stop();
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    supervisor.start(first);
    let restarts = 0;
    if (lease) {
      let queue = Promise.resolve();
      lease.on('renewed', ({ credentials: next }) => {
        issued(next, true);
        queue = queue.then(() => supervisor.restart(build(next)).then(() => void (restarts += 1)));
      });
      lease.on('expiring', ({ secondsLeft, expiresAt }) => emit({ type: 'expiring', secondsLeft, expiresAt }));
      lease.on('error', ({ error, attempt, expired }) => emit({ type: 'renew-failed', error, attempt, expired }));
    } else {
      const leftMs = credentials.expiresAt.getTime() - Date.now();
      const warnInMs = Math.max(0, leftMs - Math.min(60_000, leftMs / 10));
      const timer = setTimeout(() => emit({ type: 'expiring', expiresAt: credentials.expiresAt, secondsLeft: credentials.expiresIn() }), warnInMs);
      timer.unref();
      timers.push(timer);
    }
    try {
      const exit = await supervisor.done;
      return { exitCode: exitCodeOfChild(exit, signalNumber), signal: exit.signal, ...(exit.spawnErrorCode ? { spawnError: exit.spawnErrorCode } : {}), restarts };
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await lease?.close();
    await management.close();
  }
}

function validateEnvMap(envMap: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (envMap === undefined) return {};
  const bad = Object.entries(envMap).filter(([from, to]) => !(CREDENTIAL_VARIABLES as readonly string[]).includes(from) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(to));
  if (bad.length > 0) {
    throw new BaxterValidationError(
      `Invalid envMap: ${bad.map(([from, to]) => `${from}=${to}`).join(', ')}. Rename only ${CREDENTIAL_VARIABLES.join(', ')}, to a variable name ([A-Za-z_][A-Za-z0-9_]*).`,
      bad.map(([from]) => from),
    );
  }
  return envMap;
}
