import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { createBaxterEmulator, type BaxterEmulator, type ListeningServer } from '../../../src/testing.js';

/** Builds the `bella` bin from src (dist is rebuilt by other runs) into node_modules/.cache, so it resolves its packages. */
export async function buildBellaBin(): Promise<string> {
  const cache = resolve('node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'bella-agent-bin-'));
  const bin = join(dir, 'bella.mjs');
  await build({ entryPoints: ['src/bin/bella.ts'], bundle: true, platform: 'node', format: 'esm', outfile: bin, packages: 'external', logLevel: 'silent' });
  return bin;
}

/** What the agent and `bella run --fallback` e2e files share: the bin, a scratch folder, an emulator on a loopback port. */
export interface AgentFixture {
  bin: string;
  dir: string;
  emulator: BaxterEmulator;
  server: ListeningServer;
  /** The variables `bella` reads to reach the emulator with `apiKey`. */
  envFor(apiKey: string): Record<string, string>;
  /** Stops the emulator and removes the folder. */
  close(): Promise<void>;
}

/** Builds the bin, makes a scratch folder named from `prefix` and starts an emulator (seed it with `emulator.addEnvironment`). */
export async function startAgentFixture(prefix: string): Promise<AgentFixture> {
  const bin = await buildBellaBin();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const emulator = createBaxterEmulator();
  const server = await emulator.listen();
  return {
    bin,
    dir,
    emulator,
    server,
    envFor: (apiKey) => ({ BELLA_BAXTER_URL: server.url, BELLA_BAXTER_API_KEY: apiKey }),
    async close() {
      await server.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One JSON log line of `--log-format json`. */
export interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

/** A spawned `bella agent`: its JSON log lines as they come, and waits on them. */
export interface AgentProcess {
  child: ChildProcess;
  lines: LogLine[];
  stderr: () => string;
  stdout: () => string;
  /** Resolves with the first line (from `from` on) matching; rejects after `timeoutMs` or when the process exits first. */
  waitForLine(match: (line: LogLine) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<LogLine>;
  exit: Promise<number | null>;
}

export function spawnBella(bin: string, args: string[], options: { cwd: string; env: Record<string, string> }): AgentProcess {
  const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  let err = '';
  let out = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of [...waiters]) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) {
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        lines.push({ level: 'raw', message: text });
      }
    }
    for (const wake of [...waiters]) wake();
  });
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  exit.then(() => {
    for (const wake of [...waiters]) wake();
  });
  let exited = false;
  void exit.then(() => (exited = true));
  return {
    child,
    lines,
    stderr: () => err,
    stdout: () => out,
    exit,
    waitForLine(match, { from = 0, timeoutMs = 30_000 } = {}) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no matching log line within ${timeoutMs} ms; stderr:\n${err}`)), timeoutMs);
        const check = () => {
          const found = lines.slice(from).find(match);
          if (found) finish(undefined, found);
          else if (exited) finish(new Error(`bella exited before a matching log line; stderr:\n${err}`));
        };
        const finish = (error?: Error, line?: LogLine) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(line as LogLine);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs `bella` to its end: exit code and stderr. */
export async function runBella(bin: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<{ code: number | null; stderr: string; stdout: string; lines: LogLine[] }> {
  const agent = spawnBella(bin, args, options);
  const timer = setTimeout(() => agent.child.kill('SIGKILL'), 45_000);
  const code = await agent.exit;
  clearTimeout(timer);
  return { code, stderr: agent.stderr(), stdout: agent.stdout(), lines: agent.lines };
}

/**
 * Polls `probe` on real time until it returns a value (bounded), for states with no
 * event to wait on (a health endpoint, a file that must appear).
 */
export async function waitUntil<T>(probe: () => Promise<T | undefined> | T | undefined, { timeoutMs = 30_000, everyMs = 50, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** GET /healthz: status and body. */
export async function getHealth(url: string): Promise<{ status: number; body: { state: string; lastSuccessAt: string | null; consecutiveFailures: number; watches: Array<Record<string, unknown>> } }> {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as never };
}
