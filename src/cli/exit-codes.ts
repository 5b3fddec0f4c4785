/**
 * The one table of `bella` exit codes. A child's own code passes through unchanged; these are
 * the codes `bella` itself picks, after the `env(1)` / `timeout(1)` convention.
 */
export const EXIT = {
  /** Success (`--once` rendered, a rotation finished). */
  ok: 0,
  /** The operation was refused or failed (a rotation ended in Error, `--once` could not render). */
  failed: 1,
  /** A usage error: an unknown command or flag, a missing argument. */
  usage: 2,
  /** `--wait` / `--timeout` ran out. */
  timedOut: 124,
  /** `bella`'s own failure: configuration, authentication, the server down at start. */
  bellaFailed: 125,
  /** The command was found but could not be executed (permission, not a program). */
  notExecutable: 126,
  /** The command was not found. */
  notFound: 127,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code a shell reports for a process killed by `signal` (128 + its number). */
export function exitCodeForSignal(signalNumber: number): number {
  return 128 + signalNumber;
}

/**
 * The code a shell would report for a child's end: its own code; 128 + n when a signal killed
 * it; 127 when the program was not found, 126 when it could not be executed, 125 for any other
 * failure to start it.
 */
export function exitCodeOfChild(exit: { exitCode: number | null; signal: NodeJS.Signals | null; spawnErrorCode?: string }, signalNumber: (signal: NodeJS.Signals) => number | undefined): number {
  if (exit.spawnErrorCode !== undefined) {
    if (exit.spawnErrorCode === 'ENOENT') return EXIT.notFound;
    if (['EACCES', 'ENOEXEC', 'EISDIR', 'EPERM'].includes(exit.spawnErrorCode)) return EXIT.notExecutable;
    return EXIT.bellaFailed;
  }
  if (exit.exitCode !== null) return exit.exitCode;
  if (exit.signal !== null) return exitCodeForSignal(signalNumber(exit.signal) ?? 0);
  return EXIT.bellaFailed;
}
