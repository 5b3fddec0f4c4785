import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalPidFile } from '../../src/cli/agent/signal-process.js';
import { waitUntil } from './support/agent-harness.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bella-signal-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('signalPidFile: a missing, malformed or stale pid file is an outcome, never a crash or a wrong target', () => {
  it('no pid file, garbage, pid 0/1', async () => {
    expect(await signalPidFile(join(dir, 'absent.pid'), 'SIGHUP')).toEqual({ sent: false, reason: 'no-pid-file' });
    for (const text of ['', 'abc', '12 34', '0', '1', '-5']) {
      await writeFile(join(dir, 'bad.pid'), text);
      expect(await signalPidFile(join(dir, 'bad.pid'), 'SIGHUP')).toEqual({ sent: false, reason: 'bad-pid-file' });
    }
  });

  it('a process that has exited is not signalled', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.on('exit', resolve));
    await writeFile(join(dir, 'gone.pid'), String(child.pid));
    expect(await signalPidFile(join(dir, 'gone.pid'), 'SIGHUP')).toEqual({ sent: false, reason: 'not-running', pid: child.pid });
  });

  it.runIf(process.platform === 'linux')('a zombie (exited, not yet reaped by its parent) is not signalled', async () => {
    // sh starts a child that exits shortly, then execs into sleep, which never reaps it: a zombie until sleep ends.
    const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const pid = Number((await new Promise<Buffer>((resolve) => parent.stdout.once('data', resolve))).toString().trim());
      await waitUntil(async () => ((await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).includes(') Z ') ? true : undefined), { what: 'the zombie' });
      await writeFile(join(dir, 'zombie.pid'), `${pid}\n`);
      expect(await signalPidFile(join(dir, 'zombie.pid'), 'SIGHUP')).toEqual({ sent: false, reason: 'zombie', pid });
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
