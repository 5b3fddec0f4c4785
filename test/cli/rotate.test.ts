import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BellaProcess, startEmulator } from './harness.js';

let running: BellaProcess[] = [];
let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const bella of running) bella.cleanup();
  for (const stop of stops.reverse()) await stop();
  running = [];
  stops = [];
});

const ref = { project: 'shop', environment: 'dev', provider: 'vault', key: 'SESSION_SECRET' };

async function setup() {
  const started = await startEmulator({}, [{ slug: 'vault', secrets: { SESSION_SECRET: 'old-session-value', OTHER: 'x' } }], { rotation: { callTimeoutMs: 3_000 } });
  stops.push(() => started.emulator.close());
  return started;
}

/** A rotation function on a loopback port: `fail` answers 500 with an error, `hang` never answers. */
async function rotationFunction(mode: 'fail' | 'hang'): Promise<string> {
  const server: Server = createServer((_req, res) => {
    if (mode === 'hang') return; // held open until the test closes the server
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'upstream refused the new key' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/rotate`;
}

function bella(args: string[], env: Record<string, string>): BellaProcess {
  const process = new BellaProcess(args, env);
  running.push(process);
  return process;
}

describe('bella secrets rotate', () => {
  it('without --wait: says the rotation was accepted and runs asynchronously, exit 0; --json prints one object', async () => {
    const { env, emulator } = await setup();
    emulator.setRotationPolicy({ ...ref, policy: { enabled: true, intervalDays: 30, strategy: 'GenerateRandom', randomFormat: 'hex32' } });
    const run = bella(['secrets', 'rotate', 'SESSION_SECRET', '--provider', 'vault', '--json'], env);
    expect((await run.exited).code).toBe(0);
    expect(run.stderrLines.join('\n')).toMatch(/rotation of SESSION_SECRET accepted; it runs asynchronously/);
    expect(run.stdoutLines).toHaveLength(1);
    expect(JSON.parse(run.stdoutLines[0] ?? '')).toMatchObject({ outcome: 'accepted', exitCode: 0, key: 'SESSION_SECRET', provider: 'vault', project: 'shop', environment: 'dev' });
    expect(emulator.requestsTo('envSecrets')).toEqual([]);
    expect(emulator.requestsTo('rotate')).toHaveLength(1);
  });

  it('--wait follows a rotation to its end: done exits 0', async () => {
    const { env, emulator } = await setup();
    emulator.setRotationPolicy({ ...ref, policy: { enabled: true, intervalDays: 30, strategy: 'GenerateRandom', randomFormat: 'hex32' } });
    const run = bella(['secrets', 'rotate', '--key', 'SESSION_SECRET', '--provider', 'vault', '--wait', '--poll-interval', '0.05', '--json'], env);
    expect((await run.exited).code).toBe(0);
    const result = JSON.parse(run.stdoutLines[0] ?? '') as { outcome: string; lastRotatedAt: string };
    expect(result.outcome).toBe('done');
    expect(Date.parse(result.lastRotatedAt)).toBeGreaterThan(0);
    expect(emulator.rotationLog.map((entry) => entry.event)).toContain('rotated');
    expect(run.stderrLines.join('\n')).not.toMatch(/[0-9a-f]{32}/); // the new value is never printed
  });

  it('--wait: a failed rotation exits 1 with the server last error', async () => {
    const { env, emulator } = await setup();
    emulator.setRotationPolicy({ ...ref, policy: { enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: await rotationFunction('fail') } });
    const run = bella(['secrets', 'rotate', 'SESSION_SECRET', '--provider', 'vault', '--wait', '--poll-interval', '0.05'], env);
    expect((await run.exited).code).toBe(1);
    expect(run.stderrLines.join('\n')).toMatch(/rotation of SESSION_SECRET failed: .*upstream refused the new key/);
  });

  it('--wait: a rotation still running at --timeout exits 124', async () => {
    const { env, emulator } = await setup();
    emulator.setRotationPolicy({ ...ref, policy: { enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: await rotationFunction('hang') } });
    const run = bella(['secrets', 'rotate', 'SESSION_SECRET', '--provider', 'vault', '--wait', '--timeout', '0.5', '--poll-interval', '0.05'], env);
    expect((await run.exited).code).toBe(124);
    expect(run.stderrLines.join('\n')).toMatch(/still Rotating after 0.5 s; it goes on on the server/);
  });

  it('a refused rotation (no policy, unknown key) exits 1 with the server reason', async () => {
    const { env } = await setup();
    const noPolicy = bella(['secrets', 'rotate', 'OTHER', '--provider', 'vault'], env);
    expect((await noPolicy.exited).code).toBe(1);
    expect(noPolicy.stderrLines.join('\n')).toMatch(/refused: Secret "OTHER" has no rotation policy/);
    const unknown = bella(['secrets', 'rotate', 'NOPE', '--provider', 'vault'], env);
    expect((await unknown.exited).code).toBe(1);
    expect(unknown.stderrLines.join('\n')).toMatch(/refused: No secret "NOPE"/);
  });

  it('usage: no key, no provider, or another secrets subcommand exit 2', async () => {
    const noKey = bella(['secrets', 'rotate', '--provider', 'vault'], {});
    expect((await noKey.exited).code).toBe(2);
    const list = bella(['secrets', 'list'], {});
    expect((await list.exited).code).toBe(2);
    expect(list.stderrLines.join('\n')).toMatch(/covers run, agent, exec and secrets rotate/);
  });
});
