// `npm run bench -- idempotency`: createRotationHandler throughput with the Redis store (a real
// redis-server on loopback, node-redis client) beside the in-memory store, measured in the same run.
// Each delivery is a new request id (claim, rotate, seal, complete) or, one in four, a retry of an
// earlier one (answered from the store). 16 deliveries in flight; deliveries/s and p99 latency,
// the median of 5 alternating 1 s rounds per store.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { createRedisIdempotencyStore } from '../../dist/idempotency/redis.js';
import { createMemoryIdempotencyStore, createRotationHandler, signWebhookPayload } from '../../dist/webhooks.js';
import { compare, section } from './harness.mjs';

const SECRET = 'whsec-bench-idempotency';
const CONCURRENCY = 16;
const DURATION_MS = 1000;
const ROUNDS = 5;

async function startRedis() {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  await new Promise((done) => probe.close(done));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let log = '';
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      log += chunk;
      if (log.includes('Ready to accept connections')) resolve();
    });
  });
  child.stdout.resume();
  return { url: `redis://127.0.0.1:${port}`, stop: () => (child.kill('SIGTERM'), once(child, 'exit')) };
}

/** Runs deliveries through `handler` for DURATION_MS with CONCURRENCY in flight; deliveries/s and p99 ms. */
async function measure(handler, label) {
  const latencies = [];
  let next = 0;
  const deadline = performance.now() + DURATION_MS;
  async function worker() {
    while (performance.now() < deadline) {
      const n = next++;
      // One in four deliveries is a retry of an earlier request id.
      const id = n % 4 === 3 ? `${label}-${n - 3}` : `${label}-${n}`;
      const body = JSON.stringify({ action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'prod', requestId: id });
      const request = new Request('http://127.0.0.1/rotate', { method: 'POST', headers: { 'x-bella-signature': await signWebhookPayload(SECRET, body) }, body });
      const start = performance.now();
      const response = await handler(request);
      if (response.status !== 200) throw new Error(`${label}: delivery answered ${response.status}`);
      await response.arrayBuffer();
      latencies.push(performance.now() - start);
    }
  }
  const began = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - began;
  latencies.sort((a, b) => a - b);
  return { perSecond: (latencies.length * 1000) / elapsed, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

const handlerWith = (idempotency) =>
  createRotationHandler({ signingSecret: SECRET, idempotency, rotate: async () => ({ newValue: `sk_${crypto.randomUUID()}` }) });

export default async function idempotencyBench() {
  console.log('\n# idempotency stores');
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.log('skipped: redis-server is not installed (apt-get install -y redis-server)');
    return;
  }
  const redis = await startRedis();
  const client = await createClient({ url: redis.url }).connect();
  try {
    const memoryHandler = handlerWith(createMemoryIdempotencyStore());
    const redisHandler = handlerWith(createRedisIdempotencyStore({ client }));
    await measure(memoryHandler, 'warm-memory');
    await measure(redisHandler, 'warm-redis');
    // Alternating rounds, the median of each: a neighbour's CPU burst hits both sides alike.
    const rounds = { memory: [], redis: [] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.memory.push(await measure(memoryHandler, `memory-${round}`));
      rounds.redis.push(await measure(redisHandler, `redis-${round}`));
    }
    const median = (runs, field) => runs.map((r) => r[field]).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
    const memory = { perSecond: median(rounds.memory, 'perSecond'), p99: median(rounds.memory, 'p99') };
    const shared = { perSecond: median(rounds.redis, 'perSecond'), p99: median(rounds.redis, 'p99') };
    section(`createRotationHandler, ${CONCURRENCY} deliveries in flight, 1 in 4 a retry (Redis on loopback)`);
    compare({ name: 'Redis store', value: shared.perSecond, unit: 'deliveries/s', baseline: { name: 'memory store', value: memory.perSecond } });
    compare({ name: 'Redis store p99', value: shared.p99, unit: 'ms', baseline: { name: 'memory store p99', value: memory.p99 } });
  } finally {
    await client.close();
    await redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await idempotencyBench();
