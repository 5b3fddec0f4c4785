import { createServer, type Server } from 'node:http';
import type { AgentStatus } from './agent-status.js';

/** A running `/healthz` server. */
export interface HealthServer {
  /** `http://host:port`, the port resolved when 0 was asked. */
  url: string;
  close(): Promise<void>;
}

/** Parses `--health`: `host:port`, `[::1]:port` or a bare port (127.0.0.1). */
export function parseHealthAddress(text: string): { host: string; port: number } | undefined {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65_535) return undefined;
  return { host: (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

/**
 * Serves `GET /healthz` with the agent's status as JSON: 200 when `serving`,
 * 503 otherwise (`starting`, `stale`, `unauthorized`). Anything else is a 404.
 */
export function startHealthServer(address: { host: string; port: number }, status: () => AgentStatus): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const current = status();
    const body = JSON.stringify(current);
    res.writeHead(current.state === 'serving' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  // A probe must not keep the agent alive after close(), nor hold a socket open.
  server.keepAliveTimeout = 1_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      const bound = server.address();
      const port = typeof bound === 'object' && bound ? bound.port : address.port;
      const host = address.host.includes(':') ? `[${address.host}]` : address.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
