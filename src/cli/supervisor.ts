import { groupAlive, terminate } from './process/kill.js';
import { listenForSignals, reachedChildFromTerminal, STOPPING_SIGNALS } from './process/signals.js';
import { SupervisedChild, type ChildExit } from './process/spawn-child.js';

/**
 * What the supervised child did: started (with its pid), being stopped (for a restart or for
 * good), killed with SIGKILL after the grace period, a signal received and forwarded, exited.
 *
 * @example
 * ```ts
 * const onEvent = (event: SupervisorEvent) => {
 *   if (event.type === 'forced') console.error(`bella: child ${event.pid} ignored the stop signal; killed`);
 * };
 * ```
 */
export type SupervisorEvent =
  | { type: 'started'; pid: number | undefined; restart: boolean }
  | { type: 'stopping'; pid: number | undefined; reason: 'restart' | 'stop'; signal: NodeJS.Signals }
  | { type: 'forced'; pid: number | undefined }
  | { type: 'received'; signal: NodeJS.Signals; forwarded: boolean }
  | { type: 'exited'; pid: number | undefined; exitCode: number | null; signal: NodeJS.Signals | null };

/** How the supervised command is run and stopped. */
export interface SupervisorOptions {
  command: string;
  args: readonly string[];
  /** Give each child its own process group. */
  ownGroup: boolean;
  /** Mask secret values in the child's output. */
  mask: boolean;
  stopSignal: NodeJS.Signals;
  graceMs: number;
  /** Install handlers for SIGINT, SIGTERM, ... and pass them on (the `bella` bin does; an embedder may not). */
  forwardSignals: boolean;
  /** Whether stdin is a terminal (the Ctrl+C rule). */
  stdinIsTerminal: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  onEvent: (event: SupervisorEvent) => void;
}

/** A child's environment and the values to mask in its output. */
export interface ChildLaunch {
  env: Record<string, string>;
  maskValues: readonly string[];
}

/**
 * Runs one child at a time. A restart stops the old child (its whole group), waits for it
 * to exit, then starts the new one, so a server on a fixed port never meets its predecessor.
 * `done` resolves with the exit of the first child that ends other than by a restart: on its
 * own, by a forwarded signal, or by {@link stop}.
 */
export class Supervisor {
  readonly done: Promise<ChildExit>;
  #current: SupervisedChild | undefined;
  #stopping = false;
  #resolve: (exit: ChildExit) => void = () => undefined;
  readonly #options: SupervisorOptions;
  #removeSignalHandlers: (() => void) | undefined;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.done = new Promise<ChildExit>((resolve) => (this.#resolve = resolve));
  }

  /** The running child's environment (the last one started). */
  get currentEnv(): Readonly<Record<string, string>> | undefined {
    return this.#current?.env;
  }

  /** Whether `bella` is ending: no new child will be started. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts the first child. */
  start(launch: ChildLaunch): void {
    if (this.#options.forwardSignals) this.#removeSignalHandlers = listenForSignals((signal) => this.#onSignal(signal));
    this.#launch(launch, false);
  }

  /** Stops the current child, waits for its exit, then starts one with `launch` (unless stopping by then). */
  async restart(launch: ChildLaunch): Promise<void> {
    const old = this.#current;
    if (!old || this.#stopping) return;
    const { stopSignal: signal, graceMs } = this.#options;
    this.#options.onEvent({ type: 'stopping', pid: old.pid, reason: 'restart', signal });
    const exit = await old.stop('restart', { signal, graceMs });
    if (exit.forced) this.#options.onEvent({ type: 'forced', pid: old.pid });
    this.#options.onEvent({ type: 'exited', pid: old.pid, exitCode: exit.exitCode, signal: exit.signal });
    // A stop signal that came in while the old child was stopping ends bella with that child's exit.
    if (this.#stopping) return void this.#finish(old, exit);
    this.#launch(launch, true);
  }

  /** Sends a signal to the current child (its group when it has one). */
  signal(signal: NodeJS.Signals): boolean {
    return this.#current?.signal(signal) ?? false;
  }

  /** Stops the child for good (stop signal, grace, SIGKILL); `done` resolves with its exit. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const child = this.#current;
    if (!child || child.stopReason !== undefined) return;
    const { stopSignal: signal, graceMs } = this.#options;
    this.#options.onEvent({ type: 'stopping', pid: child.pid, reason: 'stop', signal });
    const exit = await child.stop('stop', { signal, graceMs });
    if (exit.forced) this.#options.onEvent({ type: 'forced', pid: child.pid });
  }

  #launch(launch: ChildLaunch, restart: boolean): void {
    const { command, args, ownGroup, mask, stdout, stderr } = this.#options;
    const child = new SupervisedChild({ command, args, env: launch.env, ownGroup, stdout, stderr, ...(mask ? { maskValues: launch.maskValues } : {}) });
    this.#current = child;
    if (child.pid !== undefined) this.#options.onEvent({ type: 'started', pid: child.pid, restart });
    void child.exited.then((exit) => {
      if (child.stopReason === 'restart') return; // restart() goes on from here.
      if (exit.spawnErrorCode === undefined) this.#options.onEvent({ type: 'exited', pid: child.pid, exitCode: exit.exitCode, signal: exit.signal });
      void this.#finish(child, exit);
    });
  }

  async #finish(child: SupervisedChild, exit: ChildExit): Promise<void> {
    this.#stopping = true;
    try {
      // What the child left behind in its group (a daemon it forked, a worker) goes with it.
      const pid = child.pid;
      if (child.ownGroup && pid !== undefined && groupAlive(pid)) {
        await terminate(child.process, { signal: this.#options.stopSignal, graceMs: this.#options.graceMs, group: true, exited: child.exited });
      }
      // Masked output still in the pipes is written before bella ends; bounded, in case a
      // process outside the group holds them open.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([child.closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, 500)))]);
      clearTimeout(timer);
    } finally {
      this.#removeSignalHandlers?.();
      this.#resolve(exit);
    }
  }

  #onSignal(signal: NodeJS.Signals): void {
    const child = this.#current;
    if (STOPPING_SIGNALS.has(signal)) {
      this.#stopping = true;
      child?.markStopped('stop');
    }
    const skip = !child || reachedChildFromTerminal(signal, child.ownGroup, this.#options.stdinIsTerminal);
    if (!skip) child.signal(signal);
    this.#options.onEvent({ type: 'received', signal, forwarded: !skip });
  }
}
