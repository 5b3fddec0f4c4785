// The measured window shared by the polling children: a 2 s settle (first polls, JIT warm-up),
// then BENCH_SECONDS seconds of process CPU (user + system).
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measure() {
  await sleep(2000);
  console.log(JSON.stringify({ phase: 'measuring' }));
  // BENCH_PROFILE=file.cpuprofile: a CPU profile of the window alone, for looking into it.
  const profile = process.env.BENCH_PROFILE ? await startProfile() : undefined;
  const start = process.cpuUsage();
  const startedAt = performance.now();
  await sleep(Number(process.env.BENCH_SECONDS) * 1000);
  const used = process.cpuUsage(start);
  await profile?.();
  console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, userMs: used.user / 1000, systemMs: used.system / 1000, wallMs: performance.now() - startedAt }));
}

async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
    session.disconnect();
  };
}
