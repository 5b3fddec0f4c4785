/**
 * A seeded chaos run: several polling clients against the emulator on a loopback port while
 * it injects every fault kind the attack used (hangs, slowloris, resets mid-body, huge bodies,
 * malformed and truncated JSON, schema-poisoned values, 5xx, 429, dropped connections). Replay a
 * failure with RELIABILITY_SEED=<seed>; RELIABILITY=full runs longer.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaxterClient, type BaxterClient } from '../../src/index.js';
import { createBaxterEmulator, type BaxterEmulator, type FaultRule, type ListeningServer } from '../../src/testing.js';
import { FULL, recordFigures, SEED } from '../support/reliability.js';
import { POISONS } from '../../src/testing/faults.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const REF = { project: 'shop', environment: 'prod' };
const KEYS = ['A', 'B', 'C'] as const;
const CLIENTS = 4;
const CHAOS_MS = FULL ? 45_000 : 8_000;
const INTERVAL_S = 1;
const TIMEOUT_MS = 250;
const MAX_ATTEMPTS = 2;
const SECRET_ROUTES = ['envSecretsHash', 'envSecrets', 'keyContext', 'credentialsGenerate', 'credentialsRoles', 'rotationPolicy'] as const;

/** About 28% of requests faulted, as in the attack, spread over every kind. */
const FAULTS: FaultRule[] = SECRET_ROUTES.flatMap((route) => [
  { route, hang: true, rate: 0.02 },
  { route, slowBodyMs: 40, rate: 0.02 },
  { route, resetMidBody: true, rate: 0.03 },
  { route, hugeBodyBytes: 64 * 1024 * 1024, rate: 0.015 },
  { route, hugeBodyBytes: 3 * 1024 * 1024 * 1024, declareLength: true, rate: 0.005 },
  { route, truncatedJson: true, rate: 0.03 },
  { route, malformedJson: true, rate: 0.02 },
  { route, poison: true, rate: 0.05 },
  { route, status: 503, rate: 0.03 },
  { route, status: 500, rate: 0.01 },
  { route, status: 429, retryAfterSeconds: 0, rate: 0.03 },
  { route, drop: true, rate: 0.02 },
]);

let emulator: BaxterEmulator;
let server: ListeningServer;
let apiKey: string;
let generation = 0;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

function writeGeneration(): void {
  generation++;
  // Synchronous: no request is answered between these writes, so every served set is whole.
  for (const key of KEYS) emulator.setSecret({ ...REF, key, value: `gen-${generation}` });
}

/** The clients' log lines, counted (not printed, and not kept: the heap figure is the clients'). */
let logLines = 0;
const keep = () => void logLines++;
const quiet = { debug: keep, info: keep, warn: keep, error: keep };

const genOf = (value: string | undefined) => (value && /^gen-\d+$/.test(value) ? Number(value.slice(4)) : undefined);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  emulator = createBaxterEmulator({ faultSeed: SEED });
  ({ apiKey } = emulator.addEnvironment({ ...REF, secrets: Object.fromEntries(KEYS.map((k) => [k, 'gen-0'])) }));
  emulator.setCredentialRoles({ ...REF, provider: 'postgres', roles: ['app'] });
  server = await emulator.listen();
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server?.close();
  await emulator?.close();
});

