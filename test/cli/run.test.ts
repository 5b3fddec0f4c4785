import { describe, expect, it } from 'vitest';
import { BellaProcess, releasedAfterEach, CHILD, leftovers, SPLIT_WRITER, startEmulator } from './harness.js';

// The built `bella` bin against the emulator on a real port, running tiny fixture programs.
const { running, stops } = releasedAfterEach();

async function setup(secrets: Record<string, string>, providers?: Parameters<typeof startEmulator>[1]) {
  const started = await startEmulator(secrets, providers);
  stops.push(() => started.emulator.close());
  return started;
}

function bella(args: string[], env: Record<string, string>, options?: { cwd?: string }): BellaProcess {
  const process = new BellaProcess(args, env, options);
  running.push(process);
  return process;
}

describe('bella run', () => {
  it('puts the secrets in the child environment, withholds reserved names with a warning, and exits with the child code', async () => {
    const { env } = await setup({ API_TOKEN: 't0k3n-value', NODE_OPTIONS: '--require ./evil.js', ld_preload: '/tmp/evil.so' });
    const run = bella(['run', '--', 'node', CHILD, '--keys', 'API_TOKEN,NODE_OPTIONS,ld_preload'], { ...env, API_TOKEN: 'inherited' });
    const ready = await run.nextEvent('ready');
    expect(ready.env).toEqual({ API_TOKEN: 't0k3n-value', NODE_OPTIONS: null, ld_preload: null });
    const warning = run.stderrLines.find((line) => line.includes('reserved'));
    expect(warning).toMatch(/^bella: warn: .*NODE_OPTIONS, ld_preload/);
    expect(run.stderrLines.join('\n')).not.toContain('evil');
    run.process.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(leftovers(run)).toEqual([]);
  });

  it('--preserve-env keeps an inherited value; --allow-reserved-env injects reserved names', async () => {
    const { env } = await setup({ API_TOKEN: 'from-bella', NODE_PATH: '/opt/mods' });
    const run = bella(['run', '--preserve-env', '--allow-reserved-env', '--', 'node', CHILD, '--keys', 'API_TOKEN,NODE_PATH'], { ...env, API_TOKEN: 'inherited' });
    expect((await run.nextEvent('ready')).env).toEqual({ API_TOKEN: 'inherited', NODE_PATH: '/opt/mods' });
    run.process.kill('SIGTERM');
    await run.exited;
  });

  it('--provider reads one provider secrets (E2EE), -p/-e name the scope', async () => {
    const { env } = await setup({}, [{ slug: 'vault', secrets: { P: 'from-vault' } }, { slug: 'aws', secrets: { O: 'from-aws' } }]);
    const run = bella(['run', '-p', 'shop', '-e', 'dev', '--provider', 'vault', '--', 'node', CHILD, '--keys', 'O,P'], env);
    expect((await run.nextEvent('ready')).env).toEqual({ O: null, P: 'from-vault' });
    run.process.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('--log-format json writes one JSON object per line on stderr; --quiet keeps only warnings', async () => {
    const { env } = await setup({ A: '1', LD_PRELOAD: 'x.so' });
    const json = bella(['run', '--log-format', 'json', '--', 'node', CHILD, '--exit', '0'], env);
    expect((await json.exited).code).toBe(0);
    const lines = json.stderrLines.map((line) => JSON.parse(line) as { level: string; message: string; source: string });
    expect(lines.map((l) => [l.level, l.source])).toEqual([['info', 'bella'], ['warn', 'bella']]);
    const quiet = bella(['run', '--quiet', '--', 'node', CHILD, '--exit', '0'], env);
    expect((await quiet.exited).code).toBe(0);
    expect(quiet.stderrLines).toHaveLength(1);
    expect(quiet.stderrLines[0]).toMatch(/^bella: warn: not injected .*LD_PRELOAD/);
  });

  it('a child exiting with 7 makes bella exit with 7; its stdout stays clean of bella lines', async () => {
    const { env } = await setup({ A: '1' });
    const run = bella(['run', '--', 'node', CHILD, '--exit', '7'], env);
    expect(await run.exited).toEqual({ code: 7, signal: null });
    expect(run.stdoutLines).toEqual([]);
    expect(run.stderrLines.every((line) => line.startsWith('bella: '))).toBe(true);
  });

  it('SIGTERM to bella reaches the child, and bella exits with the code the child chose', async () => {
    const { env } = await setup({ A: '1' });
    const run = bella(['run', '--', 'node', CHILD, '--term-exit', '3'], env);
    await run.nextEvent('ready');
    run.process.kill('SIGTERM');
    await run.nextEvent('term');
    expect(await run.exited).toEqual({ code: 3, signal: null });
    expect(leftovers(run)).toEqual([]);
  });

  it('a child killed by SIGKILL is reported by signal: bella dies of the same signal', async () => {
    const { env } = await setup({ A: '1' });
    const run = bella(['run', '--', 'node', CHILD, '--kill-self', 'SIGKILL'], env);
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(run.stderrLines.join('\n')).toContain('killed by SIGKILL');
  });

  it('--mask replaces a secret value split across two writes', async () => {
    const { env } = await setup({ SECRET: 'sup3r-s3cret-value' });
    const run = bella(['run', '--mask', '--', 'node', SPLIT_WRITER], env);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdoutLines).toEqual(['before *** after', 'done']);
  });

  it('a program that does not exist exits 127; one that is not executable exits 126', async () => {
    const { env } = await setup({ A: '1' });
    const missing = bella(['run', '--', 'no-such-program-for-bella'], env);
    expect((await missing.exited).code).toBe(127);
    expect(missing.stderrLines.join('\n')).toContain('command not found');
    const notExecutable = bella(['run', '--', CHILD], env); // a .mjs without the x bit
    expect((await notExecutable.exited).code).toBe(126);
  });

  it("bella's own failure at start (a revoked key, the server down) exits 125 and never starts the child", async () => {
    const { env, emulator, server } = await setup({ A: '1' });
    emulator.revokeApiKey(env.BELLA_BAXTER_API_KEY);
    const refused = bella(['run', '--', 'node', CHILD], env);
    expect((await refused.exited).code).toBe(125);
    expect(refused.stderrLines.join('\n')).toMatch(/401/);
    expect(refused.stdoutLines).toEqual([]);
    await server.close();
    const down = bella(['run', '--', 'node', CHILD], { ...env, BELLA_BAXTER_API_KEY: emulator.createApiKey({ project: 'shop', environment: 'dev' }) });
    expect((await down.exited).code).toBe(125);
    expect(down.stdoutLines).toEqual([]);
  });
});
