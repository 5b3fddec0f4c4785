import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaxterEmulator, ListeningServer } from '../../src/testing.js';
import { type AgentFixture, startAgentFixture, getHealth, runBella, spawnBella, waitUntil, type AgentProcess } from './support/agent-harness.js';

const COUNTER = fileURLToPath(new URL('../fixtures/sighup-counter.mjs', import.meta.url));

let fixture: AgentFixture;
let bin: string;
let dir: string;
let emulator: BaxterEmulator;
let server: ListeningServer;
let apiKey: string;
let app: ChildProcess;
let hups: string[] = [];
let agent: AgentProcess;
let healthUrl: string;

const CONFIG = `watches:
  - project: shop
    environment: prod
    poll-interval: 1
sinks:
  - type: dotenv
    path: ./run/.env
  - type: json
    path: ./run/secrets.json
process:
  signal: SIGHUP
  pid-file: ./app.pid
cache:
  path: ./cache/secrets.bin
  max-age: 1h
`;

beforeAll(async () => {
  fixture = await startAgentFixture('bella-agent-watch-');
  ({ bin, dir, emulator, server } = fixture);
  ({ apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { DB_PASSWORD: 'first-pw', API_TOKEN: 'tok-1' } }));
  await writeFile(join(dir, 'bella-agent.yaml'), CONFIG);
}, 60_000);

afterAll(async () => {
  agent?.child.kill('SIGKILL');
  app?.kill('SIGTERM');
  await fixture.close();
});

const env = () => ({ BELLA_BAXTER_URL: server.url, BELLA_BAXTER_API_KEY: apiKey });
const mtimes = async () => Promise.all(['run/.env', 'run/secrets.json'].map(async (file) => (await stat(join(dir, file))).mtimeMs));
/** Resolves after `count` more hash checks reached the emulator (the agent's polls), whatever their answer. */
async function polls(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await emulator.nextRequest('envSecretsHash');
}

describe('bella agent, long running, against the emulator over a real port', { timeout: 90_000 }, () => {
  it('starts without rewriting or signalling when the files already hold the current set', async () => {
    // An init container rendered the files before the app started (no pid file yet: no signal).
    expect((await runBella(bin, ['agent', '--once'], { cwd: dir, env: env() })).code).toBe(0);
    app = spawn(process.execPath, [COUNTER], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => app.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) if (line === 'ready') resolve(); else hups.push(line);
    }));
    await writeFile(join(dir, 'app.pid'), `${app.pid}\n`);
    const before = await mtimes();

    agent = spawnBella(bin, ['agent', '--health', '127.0.0.1:0', '--log-format', 'json'], { cwd: dir, env: env() });
    const line = await agent.waitForLine((l) => l.message.startsWith('health on '));
    healthUrl = line.message.slice('health on '.length).replace(/\/healthz$/, '');
    await agent.waitForLine((l) => l.message === 'fetched secrets');
    const health = await waitUntil(async () => {
      const h = await getHealth(healthUrl);
      return h.status === 200 ? h : undefined;
    }, { what: 'health 200' });
    expect(health.body).toMatchObject({ state: 'serving', consecutiveFailures: 0, watches: [{ project: 'shop', environment: 'prod', state: 'serving' }] });

    await polls(3);
    expect(await mtimes()).toEqual(before);
    expect(hups).toEqual([]);
    expect(agent.lines.some((l) => l.message === 'wrote changed sinks')).toBe(false);
    expect((await stat(join(dir, 'cache/secrets.bin'))).mode & 0o777).toBe(0o600);
  });

  it('a change rewrites the files and sends exactly one SIGHUP to the pid in the pid file', async () => {
    const from = agent.lines.length;
    emulator.setSecret({ project: 'shop', environment: 'prod', key: 'DB_PASSWORD', value: 'second-pw' });
    await agent.waitForLine((l) => l.message === 'sent SIGHUP' && l.pid === app.pid, { from });
    expect(await readFile(join(dir, 'run/.env'), 'utf8')).toBe("API_TOKEN='tok-1'\nDB_PASSWORD='second-pw'\n");
    expect(JSON.parse(await readFile(join(dir, 'run/secrets.json'), 'utf8'))).toEqual({ API_TOKEN: 'tok-1', DB_PASSWORD: 'second-pw' });
    await waitUntil(() => (hups.length > 0 ? true : undefined), { what: 'the SIGHUP to arrive' });
    await polls(3);
    expect(hups).toEqual(['hup 1']);
  });

  it('server down: the files stay untouched and /healthz answers 503 stale', async () => {
    const before = await mtimes();
    const content = await readFile(join(dir, 'run/.env'), 'utf8');
    const from = agent.lines.length;
    const heal = emulator.faults.add({ drop: true });
    try {
      await agent.waitForLine((l) => l.level === 'warn' && l.message.startsWith('check failed, keeping the last good files'), { from });
      const health = await getHealth(healthUrl);
      expect(health.status).toBe(503);
      expect(health.body.state).toBe('stale');
      expect(health.body.consecutiveFailures).toBeGreaterThanOrEqual(1);
      expect(health.body.lastSuccessAt).not.toBeNull();
      expect(await mtimes()).toEqual(before);
      expect(await readFile(join(dir, 'run/.env'), 'utf8')).toBe(content);
    } finally {
      heal();
    }
  });

  it('a revoked key: the cache is deleted, the state is unauthorized; SIGTERM then exits 0', async () => {
    const from = agent.lines.length;
    emulator.revokeApiKey(apiKey);
    await agent.waitForLine((l) => l.level === 'error' && l.message.startsWith('access denied'), { from, timeoutMs: 45_000 });
    await waitUntil(async () => ((await stat(join(dir, 'cache/secrets.bin')).catch(() => undefined)) ? undefined : true), { what: 'the cache to be deleted' });
    const health = await getHealth(healthUrl);
    expect(health.status).toBe(503);
    expect(health.body.state).toBe('unauthorized');
    expect(hups).toEqual(['hup 1']);
    agent.child.kill('SIGTERM');
    expect(await agent.exit).toBe(0);
    for (const value of ['first-pw', 'second-pw', 'tok-1']) expect(agent.stderr()).not.toContain(value);
  });
});
