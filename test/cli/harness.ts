import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { BaxterEmulatorCore } from '../../src/testing/emulator.js';
import type { ListeningServer } from '../../src/testing/server.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BELLA_BIN = `${ROOT}dist/bin/bella.js`;
export const CHILD = `${ROOT}test/fixtures/cli/child.mjs`;
export const TREE = `${ROOT}test/fixtures/cli/tree.sh`;
export const SPLIT_WRITER = `${ROOT}test/fixtures/cli/split-writer.mjs`;

if (!existsSync(BELLA_BIN)) throw new Error(`${BELLA_BIN} is missing: run 'npm run build' before the bella e2e tests.`);

/** An emulator on a real loopback port with one environment, and the variables bella reads. */
export async function startEmulator(
  secrets: Record<string, string>,
  providers?: Parameters<BaxterEmulatorCore['addEnvironment']>[0]['providers'],
  options?: ConstructorParameters<typeof BaxterEmulatorCore>[0],
) {
  const emulator = new BaxterEmulatorCore(options);
  const server: ListeningServer = await emulator.listen();
  const seeded = emulator.addEnvironment({ project: 'shop', environment: 'dev', secrets, ...(providers ? { providers } : {}) });
  const env = { BELLA_BAXTER_URL: server.url, BELLA_BAXTER_API_KEY: seeded.apiKey };
  return { emulator, server, env, setSecret: (key: string, value: string) => emulator.setSecret({ project: 'shop', environment: 'dev', key, value }) };
}

/**
 * What a test file started, released after each test: every `bella` pushed to `running` is killed
 * with everything it reported, every `stops` entry (emulators, servers) is awaited.
 */
export function releasedAfterEach(): { running: BellaProcess[]; stops: Array<() => Promise<void>> } {
  const started = { running: [] as BellaProcess[], stops: [] as Array<() => Promise<void>> };
  afterEach(async () => {
    for (const bella of started.running.splice(0)) bella.cleanup();
    await Promise.all(started.stops.splice(0).map((stop) => stop()));
  });
  return started;
}

/** One JSON line a fixture printed. */
export interface FixtureEvent {
  event: string;
  pid: number;
  env?: Record<string, string | null>;
  grandchild?: number;
  code?: string;
}

/** A running `bella` with its output split in lines, and waits on them (no sleeps). */
export class BellaProcess {
  readonly process: ChildProcess;
  readonly stdoutLines: string[] = [];
  readonly stderrLines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every pid a fixture reported (children and grandchildren), for the leftover check. */
  readonly pids = new Set<number>();
  #waiters: Array<{ stream: 'stdout' | 'stderr'; test: (line: string) => boolean; resolve: (line: string) => void }> = [];
  #seen = { stdout: 0, stderr: 0 };

  /** `wrap`: the program and arguments that run bella instead of `node <bin>` (e.g. unshare). */
  constructor(args: string[], env: Record<string, string>, options: { cwd?: string; wrap?: string[] } = {}) {
    const inherited = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
    const [program = process.execPath, ...prefix] = options.wrap ?? [process.execPath, BELLA_BIN];
    this.process = spawn(program, [...prefix, ...args], { env: inherited, stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd });
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of ['stdout', 'stderr'] as const) {
      let buffer = '';
      this.process[stream]?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffer.indexOf('\n')) !== -1) {
          this.#line(stream, buffer.slice(0, newline));
          buffer = buffer.slice(newline + 1);
        }
      });
    }
  }

  #line(stream: 'stdout' | 'stderr', line: string): void {
    (stream === 'stdout' ? this.stdoutLines : this.stderrLines).push(line);
    const event = parseEvent(line);
    if (event) {
      this.pids.add(event.pid);
      if (event.grandchild) this.pids.add(event.grandchild);
    }
    const ready = this.#waiters.filter((w) => w.stream === stream && w.test(line));
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(line);
  }

  /** Resolves with the next stdout/stderr line (from now on, or already seen after the last wait) matching. */
  nextLine(stream: 'stdout' | 'stderr', test: RegExp | ((line: string) => boolean)): Promise<string> {
    const matches = typeof test === 'function' ? test : (line: string) => test.test(line);
    const lines = stream === 'stdout' ? this.stdoutLines : this.stderrLines;
    const from = this.#seen[stream];
    const index = lines.findIndex((line, i) => i >= from && matches(line));
    if (index !== -1) {
      this.#seen[stream] = index + 1;
      return Promise.resolve(lines[index] ?? '');
    }
    return new Promise((resolve) =>
      this.#waiters.push({
        stream,
        test: matches,
        resolve: (line) => {
          this.#seen[stream] = lines.length;
          resolve(line);
        },
      }),
    );
  }

  /** The next fixture event of a kind, from stdout. */
  async nextEvent(kind: string): Promise<FixtureEvent> {
    const line = await this.nextLine('stdout', (l) => parseEvent(l)?.event === kind);
    return parseEvent(line) as FixtureEvent;
  }

  events(kind: string): FixtureEvent[] {
    return this.stdoutLines.map(parseEvent).filter((e): e is FixtureEvent => e?.event === kind);
  }

  /** Kills bella and everything it reported, whatever state the test left them in. */
  cleanup(): void {
    for (const pid of [this.process.pid, ...this.pids]) {
      try {
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

function parseEvent(line: string): FixtureEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as FixtureEvent;
  } catch {
    return undefined;
  }
}

/** Whether a process is still running (a zombie waiting to be reaped counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The pids of a bella run that are still running (expected: none, once it has exited). */
export function leftovers(bella: BellaProcess): number[] {
  return [...bella.pids].filter(isRunning);
}
