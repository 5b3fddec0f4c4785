// `bella` command benchmarks (issue #10), with the built bin against the emulator on a real
// loopback port and a tiny child program:
// 1. startup overhead: spawn to "child ready" through `bella run`, beside starting the child directly;
// 2. a short command end to end: spawn to bella's exit through `bella run -- node -e ""`;
// 3. change to new child running: a secret changed in the emulator until the restarted child
//    reports ready (--poll-interval 1 --debounce 0), beside one poll interval plus a direct start.
// Each figure is the median of 10.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compare, section } from './harness.mjs';

const { BaxterEmulatorCore } = await import('../../dist/testing.js');
const BELLA = fileURLToPath(new URL('../../dist/bin/bella.js', import.meta.url));
const CHILD = fileURLToPath(new URL('../fixtures/cli/child.mjs', import.meta.url));
const RUNS = 10;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Spawns argv and resolves `onReady` every time a line with "ready" appears on stdout. */
function start(argv, env, onReady) {
  const child = spawn(argv[0], argv.slice(1), { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf('\n')) !== -1) {
      if (buffer.slice(0, i).includes('"ready"')) onReady();
      buffer = buffer.slice(i + 1);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited };
}

/** Milliseconds from spawn to the first ready line, then stops the process. */
async function timeToReady(argv, env) {
  const t0 = performance.now();
  let ready;
  const readyAt = new Promise((resolve) => (ready = resolve));
  const { child, exited } = start(argv, env, () => ready(performance.now()));
  const ms = (await readyAt) - t0;
  child.kill('SIGTERM');
  await exited;
  return ms;
}

/** Milliseconds from spawn to exit. */
async function timeToExit(argv, env) {
  const t0 = performance.now();
  await start(argv, env, () => undefined).exited;
  return performance.now() - t0;
}

export default async function cliBench() {
  section('bella run (built bin, emulator on a loopback port, median of 10)');
  const emulator = new BaxterEmulatorCore();
  const server = await emulator.listen();
  const { apiKey } = emulator.addEnvironment({ project: 'bench', environment: 'prod', secrets: { A: '0', DATABASE_URL: 'postgres://bench' } });
  const env = { BELLA_BAXTER_URL: server.url, BELLA_BAXTER_API_KEY: apiKey };
  try {
    const direct = [];
    const viaBella = [];
    for (let i = 0; i < RUNS; i++) {
      direct.push(await timeToReady([process.execPath, CHILD], {}));
      viaBella.push(await timeToReady([process.execPath, BELLA, 'run', '--', process.execPath, CHILD], env));
    }
    const directMs = median(direct);
    compare({ name: 'bella run -- node child.mjs: spawn to child ready', value: median(viaBella), unit: 'ms', baseline: { name: 'node child.mjs directly', value: directMs } });

    // A short command end to end: what a CI step or a cron job waits for, bella's own exit included.
    const exitDirect = [];
    const exitViaBella = [];
    for (let i = 0; i < RUNS; i++) {
      exitDirect.push(await timeToExit([process.execPath, '-e', ''], {}));
      exitViaBella.push(await timeToExit([process.execPath, BELLA, 'run', '--', process.execPath, '-e', ''], env));
    }
    compare({ name: 'bella run -- node -e "": spawn to bella\'s exit', value: median(exitViaBella), unit: 'ms', baseline: { name: 'node -e "" directly', value: median(exitDirect) } });

    // One watching bella; each change is timed until the restarted child says ready.
    let onReady = () => {};
    const { child, exited } = start([process.execPath, BELLA, 'run', '--watch', '--poll-interval', '1', '--debounce', '0', '--', process.execPath, CHILD], env, () => onReady());
    await new Promise((resolve) => (onReady = resolve));
    const restarts = [];
    for (let i = 1; i <= RUNS; i++) {
      const next = new Promise((resolve) => (onReady = () => resolve(performance.now())));
      const t0 = performance.now();
      emulator.setSecret({ project: 'bench', environment: 'prod', key: 'A', value: String(i) });
      restarts.push((await next) - t0);
    }
    child.kill('SIGTERM');
    await exited;
    compare({
      name: 'change in the emulator to new child running (--poll-interval 1 --debounce 0)',
      value: median(restarts),
      unit: 'ms',
      baseline: { name: 'one poll interval (1000 ms) + a direct child start', value: 1000 + directMs },
    });
  } finally {
    await emulator.close();
  }
}
