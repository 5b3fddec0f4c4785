// BENCH_CLIENTS clients of ours polling every second (refreshInterval: 1) against the emulator
// process. Prints {"phase":"measuring"} when the measured window starts, then the CPU this
// process used during BENCH_SECONDS seconds.
const { createBaxterClient } = await import('../../../dist/index.js');
const clients = await Promise.all(
  Array.from({ length: Number(process.env.BENCH_CLIENTS) }, () =>
    createBaxterClient({ baxterUrl: process.env.BENCH_URL, apiKey: process.env.BENCH_API_KEY, project: 'bench', environment: 'prod', refreshInterval: 1, env: {} }),
  ),
);
const { measure } = await import('./measure-window.mjs');
await measure();
await Promise.all(clients.map((c) => c.close()));
