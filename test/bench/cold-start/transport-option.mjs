// One way of loading an HTTP client, in a fresh process: load it, send one GET to the emulator
// process (an unsigned request: the 401 answer is as small as a 304), read the body, then print the
// time since the script's first line and the RSS. argv[2] names the option (see OPTIONS in
// root.bench.mjs); the issue asks for each allowed way of loading undici to be measured.
const started = performance.now();
const target = new URL('/api/v1/projects/bench/environments/prod/secrets/hash', process.env.BENCH_URL);

const options = {
  /** What the SDK ships: undici's Agent alone, deep-imported, and its dispatch (handler API). */
  async 'undici-parts'() {
    const { undiciGet } = await import('./undici-get.mjs');
    return (await undiciGet(target)).close;
  },
  /** The undici package index (every module: fetch, WebSocket, cache, mocks). */
  async 'undici-index'() {
    const { Agent, request } = await import('undici');
    const agent = new Agent({ keepAliveTimeout: 30_000, connections: 8 });
    const res = await request(target, { dispatcher: agent });
    await res.body.arrayBuffer();
    return () => agent.close();
  },
  /** The undici Node ships, through the global fetch (its own global pool; no Agent of ours to close). */
  async 'node-fetch'() {
    const res = await fetch(target);
    await res.arrayBuffer();
    return () => undefined;
  },
  /** For scale only (not undici, so outside the constraint): node:http with a keep-alive Agent. */
  async 'node-http'() {
    const http = await import('node:http');
    const agent = new http.Agent({ keepAlive: true });
    await new Promise((resolve, reject) => {
      http.get(target, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
    });
    return () => agent.destroy();
  },
};

const close = await options[process.argv[2]]();
console.log(JSON.stringify({ sinceScript: performance.now() - started, rss: process.memoryUsage().rss }));
await close();
