import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BellaProcess, releasedAfterEach, BELLA_BIN, CHILD, isRunning, startEmulator } from './harness.js';

// bella as PID 1 of a fresh PID namespace (as a container's CMD without --init), through
// `unshare --user --pid --fork`. Where the machine refuses unprivileged namespaces, this is not testable here.
const canUnshare = spawnSync('unshare', ['-rpf', '--mount-proc', 'true']).status === 0;

const { running, stops } = releasedAfterEach();

/** The outer pid of the process unshare forked (bella, PID 1 inside). */
function forkedChild(unsharePid: number): number {
  const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  const pid = children[0];
  if (pid === undefined || Number.isNaN(pid)) throw new Error('unshare has not forked yet');
  return pid;
}

describe.runIf(canUnshare)('bella as PID 1 (docker run without --init)', () => {
  async function bellaAsPid1(childArgs: string[]) {
    const { env, emulator } = await startEmulator({ A: '1' });
    stops.push(() => emulator.close());
    const inside = new BellaProcess(['run', '--', 'node', CHILD, ...childArgs], env, { wrap: ['unshare', '-rpf', '--mount-proc', process.execPath, BELLA_BIN] });
    running.push(inside);
    return inside;
  }

  it('docker stop: SIGTERM to bella reaches the child, bella exits with its code', async () => {
    const run = await bellaAsPid1(['--term-exit', '3']);
    const ready = await run.nextEvent('ready');
    expect(ready.pid).toBeGreaterThan(1); // in the namespace, where bella is 1
    const bella = forkedChild(run.process.pid ?? 0);
    process.kill(bella, 'SIGTERM');
    await run.nextEvent('term');
    expect((await run.exited).code).toBe(3);
    expect(isRunning(bella)).toBe(false);
  });

  it('a child killed by a signal: PID 1 cannot die of it re-raised, so bella exits 128 + n', async () => {
    const run = await bellaAsPid1(['--kill-self', 'SIGKILL']);
    expect((await run.exited).code).toBe(137);
  });
});
