import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBaxterManagementClient } from '../../src/index.js';
import { execWithCredentials, rotateSecret, runWithSecrets, type RunEvent } from '../../src/cli.js';
import { CHILD, isRunning, startEmulator } from './harness.js';

// The functions behind the commands, embedded in this process: results, events, no output of their own.
let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.map((stop) => stop()));
  stops = [];
});

async function setup() {
  const started = await startEmulator({ A: '1' }, [{ slug: 'vault', secrets: { S: 'v' } }]);
  stops.push(() => started.emulator.close());
  const connection = { baxterUrl: started.env.BELLA_BAXTER_URL, apiKey: started.env.BELLA_BAXTER_API_KEY, env: {} };
  return { ...started, connection };
}

describe('@bella-baxter/sdk/cli', () => {
  it('runWithSecrets resolves with the child exit, reports through onEvent and writes nothing itself', async () => {
    const { connection } = await setup();
    const stderr = vi.spyOn(process.stderr, 'write');
    const events: RunEvent['type'][] = [];
    const result = await runWithSecrets({ command: process.execPath, args: [CHILD, '--exit', '5'], connection, forwardSignals: false, onEvent: (e) => events.push(e.type) });
    expect(result).toEqual({ exitCode: 5, signal: null, restarts: 0 });
    expect(events).toEqual(['loaded', 'started', 'exited']);
    expect(stderr).not.toHaveBeenCalled();
  });

  it('runWithSecrets: aborting stops the child (its group) and resolves with how it ended', async () => {
    const { connection } = await setup();
    const abort = new AbortController();
    let pid: number | undefined;
    const result = await runWithSecrets({
      command: process.execPath,
      args: [CHILD],
      connection,
      watch: true,
      forwardSignals: false,
      ownProcessGroup: true,
      signal: abort.signal,
      stdout: process.stdout,
      onEvent: (e) => {
        if (e.type === 'started') {
          pid = e.pid;
          abort.abort();
        }
      },
    });
    // Stopped with SIGTERM: before the fixture's handler is installed it dies of it (143), after it exits 0.
    expect(result.signal === 'SIGTERM' || result.exitCode === 0).toBe(true);
    if (result.signal) expect(result.exitCode).toBe(143);
    expect(pid !== undefined && isRunning(pid)).toBe(false);
  });

  it('runWithSecrets with watch polls only the hash while nothing changes (the full set once, at start)', async () => {
    const { connection, emulator } = await setup();
    const abort = new AbortController();
    const polled = (async () => {
      await emulator.nextRequest('envSecretsHash'); // the start
      await emulator.nextRequest('envSecretsHash'); // the first poll
      await emulator.nextRequest('envSecretsHash'); // the second
    })();
    const run = runWithSecrets({ command: process.execPath, args: [CHILD], connection, watch: true, pollIntervalSeconds: 1, forwardSignals: false, signal: abort.signal });
    await polled;
    abort.abort();
    await run;
    const routes = emulator.requests.map((r) => r.route);
    expect(routes.filter((r) => r === 'envSecrets')).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.route === 'envSecretsHash').slice(1).every((r) => r.status === 304)).toBe(true);
  });

  it('a program that is not found resolves with 127 and spawnError ENOENT', async () => {
    const { connection } = await setup();
    expect(await runWithSecrets({ command: 'no-such-program-for-bella', connection, forwardSignals: false })).toEqual({ exitCode: 127, signal: null, spawnError: 'ENOENT', restarts: 0 });
  });

  it('execWithCredentials and rotateSecret reject bad arguments with a BaxterValidationError before any request', async () => {
    const { connection, emulator } = await setup();
    await expect(execWithCredentials({ provider: 'pg', command: 'node', envMap: { DB_PASS: 'X' }, connection })).rejects.toMatchObject({ code: 'BAXTER_VALIDATION_FAILED' });
    await expect(rotateSecret({ provider: '', key: 'S', connection })).rejects.toMatchObject({ code: 'BAXTER_VALIDATION_FAILED' });
    expect(emulator.requests).toEqual([]);
  });

  it('createBaxterManagementClient connects without reading secrets and close() releases it', async () => {
    const { connection, emulator } = await setup();
    const management = await createBaxterManagementClient(connection);
    expect([management.project, management.environment]).toEqual(['shop', 'dev']);
    expect(String(management)).toBe('BaxterManagementClient(shop/dev)');
    expect((await management.listProviders()).map((p) => p.providerSlug)).toContain('vault');
    await management.close();
    await management.close();
    expect(emulator.requests.map((r) => r.route)).toEqual(['keyContext', 'providers']);
  });
});