describe(`chaos run (seed ${SEED})`, () => {
  it('no crash, no unhandled rejection, only served values, no regression, no torn snapshot, recovery within an interval, bounded heap', async () => {
    const clients: BaxterClient[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      clients.push(
        await createBaxterClient({ baxterUrl: server.url, apiKey, ...REF, env: {}, refreshInterval: INTERVAL_S, maxBackoff: INTERVAL_S, timeoutMs: TIMEOUT_MS, maxAttempts: MAX_ATTEMPTS, maxResponseBytes: 262_144, logger: quiet }),
      );
    }
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const served = new Set<string>(['gen-0', ...POISONS.filter((p): p is string => typeof p === 'string')]);
    const violations: string[] = [];
    const highest = clients.map(() => 0);
    let reads = 0;
    const observe = (i: number) => {
      const client = clients[i]!;
      const values = KEYS.map((k) => client.get(k));
      const gens = values.map(genOf).filter((g): g is number => g !== undefined);
      for (const v of values) {
        reads++;
        // (undefined is possible: a poisoned answer may replace the whole set with {}, which is valid.)
        if (v !== undefined && !served.has(v)) violations.push(`client ${i} served a value the server never sent (${v.slice(0, 20)})`);
      }
      if (new Set(gens).size > 1) violations.push(`client ${i} torn snapshot ${gens.join(',')}`);
      const top = Math.max(0, ...gens);
      // A poisoned value may stand in for a generation for a while; a real older one must never come back.
      if (gens.length === KEYS.length && top < highest[i]!) violations.push(`client ${i} regressed from gen ${highest[i]} to ${top}`);
      highest[i] = Math.max(highest[i]!, top);
    };

    const removals = FAULTS.map((rule) => emulator.injectFault(rule));
    // The emulator's request log is emptied as the run goes (its entries are the emulator's memory, not
    // the clients'), so the heap figure measures what the clients keep.
    let requests = 0;
    const drainLog = () => {
      requests += emulator.requests.length;
      emulator.requests.length = 0;
    };
    drainLog();
    requests = 0;
    const injectedBefore = { ...emulator.faults.injected };
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        writeGeneration();
        served.add(`gen-${generation}`);
        drainLog();
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    // Management calls and a short lease renewing under the same faults: they may fail, never crash.
    const leaseClient = clients[0]!;
    const lease = await (async () => {
      for (;;) {
        const l = await leaseClient.credentials.lease({ provider: 'postgres', ttlSeconds: 3 }).catch(() => undefined);
        if (l) return l;
      }
    })();
    let renewals = 0;
    lease.on('renewed', () => void renewals++);
    lease.on('error', () => undefined);
    let managementCalls = 0;
    const management = (async () => {
      while (!stop) {
        await leaseClient.credentials.listRoles({ provider: 'postgres' }).catch(() => undefined);
        await leaseClient.rotation.getPolicy({ provider: 'postgres', key: 'NOPE' }).catch(() => undefined);
        managementCalls += 2;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const loops = clients.map(async (client, i) => {
      while (!stop) {
        await client.refresh().catch(() => undefined);
        observe(i);
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    await new Promise((r) => setTimeout(r, CHAOS_MS));
    stop = true;
    await Promise.all([writer, management, ...loops]);
    drainLog();
    const faults = Object.entries(emulator.faults.injected).reduce((n, [kind, count]) => n + count - (injectedBefore[kind] ?? 0), 0);

    // Faults stop: every client must catch up through its own polling, within about one interval.
    for (const remove of removals) remove();
    writeGeneration();
    const finalValue = `gen-${generation}`;
    served.add(finalValue);
    const healedAt = performance.now();
    // One interval (±10% jitter), plus one attempt budget for a request that was mid-fault when they stopped.
    const budgetMs = INTERVAL_S * 1000 * 1.1 + MAX_ATTEMPTS * TIMEOUT_MS + 500;
    const recoveries = await Promise.all(
      clients.map(
        (client) =>
          new Promise<number>((resolve) => {
            if (client.get('A') === finalValue) return resolve(0);
            const deadline = setTimeout(() => resolve(Number.POSITIVE_INFINITY), budgetMs * 2);
            client.on('change', ({ current }) => {
              if (current.get('A') !== finalValue) return;
              clearTimeout(deadline);
              resolve(performance.now() - healedAt);
            });
          }),
      ),
    );
    clients.forEach((_, i) => observe(i));
    await Promise.all(clients.map((c) => c.close()));
    gc();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

    recordFigures({
      chaos: {
        seed: SEED,
        durationMs: CHAOS_MS,
        clients: CLIENTS,
        requests,
        faults,
        faultShare: Math.round((faults / requests) * 100) / 100,
        faultsByKind: emulator.faults.injected,
        reads,
        managementCalls,
        logLines,
        leaseRenewals: renewals,
        crashes: 0,
        unhandledRejections: unhandled.length,
        violations: violations.length,
        maxRecoveryMs: Math.round(Math.max(...recoveries)),
        heapGrowthMb: Math.round(heapGrowthMb * 10) / 10,
      },
    });
    expect(violations.slice(0, 5)).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(requests).toBeGreaterThan(300);
    expect(faults / requests).toBeGreaterThan(0.15);
    for (const ms of recoveries) expect(ms).toBeLessThan(budgetMs);
    expect(heapGrowthMb).toBeLessThan(16);
    expect(renewals).toBeGreaterThan(0);
  });

  it('close() during chaos, with a request in flight: the process exits by itself in under a second', async () => {
    const removals = FAULTS.map((rule) => emulator.injectFault(rule));
    try {
      const root = join(__dirname, '../..');
      mkdirSync(join(root, '.tmp'), { recursive: true });
      const script = join(mkdtempSync(join(root, '.tmp', 'chaos-')), 'child.mjs');
      await build({ entryPoints: [join(__dirname, 'fixtures/chaos-child.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'error', absWorkingDir: root });
      const { code, afterCloseMs } = await new Promise<{ code: number | null; afterCloseMs: number }>((resolve, reject) => {
        const child = spawn(process.execPath, [script, server.url, apiKey], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
        let closedAt: number | undefined;
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('closed')) closedAt = performance.now();
        });
        const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.on('error', reject);
        child.on('exit', (exitCode) => {
          clearTimeout(guard);
          resolve({ code: exitCode, afterCloseMs: closedAt === undefined ? Number.NaN : performance.now() - closedAt });
        });
      });
      recordFigures({ exitAfterCloseMs: Math.round(afterCloseMs) });
      expect(code).toBe(0);
      expect(afterCloseMs).toBeLessThan(1_000);
    } finally {
      for (const remove of removals) remove();
    }
  });
});
