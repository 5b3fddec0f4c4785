// Fresh process: import the root entry, createBaxterClient (E2EE on, the default), first snapshot.
// Prints the time since the process started and its RSS at that point.
const started = performance.now();
const { createBaxterClient } = await import('../../../dist/index.js');
const client = await createBaxterClient({ baxterUrl: process.env.BENCH_URL, apiKey: process.env.BENCH_API_KEY, project: 'bench', environment: 'prod', env: {} });
if (client.get('SECRET_0000000000007')?.length !== 80) throw new Error('wrong secret');
console.log(JSON.stringify({ ms: performance.now(), sinceScript: performance.now() - started, rss: process.memoryUsage().rss, cpu: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
await client.close();
