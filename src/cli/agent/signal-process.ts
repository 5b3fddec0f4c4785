import { readFile } from 'node:fs/promises';
import type { AgentSignal } from './agent-config.js';

/** What signalling did: `sent`, or why not (each a warning for the caller, never a crash). */
export type SignalOutcome =
  | { sent: true; pid: number }
  | { sent: false; reason: 'no-pid-file' | 'bad-pid-file' | 'not-running' | 'zombie' | 'denied'; pid?: number };

/** Linux: `/proc/<pid>/stat`'s state field (after the parenthesised command name, which may hold spaces). */
async function procState(pid: number): Promise<string | undefined | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No /proc at all (macOS): undefined, fall back to kill(pid, 0). No such pid: null.
    return code === 'ENOENT' && (await hasProc()) ? null : undefined;
  }
}

let procMounted: Promise<boolean> | undefined;
function hasProc(): Promise<boolean> {
  procMounted ??= readFile('/proc/self/stat').then(
    () => true,
    () => false,
  );
  return procMounted;
}

/**
 * Reads the pid file and sends `signal` once to that process, after checking it
 * exists and (on Linux) is not a zombie (a dead app whose parent has not reaped
 * it would swallow the signal). Never throws: a missing or stale pid file is an
 * outcome the caller logs as a warning.
 */
export async function signalPidFile(pidFile: string, signal: AgentSignal): Promise<SignalOutcome> {
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch {
    return { sent: false, reason: 'no-pid-file' };
  }
  const trimmed = text.trim();
  const pid = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  // 0 and 1 would mean the agent's process group or init: never a target.
  if (!Number.isSafeInteger(pid) || pid <= 1) return { sent: false, reason: 'bad-pid-file' };
  const state = await procState(pid);
  if (state === null) return { sent: false, reason: 'not-running', pid };
  if (state === 'Z' || state === 'X') return { sent: false, reason: 'zombie', pid };
  try {
    process.kill(pid, signal);
    return { sent: true, pid };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { sent: false, reason: code === 'EPERM' ? 'denied' : 'not-running', pid };
  }
}
