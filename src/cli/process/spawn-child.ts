import { spawn, type ChildProcess } from 'node:child_process';
import { SecretMasker } from './mask.js';
import { signalProcess, terminate } from './kill.js';

/** How a child ended: its exit code, or the signal that killed it; or why it never started. */
export interface ChildExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started: `ENOENT` (not found), `EACCES` (not executable), ... */
  spawnErrorCode?: string;
}

/** What {@link startChild} needs. */
export interface ChildSpec {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  /** Give the child its own process group (`detached`), so stopping it stops its whole tree. */
  ownGroup: boolean;
  /** Values to mask in its stdout/stderr (`--mask`); undefined: output is inherited untouched. */
  maskValues?: Iterable<string>;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Why `bella` stopped a child: the first reason wins. */
export type StopReason = 'restart' | 'stop';

/**
 * One child process and everything about its lifetime: its exit (as a promise, never
 * rejected), signals to it or its group, and termination with grace and SIGKILL.
 * No shell: `command` and `args` are executed as given.
 */
export class SupervisedChild {
  readonly process: ChildProcess;
  readonly ownGroup: boolean;
  readonly env: Readonly<Record<string, string>>;
  /** Resolves when the child has exited (or failed to start). */
  readonly exited: Promise<ChildExit>;
  /** Resolves when its output pipes are drained too (at once without `--mask`). */
  readonly closed: Promise<void>;
  #stopReason: StopReason | undefined;

  constructor(spec: ChildSpec) {
    this.ownGroup = spec.ownGroup && process.platform !== 'win32';
    this.env = spec.env;
    const masked = spec.maskValues !== undefined;
    this.process = spawn(spec.command, [...spec.args], {
      env: spec.env,
      stdio: masked ? ['inherit', 'pipe', 'pipe'] : 'inherit',
      detached: this.ownGroup,
      shell: false,
      windowsHide: true,
    });
    const child = this.process;
    this.exited = new Promise<ChildExit>((resolve) => {
      child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
      child.once('error', (error: NodeJS.ErrnoException) => {
        // 'error' after a successful spawn (a failed kill) is not an exit; 'exit' follows.
        if (child.pid === undefined) resolve({ exitCode: null, signal: null, spawnErrorCode: error.code ?? 'UNKNOWN' });
      });
    });
    this.closed = masked
      ? new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.once('error', () => child.pid === undefined && resolve());
        })
      : this.exited.then(() => undefined);
    if (masked && child.stdout && child.stderr) {
      child.stdout.pipe(new SecretMasker(spec.maskValues ?? [])).pipe(spec.stdout ?? process.stdout, { end: false });
      child.stderr.pipe(new SecretMasker(spec.maskValues ?? [])).pipe(spec.stderr ?? process.stderr, { end: false });
    }
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Why `bella` stopped it, if it did. */
  get stopReason(): StopReason | undefined {
    return this.#stopReason;
  }

  /** Sends a signal to the child (its group when it has one). */
  signal(signal: NodeJS.Signals): boolean {
    return signalProcess(this.process, signal, this.ownGroup);
  }

  /** Marks the child as stopped by `bella` (first reason wins) without signalling it. */
  markStopped(reason: StopReason): void {
    this.#stopReason ??= reason;
  }

  /** Stops the child (and its group), escalating to SIGKILL after `graceMs`; resolves with how it ended. */
  async stop(reason: StopReason, options: { signal: NodeJS.Signals; graceMs: number }): Promise<ChildExit & { forced: boolean }> {
    this.markStopped(reason);
    const { forced } = await terminate(this.process, { ...options, group: this.ownGroup, exited: this.exited });
    return { ...(await this.exited), forced };
  }
}
