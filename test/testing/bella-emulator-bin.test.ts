import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The bin built from src (not dist, which other runs rebuild), run as a user would. */
describe('bella-emulator bin: bad input gets a message naming the flag or file, and exit 1', () => {
  let dir: string;
  let bin: string;
  beforeAll(async () => {
    // Inside the repository, so the bundle resolves its external packages from node_modules.
    const cache = resolve('node_modules/.cache');
    mkdirSync(cache, { recursive: true });
    dir = mkdtempSync(join(cache, 'bella-bin-'));
    bin = join(dir, 'bella-emulator.mjs');
    await build({ entryPoints: ['src/bin/bella-emulator.ts'], bundle: true, platform: 'node', format: 'esm', outfile: bin, packages: 'external', logLevel: 'silent' });
    writeFileSync(join(dir, 'bad.json'), '{"projects": [');
    writeFileSync(join(dir, 'array.json'), '[1]');
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[]): Promise<{ code: number | null; err: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, err });
      });
    });
  }

  it.each<[string, (d: string) => string[], RegExp]>([
    ['an empty --port', () => ['--port', ''], /--port must be 0-65535, got ""/],
    ['a --time-scale of 0', () => ['--time-scale', '0'], /--time-scale must be a number > 0, got "0"/],
    ['a --time-scale that is not a number', () => ['--time-scale', 'fast'], /--time-scale must be a number > 0, got "fast"/],
    ['a missing seed file', (d) => ['--seed', join(d, 'missing.json')], /--seed: cannot read .*missing\.json: ENOENT/],
    ['a seed file that is not JSON', (d) => ['--seed', join(d, 'bad.json')], /--seed: .*bad\.json is not valid JSON/],
    ['a seed file that is not an object', (d) => ['--seed', join(d, 'array.json'), '--port', '0'], /--seed: .*array\.json must hold a JSON object/],
  ])('%s', async (_name, args, message) => {
    const { code, err } = await run(args(dir));
    expect(err).toMatch(message);
    expect(err).toMatch(/^bella-emulator: /);
    expect(code).toBe(1);
  }, 15_000);

  it('serves, then stops cleanly on SIGINT (exit 0)', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    expect((await fetch(`${url}/api/v1/keys/me`)).status).toBe(401);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    expect(out).toContain('SIGINT: stopping bella-emulator');
  }, 15_000);
});
