// The same fleet with the official SDK: createBellaConfig polls /secrets/version every pollingInterval.
const { createBellaConfig } = await import('bella-official');
console.info = () => {};
const configs = await Promise.all(
  Array.from({ length: Number(process.env.BENCH_CLIENTS) }, () =>
    createBellaConfig({ baxterUrl: process.env.BENCH_URL, apiKey: process.env.BENCH_API_KEY, projectSlug: 'bench', environmentSlug: 'prod', pollingInterval: 1000 }),
  ),
);
const { measure } = await import('./measure-window.mjs');
await measure();
for (const c of configs) c.destroy();
