import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaxterEmulator, ListeningServer } from '../../src/testing.js';
import { type AgentFixture, startAgentFixture, runBella, spawnBella, waitUntil } from './support/agent-harness.js';

const PRINT = ['node', '-e', "process.stdout.write(process.env.DB_PASSWORD ?? 'none')"];
let fixture: AgentFixture;
let bin: string;
let dir: string;
let emulator: BaxterEmulator;
let server: ListeningServer;
let env: Record<string, string>;

beforeAll(async () => {
  fixture = await startAgentFixture('bella-run-fallback-');
  ({ bin, dir, emulator, server } = fixture);
  env = fixture.envFor(emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { DB_PASSWORD: 'pw-from-bella' } }).apiKey);
}, 60_000);

afterAll(() => fixture.close());

describe('bella run --fallback <file>: the SDK cache for bella run', { timeout: 90_000 }, () => {
  it('saves the set encrypted (0600), starts the command from it while the server is unreachable, and fails (125) without one', async () => {
    const up = await runBella(bin, ['run', '--fallback', 'cache.bin', '--', ...PRINT], { cwd: dir, env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toBe('pw-from-bella');
    expect((await stat(join(dir, 'cache.bin'))).mode & 0o777).toBe(0o600);

    const heal = emulator.faults.add({ drop: true });
    try {
      const down = await runBella(bin, ['run', '--fallback', 'cache.bin', '--', ...PRINT], { cwd: dir, env });
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout).toBe('pw-from-bella');
      expect(down.stderr).toMatch(/the server is unreachable: starting from the --fallback cache saved \S+ \(stale until a check succeeds\)/);
      expect(down.stderr).not.toContain('pw-from-bella');

      const none = await runBella(bin, ['run', '--fallback', 'other.bin', '--', ...PRINT], { cwd: dir, env });
      expect(none.code).toBe(125);
      expect(none.stdout).toBe('');
    } finally {
      heal();
    }
  });

  it('--watch from the cache: once the server answers, a change restarts the command with the new value', async () => {
    const heal = emulator.faults.add({ drop: true });
    const script = "process.stdout.write(`ready ${process.env.DB_PASSWORD}\\n`); setInterval(() => {}, 1 << 30)";
    const run = spawnBella(bin, ['run', '--watch', '--poll-interval', '1', '--debounce', '0', '--fallback', 'cache.bin', '--', 'node', '-e', script], { cwd: dir, env });
    try {
      await waitUntil(() => (run.stdout().includes('ready pw-from-bella') ? true : undefined), { what: 'the command started from the cache' });
      heal();
      emulator.setSecret({ project: 'shop', environment: 'prod', key: 'DB_PASSWORD', value: 'pw-rotated' });
      await waitUntil(() => (run.stdout().includes('ready pw-rotated') ? true : undefined), { what: 'the restart with the new value', timeoutMs: 45_000 });
    } finally {
      heal();
      run.child.kill('SIGTERM');
      await run.exit;
    }
  });
});
