import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaxterEmulator, ListeningServer } from '../../src/testing.js';
import { type AgentFixture, startAgentFixture, getHealth, runBella, spawnBella, waitUntil } from './support/agent-harness.js';

const SECRETS = { DB_PASSWORD: 'cached-pw-7731', API_TOKEN: 'tok_cache_ünï' };

let fixture: AgentFixture;
let bin: string;
let dir: string;
let emulator: BaxterEmulator;
let server: ListeningServer;
let env: Record<string, string>;

const config = (cache: boolean) => `watches:
  - project: shop
    environment: prod
    poll-interval: 1
sinks:
  - type: dotenv
    path: ./.env
${cache ? 'cache:\n  path: ./state/cache.bin\n  max-age: 24h\n' : ''}`;

beforeAll(async () => {
  fixture = await startAgentFixture('bella-agent-cache-');
  ({ bin, dir, emulator, server } = fixture);
  env = fixture.envFor(emulator.addEnvironment({ project: 'shop', environment: 'prod', secrets: SECRETS }).apiKey);
}, 60_000);

afterAll(() => fixture.close());

describe('bella agent with the server down', { timeout: 90_000 }, () => {
  it('--once: 0 from the server, 0 from a usable cache (logged stale), 1 with neither', async () => {
    const withCache = await mkdtemp(join(dir, 'cache-'));
    const without = await mkdtemp(join(dir, 'none-'));
    await writeFile(join(withCache, 'bella-agent.yaml'), config(true));
    await writeFile(join(without, 'bella-agent.yaml'), config(false));
    expect((await runBella(bin, ['agent', '--once'], { cwd: withCache, env })).code).toBe(0);

    const cache = await readFile(join(withCache, 'state/cache.bin'));
    const views = (['latin1', 'hex', 'base64', 'utf16le'] as const).map((encoding) => cache.toString(encoding));
    for (const value of Object.values(SECRETS)) {
      const bytes = Buffer.from(value, 'utf8');
      for (const needle of [value, bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, '')]) for (const view of views) expect(view).not.toContain(needle);
    }

    const heal = emulator.faults.add({ drop: true });
    try {
      await rm(join(withCache, '.env'));
      const stale = await runBella(bin, ['agent', '--once', '--log-format', 'json'], { cwd: withCache, env });
      expect(stale.code, stale.stderr).toBe(0);
      expect(await readFile(join(withCache, '.env'), 'utf8')).toBe("API_TOKEN='tok_cache_ünï'\nDB_PASSWORD='cached-pw-7731'\n");
      expect(stale.lines.some((l) => l.level === 'warn' && /serving the cached set \(stale, saved \d+ s ago\)/.test(l.message))).toBe(true);

      const failed = await runBella(bin, ['agent', '--once'], { cwd: without, env });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/could not render the sinks/);
      await expect(readFile(join(without, '.env'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      heal();
    }
  });

  it('long running: sinks from the cache (503 stale) and serving once the server answers; without a cache it keeps retrying (503 starting), never exits', async () => {
    const withCache = await mkdtemp(join(dir, 'run-cache-'));
    await writeFile(join(withCache, 'bella-agent.yaml'), config(true));
    expect((await runBella(bin, ['agent', '--once'], { cwd: withCache, env })).code).toBe(0);
    await rm(join(withCache, '.env'));
    const without = await mkdtemp(join(dir, 'run-none-'));
    await writeFile(join(without, 'bella-agent.yaml'), config(false));

    const heal = emulator.faults.add({ drop: true });
    const cached = spawnBella(bin, ['agent', '--health', '127.0.0.1:0', '--log-format', 'json'], { cwd: withCache, env });
    const bare = spawnBella(bin, ['agent', '--health', '127.0.0.1:0', '--log-format', 'json'], { cwd: without, env });
    try {
      const urlOf = async (agent: typeof cached) => (await agent.waitForLine((l) => l.message.startsWith('health on '))).message.slice(10).replace(/\/healthz$/, '');
      const [cachedUrl, bareUrl] = await Promise.all([urlOf(cached), urlOf(bare)]);

      await cached.waitForLine((l) => l.message === 'wrote changed sinks');
      expect(await readFile(join(withCache, '.env'), 'utf8')).toContain("DB_PASSWORD='cached-pw-7731'");
      expect(await getHealth(cachedUrl)).toMatchObject({ status: 503, body: { state: 'stale' } });

      await bare.waitForLine((l) => l.message.startsWith('cannot load secrets yet'));
      const second = bare.lines.findIndex((l) => l.message.startsWith('cannot load secrets yet')) + 1;
      await bare.waitForLine((l) => l.message.startsWith('cannot load secrets yet'), { from: second });
      expect(await getHealth(bareUrl)).toMatchObject({ status: 503, body: { state: 'starting', lastSuccessAt: null } });
      await expect(readFile(join(without, '.env'))).rejects.toMatchObject({ code: 'ENOENT' });

      heal();
      await waitUntil(async () => ((await getHealth(cachedUrl)).status === 200 ? true : undefined), { what: 'the cached agent to serve', timeoutMs: 45_000 });
      await waitUntil(async () => ((await getHealth(bareUrl)).status === 200 ? true : undefined), { what: 'the bare agent to serve', timeoutMs: 45_000 });
      expect(await readFile(join(without, '.env'), 'utf8')).toContain("DB_PASSWORD='cached-pw-7731'");
    } finally {
      heal();
      cached.child.kill('SIGTERM');
      bare.child.kill('SIGTERM');
      expect(await cached.exit).toBe(0);
      expect(await bare.exit).toBe(0);
    }
  });
});
