// The measured window shared by the polling children: a 2 s settle (first polls, JIT warm-up),
// then BENCH_SECONDS seconds of process CPU (user + system).
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measure() {
  await sleep(2000);
  console.log(JSON.stringify({ phase: 'measuring' }));
  const start = process.cpuUsage();
  const startedAt = performance.now();
  await sleep(Number(process.env.BENCH_SECONDS) * 1000);
  const used = process.cpuUsage(start);
  console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - startedAt }));
}
