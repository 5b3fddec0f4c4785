import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaxterEmulator, type ListeningServer } from '../../src/testing.js';

let server: ListeningServer;
let apiKey: string;
let script: string;

beforeAll(async () => {
  const emulator = createBaxterEmulator();
  ({ apiKey } = emulator.addEnvironment({ project: 'p', environment: 'e', secrets: { A: '1' } }));
  server = await emulator.listen();
  // The child runs the SDK from source, bundled on the fly (dependencies stay external).
  // Inside the repo, so the child resolves the dependencies from node_modules.
  const root = join(__dirname, '../..');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  script = join(mkdtempSync(join(root, '.tmp', 'exit-')), 'child.mjs');
  await build({ entryPoints: [join(__dirname, '../fixtures/exit-child.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'error', absWorkingDir: join(__dirname, '../..') });
});
afterAll(() => server.close());

/** Spawns the child and resolves with how long it lived after printing "ready", and its exit code. */
function run(mode: 'close' | 'no-close'): Promise<{ code: number | null; afterReadyMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, server.url, apiKey, mode], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let readyAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) readyAt = performance.now();
    });
    // A child that never exits fails the test instead of hanging it.
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, afterReadyMs: readyAt === undefined ? Number.NaN : performance.now() - readyAt });
    });
  });
}

describe('process lifetime', () => {
  it('exits by itself right after close(), while polling every second', async () => {
    const { code, afterReadyMs } = await run('close');
    expect(code).toBe(0);
    expect(afterReadyMs).toBeLessThan(1_000);
  });

  it('never keeps a process alive: polling timers and idle sockets are unref\'d even without close()', async () => {
    const { code, afterReadyMs } = await run('no-close');
    expect(code).toBe(0);
    expect(afterReadyMs).toBeLessThan(1_000);
  });
});
