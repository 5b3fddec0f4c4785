// Starts a real redis-server on a free loopback port for a test file, and stops it.
// Readiness is its "Ready to accept connections" line, then a PING (no sleeps). Without redis-server: CI fails
// with a clear message (.ci/redis.sh installs it); elsewhere the Redis tests are skipped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';

export const redisAvailable = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
const MISSING = 'redis-server is not installed: run `apt-get install -y redis-server` (CI does it in .ci/redis.sh)';
if (!redisAvailable) {
  if (process.env.CI === 'true') throw new Error(MISSING);
  console.warn(`skipping the Redis tests: ${MISSING}`);
}

export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** A free loopback port: bind port 0, read it, close (redis has no --port 0). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Resolves on redis-server's "Ready to accept connections" line (a message, not a sleep). */
function waitForReady(port: number, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const onExit = (code: number | null) => reject(new Error(`redis-server exited with ${code} before listening on port ${port}:\n${log}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk) => {
      log += chunk;
      if (/Ready to accept connections/.test(log)) {
        child.off('exit', onExit);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve();
      }
    });
  });
}

/** One PING over a fresh socket: the server accepts clients on the loopback port. */
async function ping(port: number): Promise<void> {
  const socket = createConnection({ port, host: '127.0.0.1' });
  await once(socket, 'connect');
  socket.write('PING\r\n');
  const [reply] = await once(socket, 'data');
  socket.destroy();
  if (!String(reply).startsWith('+PONG')) throw new Error(`redis-server on ${port} answered ${String(reply)}`);
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForReady(port, child);
  await ping(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
