import { BaxterValidationError } from '../errors/validation-error.js';
import { Supervisor, type SupervisorEvent } from './supervisor.js';

/**
 * Events common to `runWithSecrets` and `execWithCredentials`, besides the supervisor's own:
 * reserved names withheld, injected names an inherited variable kept (names only).
 *
 * @example
 * ```ts
 * const onEvent = (event: ChildRunEvent) => {
 *   if (event.type === 'withheld') console.error(`bella: not injected (reserved): ${event.names.join(', ')}`);
 * };
 * ```
 */
export type ChildRunEvent = SupervisorEvent | { type: 'withheld'; names: string[] } | { type: 'preserved'; names: string[] };

/**
 * Options shared by every function that runs a supervised child: what to run, how its
 * environment is built, and how it is stopped.
 *
 * @example
 * ```ts
 * const child: ChildRunOptions = { command: 'node', args: ['server.js'], stopSignal: 'SIGINT', graceSeconds: 5, mask: true };
 * await runWithSecrets({ ...child, watch: true });
 * ```
 */
export interface ChildRunOptions {
  /** The program to run (no shell: it is executed as given, found on `PATH`). */
  command: string;
  /** Its arguments. @default [] */
  args?: readonly string[];
  /** The environment the child inherits, before the injected values. @default process.env */
  inheritedEnv?: Record<string, string | undefined>;
  /** Keep an inherited variable when an injected one has the same name. @default false (injected values win) */
  preserveEnv?: boolean;
  /** Inject `PATH`, `NODE_OPTIONS`, `LD_*`, ... too (withheld by default, with a warning event). @default false */
  allowReservedEnv?: boolean;
  /** Replace injected values (≥ 6 characters) by `***` in the child's stdout and stderr. @default false */
  mask?: boolean;
  /** The signal that stops the child (on restart, abort, or `bella`'s own end). @default 'SIGTERM' */
  stopSignal?: NodeJS.Signals;
  /** Seconds between the stop signal and SIGKILL. @default 10 */
  graceSeconds?: number;
  /** Give the child its own process group, so a stop reaches its whole tree. @default true when restarts are possible or stdin is not a terminal */
  ownProcessGroup?: boolean;
  /** Pass SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 received by this process on to the child. @default true */
  forwardSignals?: boolean;
  /** Stops the child (stop signal, grace, SIGKILL); the function then resolves with its exit. */
  signal?: AbortSignal;
  /** Where masked output goes. @default process.stdout / process.stderr */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/**
 * How a supervised child ended. `exitCode` is what a shell would report: the child's own
 * code; 128 + n with `signal` set when a signal killed it; 127 (`spawnError: 'ENOENT'`) when
 * the program was not found; 126 when it could not be executed.
 *
 * @example
 * ```ts
 * const result: ChildRunResult = await runWithSecrets({ command: 'node', args: ['job.js'] });
 * if (result.signal) console.error(`killed by ${result.signal}`);
 * process.exitCode = result.exitCode;
 * ```
 */
export interface ChildRunResult {
  exitCode: number;
  /** The signal that killed the last child, if one did (re-raise it to pass it on). */
  signal: NodeJS.Signals | null;
  /** Why the program could not be started (`ENOENT`, `EACCES`, ...), if it could not. */
  spawnError?: string;
  /** How many times the child was restarted. */
  restarts: number;
}

/** The client's logger when the caller gives none: these functions print nothing themselves. @internal */
export const SILENT_LOGGER = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Resolved common options. @internal */
export interface ResolvedChildRunOptions {
  args: readonly string[];
  inheritedEnv: Record<string, string | undefined>;
  stopSignal: NodeJS.Signals;
  graceMs: number;
}

/** Throws a {@link BaxterValidationError} naming each bad field. @internal */
export function validateChildRunOptions(fn: string, options: ChildRunOptions, numbers: Record<string, { value: number | undefined; min: number }>): ResolvedChildRunOptions {
  const bad: string[] = [];
  if (typeof options?.command !== 'string' || options.command === '') bad.push('command (a non-empty program name)');
  const all = { graceSeconds: { value: options?.graceSeconds, min: 0 }, ...numbers };
  for (const [name, { value, min }] of Object.entries(all)) {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= min)) bad.push(`${name} (a number ≥ ${min})`);
  }
  if (bad.length > 0) throw new BaxterValidationError(`Invalid arguments to ${fn}(): ${bad.join(', ')}.`, bad.map((b) => b.split(' ')[0] ?? b));
  return {
    args: options.args ?? [],
    inheritedEnv: options.inheritedEnv ?? process.env,
    stopSignal: options.stopSignal ?? 'SIGTERM',
    graceMs: (options.graceSeconds ?? 10) * 1000,
  };
}

/**
 * The supervisor `runWithSecrets` and `execWithCredentials` run their child under, from the
 * options they share. The child gets its own process group when asked, when `ownGroupByDefault`
 * (watching or renewing: a restart must stop its whole tree), or when stdin is not a terminal.
 * @internal
 */
export function superviseChild(options: ChildRunOptions, resolved: ResolvedChildRunOptions, ownGroupByDefault: boolean, onEvent: (event: SupervisorEvent) => void): Supervisor {
  return new Supervisor({
    command: options.command,
    args: resolved.args,
    ownGroup: options.ownProcessGroup ?? (ownGroupByDefault || !process.stdin.isTTY),
    mask: options.mask ?? false,
    stopSignal: resolved.stopSignal,
    graceMs: resolved.graceMs,
    forwardSignals: options.forwardSignals ?? true,
    stdinIsTerminal: process.stdin.isTTY === true,
    stdout: options.stdout,
    stderr: options.stderr,
    onEvent,
  });
}
