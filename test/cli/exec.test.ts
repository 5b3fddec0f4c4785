import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BellaProcess, releasedAfterEach, CHILD, leftovers, startEmulator } from './harness.js';

const { running, stops } = releasedAfterEach();

async function setup() {
  const started = await startEmulator({ APP_SECRET: 'not-for-exec' });
  started.emulator.setCredentialRoles({ project: 'shop', environment: 'dev', provider: 'pg-prod', roles: ['app', 'migrator'], connectionUrl: 'postgresql://127.0.0.1:5432/shop' });
  stops.push(() => started.emulator.close());
  return started;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('bella exec', () => {
  it('gives the child DB_USERNAME, DB_PASSWORD and DATABASE_URL, reads no secrets, logs no password and writes nothing to disk', async () => {
    const { env, emulator } = await setup();
    const home = await mkdtemp(join(tmpdir(), 'bella-exec-'));
    try {
      const run = new BellaProcess(
        ['exec', '--provider', 'pg-prod', '--role', 'migrator', '--ttl', '600', '--', 'node', CHILD, '--keys', 'DB_USERNAME,DB_PASSWORD,DATABASE_URL,APP_SECRET'],
        { ...env, HOME: home, TMPDIR: home },
        { cwd: home },
      );
      running.push(run);
      const ready = await run.nextEvent('ready');
      const [lease] = emulator.issuedLeases({ provider: 'pg-prod' });
      expect(lease?.role).toBe('migrator');
      expect(ready.env).toEqual({
        DB_USERNAME: lease?.username,
        DB_PASSWORD: lease?.password,
        DATABASE_URL: `postgresql://${lease?.username}:${encodeURIComponent(lease?.password ?? '')}@127.0.0.1:5432/shop`,
        APP_SECRET: null,
      });
      run.process.kill('SIGTERM');
      expect(await run.exited).toEqual({ code: 0, signal: null });
      expect(leftovers(run)).toEqual([]);
      const password = lease?.password ?? '';
      expect(run.stderrLines.join('\n')).not.toContain(password);
      expect(run.stderrLines.join('\n')).toMatch(/valid until \d{4}-\d\d-\d\dT/);
      expect(emulator.requestsTo('envSecrets')).toEqual([]);
      for (const file of await filesUnder(home)) expect(await readFile(file, 'utf8')).not.toContain(password);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('--env-map renames the variables', async () => {
    const { env } = await setup();
    const mapped = new BellaProcess(['exec', '--provider', 'pg-prod', '--env-map', 'DB_USERNAME=PGUSER', '--', 'node', CHILD, '--keys', 'PGUSER,DB_USERNAME,DB_PASSWORD'], env);
    running.push(mapped);
    const ready = await mapped.nextEvent('ready');
    expect(ready.env?.PGUSER).toMatch(/\w/);
    expect(ready.env?.DB_USERNAME).toBeNull();
    expect(ready.env?.DB_PASSWORD).toMatch(/\w/);
    mapped.process.kill('SIGTERM');
    await mapped.exited;
  });

  it('a failed generation exits 125 with the API reason and never starts the child', async () => {
    const { env, emulator } = await setup();
    const run = new BellaProcess(['exec', '--provider', 'no-such-db', '--', 'node', CHILD], env);
    running.push(run);
    expect((await run.exited).code).toBe(125);
    expect(run.stdoutLines).toEqual([]);
    expect(run.stderrLines.join('\n')).toMatch(/credentials\/generate failed with 404/);
    emulator.injectFault({ route: 'credentialsGenerate', status: 500 });
    const failing = new BellaProcess(['exec', '--provider', 'pg-prod', '--', 'node', CHILD], env);
    running.push(failing);
    expect((await failing.exited).code).toBe(125);
    expect(failing.stdoutLines).toEqual([]);
  });

  it('--renew: fresh credentials before expiry restart the child with them (the old one gone first)', async () => {
    const { env } = await setup();
    const run = new BellaProcess(['exec', '--provider', 'pg-prod', '--ttl', '3', '--renew', '--grace', '2', '--', 'node', CHILD, '--keys', 'DB_USERNAME'], env);
    running.push(run);
    const first = await run.nextEvent('ready');
    const second = await run.nextEvent('ready');
    expect(second.env?.DB_USERNAME).not.toBe(first.env?.DB_USERNAME);
    expect(run.events('term').map((e) => e.pid)).toEqual([first.pid]);
    expect(run.stderrLines.join('\n')).toMatch(/renewed database credentials, valid until/);
    run.process.kill('SIGTERM');
    await run.exited;
    expect(leftovers(run)).toEqual([]);
  });

  it('without --renew: a warning shortly before the credentials expire, naming the time only', async () => {
    const { env, emulator } = await setup();
    const run = new BellaProcess(['exec', '--provider', 'pg-prod', '--ttl', '2', '--', 'node', CHILD], env);
    running.push(run);
    await run.nextEvent('ready');
    const warning = await run.nextLine('stderr', /warn: the database credentials expire at/);
    expect(warning).toMatch(/expire at \d{4}-\d\d-\d\dT[\d:.]+Z \(in \d+ s\); run with --renew/);
    expect(warning).not.toContain(emulator.issuedLeases()[0]?.password ?? 'no lease');
    expect(emulator.issuedLeases()).toHaveLength(1);
    run.process.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('--provider is required (usage, 2)', async () => {
    const run = new BellaProcess(['exec', '--', 'node', CHILD], {});
    running.push(run);
    expect((await run.exited).code).toBe(2);
    expect(run.stderrLines.join('\n')).toContain('--provider <slug> is required');
  });
});
