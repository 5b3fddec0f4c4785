// Live client benchmarks (issue #2), against the built package and the in-process emulator:
// 1. bytes and requests for 60 polls with one change, beside a naive client that fetches the
//    full set every poll (goal: <= 5% of the naive bytes);
// 2. the spread of first-poll times across 1,000 clients created at once, beside clients that
//    poll on a fixed interval (goal: spread over >= 80% of the interval).
import { createHash, createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { absolute, compare, section } from './harness.mjs';

const { createBaxterClient, generateRandom } = await import('../../dist/index.js');
const { createBaxterEmulator } = await import('../../dist/testing.js');

const REF = { project: 'bench', environment: 'prod' };
const BASE = 'http://emulator.localhost';

function seed(emulator, count) {
  const secrets = {};
  // ~100 bytes per secret: a 20-char key and an 80-char value.
  for (let i = 0; i < count; i++) secrets[`SECRET_${String(i).padStart(13, '0')}`] = generateRandom('alphanumeric-32').repeat(3).slice(0, 80);
  return emulator.addEnvironment({ ...REF, secrets });
}

/** Wraps the emulator's fetch, counting requests and response body bytes. */
function counting(emulator) {
  const stats = { requests: 0, bytes: 0 };
  const fetch = async (input, init) => {
    const res = await emulator.fetch(input, init);
    const body = new Uint8Array(await res.arrayBuffer());
    stats.requests++;
    stats.bytes += body.byteLength;
    return new Response(res.status === 304 ? null : body, { status: res.status, headers: res.headers });
  };
  return { stats, fetch };
}

/** A naive client: GET the full set every poll, signed the same way (wire contract §2). */
async function naiveFetchAll(fetch, apiKey) {
  const [, keyId, secretHex] = apiKey.split('-');
  const path = `/api/v1/projects/${REF.project}/environments/${REF.environment}/secrets`;
  const ts = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const message = ['GET', path, '', ts, createHash('sha256').update('').digest('hex')].join('\n');
  const res = await fetch(BASE + path, {
    headers: { 'X-Bella-Key-Id': keyId, 'X-Bella-Timestamp': ts, 'X-Bella-Signature': createHmac('sha256', Buffer.from(secretHex, 'hex')).update(message).digest('hex') },
  });
  if (res.status !== 200) throw new Error(`naive fetch failed: ${res.status}`);
}

async function pollingCost() {
  const POLLS = 60;
  const emulator = createBaxterEmulator();
  const { apiKey } = seed(emulator, 200);

  const ours = counting(emulator);
  // A polling client (it starts with the marker); its own first poll is an hour away, so the
  // bench's refresh() calls below are the 60 polls.
  const client = await createBaxterClient({ baxterUrl: BASE, apiKey, ...REF, fetch: ours.fetch, env: {}, refreshInterval: 3600 });
  ours.stats.requests = 0;
  ours.stats.bytes = 0;
  const naive = counting(emulator);
  let changes = 0;
  for (let poll = 1; poll <= POLLS; poll++) {
    if (poll === 30) emulator.setSecret({ ...REF, key: 'SECRET_0000000000007', value: generateRandom('hex32') });
    if (await client.refresh()) changes++;
    await naiveFetchAll(naive.fetch, apiKey);
  }
  await client.close();
  if (changes !== 1) throw new Error(`expected exactly one change, saw ${changes}`);

  section(`polling: 200 secrets of ~100 bytes, ${POLLS} polls, one change`);
  compare({ name: 'requests, ours (hash each poll, full set on change)', value: ours.stats.requests, unit: 'requests', baseline: { name: 'naive full fetch', value: naive.stats.requests } });
  compare({ name: 'bytes received, ours', value: ours.stats.bytes, unit: 'B', baseline: { name: 'naive full fetch', value: naive.stats.bytes }, goal: { op: '<=', ratio: 0.05 } });
}

async function firstPollSpread() {
  const CLIENTS = 1000;
  const INTERVAL_S = 2;
  const emulator = createBaxterEmulator();
  const { apiKey } = seed(emulator, 5);
  const firstPoll = new Array(CLIENTS).fill(undefined);
  const created = [];
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      let loaded = false;
      const fetch = async (input, init) => {
        if (loaded && firstPoll[i] === undefined) firstPoll[i] = performance.now();
        return emulator.fetch(input, init);
      };
      const c = await createBaxterClient({ baxterUrl: BASE, apiKey, ...REF, fetch, refreshInterval: INTERVAL_S, e2ee: false, env: {} });
      created[i] = performance.now();
      loaded = true;
      return c;
    }),
  );
  // The naive fleet: one fixed-interval timer per client, started when the client was ready.
  const fixed = created.map((t) => t + INTERVAL_S * 1000);
  await new Promise((r) => setTimeout(r, INTERVAL_S * 1000 * 1.25));
  await Promise.all(clients.map((c) => c.close()));
  const polled = firstPoll.filter((t) => t !== undefined);
  if (polled.length !== CLIENTS) throw new Error(`only ${polled.length} of ${CLIENTS} clients polled`);
  const spread = (xs) => (Math.max(...xs) - Math.min(...xs)) / (INTERVAL_S * 1000);

  section(`first poll across ${CLIENTS} clients created at once (interval ${INTERVAL_S} s)`);
  compare({ name: 'spread of first polls, ours (10-100% of the interval, then ±10%)', value: spread(polled), unit: 'x interval', baseline: { name: 'fixed interval', value: spread(fixed) } });
  absolute({ name: 'spread of first polls, ours, as a share of the interval', value: spread(polled) * 100, unit: '%', goal: { op: '>=', value: 80 } });
}

export default async function clientBench() {
  console.log('\n# live client');
  await pollingCost();
  await firstPollSpread();
}
