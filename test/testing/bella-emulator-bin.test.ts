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
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ projects: [{ slug: 'shop', environments: [{ slug: 'dev', secrets: { PORT: 8080 } }] }], apikeys: [] }));
    writeFileSync(join(dir, 'nokeys.json'), JSON.stringify({ projects: [{ slug: 'shop', environments: [{ slug: 'dev', secrets: { A: '1' } }] }] }));
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
    ['a seed with a typo and a number for a secret', (d) => ['--seed', join(d, 'typo.json'), '--port', '0'], /--seed: .*typo\.json: invalid seed:[\s\S]*projects\[0\]\.environments\[0\]\.secrets\.PORT[\s\S]*unknown key "apikeys"/],
  ])('%s', async (_name, args, message) => {
    const { code, err } = await run(args(dir));
    expect(err).toMatch(message);
    expect(err).toMatch(/^bella-emulator: /);
    expect(code).toBe(1);
  }, 15_000);

  it('prints the API key as a ready-to-paste line and the admin URL, which answers', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^BELLA_BAXTER_URL=.*$/m.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    try {
      const apiKey = /API key for demo\/dev: (\S+)/.exec(out)![1]!;
      const url = /listening on (\S+)/.exec(out)![1]!;
      expect(line).toBe(`BELLA_BAXTER_URL=${url} BELLA_BAXTER_API_KEY=${apiKey} BELLA_BAXTER_PROJECT=demo BELLA_BAXTER_ENV=dev`);
      const admin = /Admin API: (\S+)/.exec(out)![1]!;
      expect(admin).toBe(`${url}/_emulator`);
      const routes = (await (await fetch(admin)).json()) as { routes: string[] };
      expect(routes.routes).toContain('POST /_emulator/clock/advance');
    } finally {
      await new Promise((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGINT');
      });
    }
  }, 15_000);

  it('a seed without API keys starts, with a warning on stderr', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0', '--seed', join(dir, 'nokeys.json')], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Admin API')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}${err}`)));
    });
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGINT');
    });
    expect(err).toContain('bella-emulator: warning: the seed has no apiKeys');
    expect(code).toBe(0);
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
