// `npm run bench -- random`: generateRandom per format against the usual ways of
// getting the same value, measured in the same run.
import { randomBytes } from 'node:crypto';
import { customAlphabet } from 'nanoid';
import { generateRandom } from '../../dist/random.js';
import { compare, opsPerSec, section } from './harness.mjs';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Every function's result is read (its last char code): an unused result could
// let the JIT drop a pure call, and reading a string forces a rope to be
// flattened, so a lazily built string cannot look faster than it is. Baselines
// get the same wrapper.
let sink = 0;
const used = (fn) => () => {
  const s = fn();
  sink = (sink + s.charCodeAt(s.length - 1)) | 0;
};

export default async function randomBench() {
  section('random: generateRandom(format), ops/s');
  const nanoid62 = customAlphabet(ALPHANUMERIC, 32);
  const rows = [
    {
      name: "generateRandom('uuid')",
      fn: () => generateRandom('uuid'),
      baseline: { name: 'crypto.randomUUID()', fn: () => globalThis.crypto.randomUUID() },
      goal: 0.9,
    },
    {
      name: "generateRandom('hex32')",
      fn: () => generateRandom('hex32'),
      baseline: { name: "randomBytes(16).toString('hex')", fn: () => randomBytes(16).toString('hex') },
      goal: 5,
    },
    {
      name: "generateRandom('base64-32')",
      fn: () => generateRandom('base64-32'),
      baseline: { name: "randomBytes(16).toString('base64')", fn: () => randomBytes(16).toString('base64') },
      goal: 5,
    },
    {
      name: "generateRandom('alphanumeric-32')",
      fn: () => generateRandom('alphanumeric-32'),
      baseline: { name: 'nanoid customAlphabet(62 chars, 32)()', fn: () => nanoid62() },
      goal: 2,
      // nanoid's own speed moves by a third between runs here: the goal is on the median of five.
      runs: 5,
    },
  ];
  for (const row of rows) {
    // Each run measures both sides; the run whose ratio is the median is printed.
    const runs = [];
    for (let i = 0; i < (row.runs ?? 1); i++) {
      const baseline = await opsPerSec(used(row.baseline.fn));
      const value = await opsPerSec(used(row.fn));
      runs.push({ baseline, value });
    }
    runs.sort((a, b) => a.value / a.baseline - b.value / b.baseline);
    const { baseline, value } = runs[Math.floor(runs.length / 2)];
    compare({
      name: row.runs ? `${row.name} (median of ${row.runs} runs)` : row.name,
      value,
      unit: 'ops/s',
      baseline: { name: row.baseline.name, value: baseline },
      goal: { op: '>=', ratio: row.goal },
    });
  }
  if (sink === 0.5) console.log(sink); // never true; keeps `sink` observable
}
