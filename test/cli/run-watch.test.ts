import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { BellaProcess, CHILD, isRunning, leftovers, startEmulator, TREE } from './harness.js';

// `bella run --watch` end to end. Polls every second (the minimum) with a short debounce,
// so each test waits for a few real polls at most; every wait is on a line, never a sleep.
const FAST = ['--watch', '--poll-interval', '1', '--debounce', '0.2', '--grace', '3', '--verbose'];
let running: BellaProcess[] = [];
let stops: Array<() => Promise<void>> = [];
afterEach(async (context) => {
  if (context.task.result?.state === 'fail') for (const bella of running) console.error([...bella.stderrLines, ...bella.stdoutLines].join('\n'));
  for (const bella of running) bella.cleanup();
  await Promise.all(stops.map((stop) => stop()));
  running = [];
  stops = [];
});

async function setup(secrets: Record<string, string>) {
  const started = await startEmulator(secrets);
  stops.push(() => started.emulator.close());
  return started;
}

function bella(args: string[], env: Record<string, string>): BellaProcess {
  const process = new BellaProcess(args, env);
  running.push(process);
  return process;
}

/** A loopback port nobody is using now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function stopBella(run: BellaProcess) {
  run.process.kill('SIGTERM');
  const exit = await run.exited;
  expect(leftovers(run)).toEqual([]);
  return exit;
}

describe('bella run --watch', () => {
  it('restarts the child on a change within one poll interval plus the debounce; the old one (on a fixed port) has exited first', async () => {
    const { env, setSecret } = await setup({ A: '1' });
    const port = await freePort();
    const run = bella(['run', ...FAST, '--', 'node', CHILD, '--port', String(port), '--keys', 'A'], env);
    const first = await run.nextEvent('ready');
    expect(first.env).toEqual({ A: '1' });
    const changedAt = Date.now();
    setSecret('A', '2');
    await run.nextLine('stderr', /secrets changed \(A\): restarting/);
    const noticedMs = Date.now() - changedAt;
    const second = await run.nextEvent('ready');
    expect(second.env).toEqual({ A: '2' });
    expect(second.pid).not.toBe(first.pid);
    // The old child got SIGTERM and was gone before the new one bound the same port.
    expect(run.events('term').map((e) => e.pid)).toEqual([first.pid]);
    expect(run.events('bind-failed')).toEqual([]);
    expect(isRunning(first.pid)).toBe(false);
    // Poll interval ±10% jitter, plus the debounce, plus a margin for a loaded machine.
    expect(noticedMs).toBeLessThan(1_100 + 200 + 700);
    expect(await stopBella(run)).toEqual({ code: 0, signal: null });
  });

  it('--signal sighup sends a real SIGHUP to the same child and does not restart it', async () => {
    const { env, setSecret } = await setup({ A: '1' });
    const run = bella(['run', ...FAST, '--signal', 'sighup', '--', 'node', CHILD, '--keys', 'A'], env);
    const ready = await run.nextEvent('ready');
    setSecret('A', '2');
    const hup = await run.nextEvent('hup');
    expect(hup.pid).toBe(ready.pid);
    expect(run.events('ready')).toHaveLength(1);
    expect(run.events('term')).toEqual([]);
    await stopBella(run);
  });

  it('restarts nothing when polls bring the same secrets, or a change is undone within the debounce', async () => {
    const { env, setSecret, emulator } = await setup({ A: '1' });
    const run = bella(['run', '--watch', '--poll-interval', '1', '--debounce', '2.5', '--verbose', '--', 'node', CHILD, '--keys', 'A'], env);
    await run.nextEvent('ready');
    // Two polls answered 304: nothing happens.
    await emulator.nextRequest('envSecretsHash');
    await emulator.nextRequest('envSecretsHash');
    // A change, seen by a poll, then undone and seen by the next one, all within the debounce.
    setSecret('A', '2');
    await emulator.nextRequest('envSecrets');
    setSecret('A', '1');
    await emulator.nextRequest('envSecrets');
    await run.nextLine('stderr', /nothing to do/);
    expect(run.events('ready')).toHaveLength(1);
    expect(run.events('term')).toEqual([]);
    expect(run.stderrLines.join('\n')).not.toContain('restarting');
    await stopBella(run);
  });

  it('keeps the child running while the server fails, says so once per failure streak, and once on recovery', async () => {
    const { env, emulator } = await setup({ A: '1' });
    const run = bella(['run', ...FAST, '--', 'node', CHILD, '--keys', 'A'], env);
    const ready = await run.nextEvent('ready');
    const heal = emulator.injectFault({ route: 'envSecretsHash', status: 503 });
    await run.nextLine('stderr', /could not check for changes; the command keeps running/);
    await run.nextLine('stderr', /still failing \(2 checks in a row\)/); // a second failure in the same streak
    heal();
    await run.nextLine('stderr', /works again \(after 2 failed check/);
    expect(run.stderrLines.filter((line) => line.includes('could not check'))).toHaveLength(1);
    // The SDK client's own warning is not printed beside bella's: every line is bella's.
    expect(run.stderrLines.filter((line) => !line.startsWith('bella: '))).toEqual([]);
    expect(isRunning(ready.pid)).toBe(true);
    expect(run.events('ready')).toHaveLength(1);
    await stopBella(run);
  });

  it('stops the whole tree of a child that started its own child (a shell script), and leaves nothing running', async () => {
    const { env, setSecret } = await setup({ A: '1' });
    const run = bella(['run', ...FAST, '--', 'sh', TREE], env);
    const shell = await run.nextEvent('shell');
    const grandchild = await run.nextEvent('ready');
    expect(grandchild.pid).toBe(shell.grandchild);
    setSecret('A', '2');
    const next = await run.nextEvent('ready');
    expect(next.env).toEqual({ A: '2' });
    expect(isRunning(shell.pid)).toBe(false);
    expect(isRunning(grandchild.pid)).toBe(false);
    await stopBella(run);
  });

  it('a child that exits by itself ends bella with its code, in watch mode too', async () => {
    const { env } = await setup({ A: '1' });
    const run = bella(['run', ...FAST, '--', 'node', CHILD, '--exit', '4'], env);
    expect(await run.exited).toEqual({ code: 4, signal: null });
  });

  it('a child ignoring the stop signal is killed after --grace, then the new one starts', async () => {
    const { env, setSecret } = await setup({ A: '1' });
    const run = bella(['run', '--watch', '--poll-interval', '1', '--debounce', '0', '--grace', '0.3', '--', 'node', CHILD, '--ignore-term', '--keys', 'A'], env);
    const first = await run.nextEvent('ready');
    setSecret('A', '2');
    await run.nextLine('stderr', /killed with SIGKILL/);
    const second = await run.nextEvent('ready');
    expect(second.env).toEqual({ A: '2' });
    expect(isRunning(first.pid)).toBe(false);
    // It ignores SIGTERM, not SIGINT: bella passes SIGINT on and ends as the child did.
    run.process.kill('SIGINT');
    expect(await run.exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(leftovers(run)).toEqual([]);
  });
});
