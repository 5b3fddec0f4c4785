import type { ChildProcess } from 'node:child_process';

/** How often, while stopping, `bella` looks whether a process group is gone. */
const GROUP_POLL_MS = 25;

/**
 * Sends `signal` to the child, or to its whole process group when it has one (so a shell script
 * or `npm start` and what they started all get it). Returns false when nothing was left to signal.
 */
export function signalProcess(child: ChildProcess, signal: NodeJS.Signals, group: boolean): boolean {
  const pid = child.pid;
  if (pid === undefined) return false;
  try {
    if (group && process.platform !== 'win32') process.kill(-pid, signal);
    else child.kill(signal);
    return true;
  } catch {
    return false; // ESRCH: already gone.
  }
}

/** Whether any process of the group led by `pid` is still alive (zombies excluded only once reaped). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link terminate}. */
export interface TerminateOptions {
  /** The first signal. @default 'SIGTERM' */
  signal?: NodeJS.Signals;
  /** Milliseconds to wait before SIGKILL. @default 10000 */
  graceMs?: number;
  /** Signal the whole process group (the child was spawned `detached`). */
  group: boolean;
  /** Resolves when the child itself has exited. */
  exited: Promise<unknown>;
}

/**
 * Stops a child: the stop signal, then SIGKILL once the grace period is over. With a group,
 * it resolves only once every process of the group is gone (a grandchild that ignores the
 * signal is killed too), so a new child can bind the same port. Resolves whether SIGKILL was
 * needed. Every timer is cleared or unref'd.
 */
export async function terminate(child: ChildProcess, options: TerminateOptions): Promise<{ forced: boolean }> {
  const graceMs = options.graceMs ?? 10_000;
  const pid = child.pid;
  if (pid === undefined) return { forced: false };
  let forced = false;
  const kill = () => {
    forced = signalProcess(child, 'SIGKILL', options.group) || forced;
  };
  signalProcess(child, options.signal ?? 'SIGTERM', options.group);
  const deadline = Date.now() + graceMs;
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  try {
    await Promise.race([options.exited, graceOver]);
    if (Date.now() >= deadline && child.exitCode === null && child.signalCode === null) kill();
    await options.exited;
    if (options.group) await waitForGroupGone(pid, deadline, kill);
  } finally {
    clearTimeout(timer);
  }
  return { forced };
}

/** After SIGKILL, how long a group may still show up (as zombies nobody reaps, when `bella` is PID 1). */
const AFTER_KILL_MS = 1_000;

/** Waits until the group is gone; SIGKILLs it once past `deadline`. */
async function waitForGroupGone(pid: number, deadline: number, kill: () => void): Promise<void> {
  let killedAt: number | undefined;
  while (groupAlive(pid)) {
    if (killedAt === undefined && Date.now() >= deadline) {
      kill();
      killedAt = Date.now();
    }
    if (killedAt !== undefined && Date.now() - killedAt > AFTER_KILL_MS) return;
    // Not unref'd: once the leader has exited, nothing else may keep bella alive while it waits.
    await new Promise<void>((resolve) => setTimeout(resolve, GROUP_POLL_MS));
  }
}
