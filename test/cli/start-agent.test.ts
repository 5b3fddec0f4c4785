import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAgentConfigError, runAgentOnce, startAgent, type AgentConfig } from '../../src/cli/agent/index.js';
import { createBaxterEmulator, type BaxterEmulator, type ListeningServer } from '../../src/testing.js';
import { waitUntil } from './support/agent-harness.js';

let dir: string;
let emulator: BaxterEmulator;
let server: ListeningServer;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bella-start-agent-'));
  emulator = createBaxterEmulator();
  const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: { A: '1' } });
  server = await emulator.listen();
  env = { BELLA_BAXTER_URL: server.url, BELLA_BAXTER_API_KEY: apiKey };
});

afterAll(async () => {
  await server.close();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const config = (): AgentConfig => ({
  watches: [{ project: 'shop', environment: 'prod', pollInterval: 1 }],
  sinks: [{ type: 'json', path: join(dir, 'out', 'secrets.json'), mode: 0o600 }],
});

describe('startAgent (embedded)', () => {
  it('renders, reports serving, follows a change, and closes: done resolves', async () => {
    const agent = await startAgent(config(), { env, health: { host: '127.0.0.1', port: 0 } });
    await agent.ready;
    expect(agent.status()).toMatchObject({ state: 'serving', consecutiveFailures: 0 });
    expect(JSON.parse(await readFile(join(dir, 'out', 'secrets.json'), 'utf8'))).toEqual({ A: '1' });
    const health = await fetch(`${agent.healthUrl}/healthz`);
    expect(health.status).toBe(200);
    await agent.close();
    await expect(agent.done).resolves.toBeUndefined();
    await expect(fetch(`${agent.healthUrl}/healthz`)).rejects.toThrow();
  });

  it('a hand-built config is checked like the YAML one: the error names the field', async () => {
    const bad = { ...config(), sinks: [{ type: 'json' as const, path: 'relative.json', mode: 0o600 }] };
    const error = await startAgent(bad, { env }).catch((e: unknown) => e);
    expect(isAgentConfigError(error) && error.field).toBe('sinks[0].path');
    await expect(runAgentOnce({ ...config(), process: { signal: 'SIGHUP', pidFile: undefined } }, { env })).rejects.toMatchObject({ field: 'process.pidFile' });
  });

  it('missing credentials end done with the configuration error (retrying cannot fix it)', async () => {
    const agent = await startAgent(config(), { env: { BELLA_BAXTER_URL: server.url } });
    await expect(agent.done).rejects.toMatchObject({ name: 'BaxterConfigError' });
    expect(agent.status().state).toBe('starting');
  });

  it('a sink that cannot be written keeps the agent starting, and is written after a later successful check, not only on a change', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'a file where a folder should be');
    const lines: string[] = [];
    const record = (message: string) => void lines.push(message);
    const agent = await startAgent(
      { ...config(), sinks: [{ type: 'json', path: join(blocker, 'secrets.json'), mode: 0o600 }] },
      { env, log: { debug: () => undefined, info: record, warn: record, error: record } },
    );
    try {
      await waitUntil(() => (lines.some((line) => line.startsWith('cannot write the sink')) ? true : undefined), { what: 'the write failure' });
      expect(agent.status().state).toBe('starting');
      await rm(blocker);
      await agent.ready;
      expect(JSON.parse(await readFile(join(blocker, 'secrets.json'), 'utf8'))).toEqual({ A: '1' });
      expect(agent.status().state).toBe('serving');
    } finally {
      await agent.close();
    }
  });

  it('runAgentOnce with dryRun writes no sink and no cache, and says which sinks would change', async () => {
    const lines: string[] = [];
    const record = (message: string) => void lines.push(message);
    const out = join(dir, 'dry', 'secrets.json');
    const { ok } = await runAgentOnce(
      { ...config(), sinks: [{ type: 'json', path: out, mode: 0o600 }], cache: { path: join(dir, 'dry', 'cache.bin'), maxAgeSeconds: undefined } },
      { env, dryRun: true, log: { debug: () => undefined, info: record, warn: record, error: record } },
    );
    expect(ok).toBe(true);
    expect(lines).toContain('would write changed sinks (dry run)');
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(join(dir, 'dry', 'cache.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
