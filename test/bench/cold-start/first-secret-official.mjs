// The official SDK (npm alias bella-official) doing the same job: createBellaConfig loads the
// secrets with a fresh E2EE key pair, as it always does.
const started = performance.now();
const { createBellaConfig } = await import('bella-official');
console.info = () => {}; // it announces how many secrets it loaded
const config = await createBellaConfig({ baxterUrl: process.env.BENCH_URL, apiKey: process.env.BENCH_API_KEY, projectSlug: 'bench', environmentSlug: 'prod' });
if (config.get('SECRET_0000000000007')?.length !== 80) throw new Error('wrong secret');
console.log(JSON.stringify({ ms: performance.now(), sinceScript: performance.now() - started, rss: process.memoryUsage().rss, cpu: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
config.destroy();
