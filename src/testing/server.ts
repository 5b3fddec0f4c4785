import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { STREAMED } from './fault-responses.js';

/**
 * A running loopback server, as `emulator.listen()` resolves it.
 *
 * @example
 * ```ts
 * const server = await emulator.listen();
 * const client = await createBaxterClient({ baxterUrl: server.url, apiKey });
 * // ...
 * await client.close();
 * await server.close();
 * ```
 */
export interface ListeningServer {
  /** Base URL, e.g. `http://127.0.0.1:53124`. */
  url: string;
  port: number;
  /** Stops accepting, destroys open keep-alive sockets, resolves when closed. */
  close(): Promise<void>;
}

/**
 * Options of `emulator.listen()`: where to bind. By default a free port on
 * `127.0.0.1`, reachable from this machine only.
 *
 * @example
 * ```ts
 * // A fixed port on every interface, e.g. for other containers of a compose setup.
 * const server = await emulator.listen({ port: 8787, host: '0.0.0.0' });
 * ```
 */
export interface ListenOptions {
  /** Port to bind; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind. Loopback only by default. */
  host?: string;
}

async function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const body = Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method ?? 'GET',
    headers,
    signal,
    ...(body.byteLength > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
  });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (STREAMED.has(response)) return writeStreamed(res, response, headers);
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...headers, 'content-length': String(body.byteLength) });
  res.end(body);
}

/** Writes a fault's body as it comes, with backpressure; a body that errors resets the connection. */
async function writeStreamed(res: ServerResponse, response: Response, headers: Record<string, string | string[]>): Promise<void> {
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body!.getReader();
  const onClose = () => void reader.cancel().catch(() => undefined);
  res.on('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done).off('close', done);
            resolve();
          };
          res.on('drain', done).on('close', done);
        });
      }
    }
    res.end();
  } catch {
    res.socket?.resetAndDestroy?.();
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/** What to do with a connection instead of answering (fault injection). */
export const DROP_CONNECTION = Symbol('drop-connection');

/**
 * Serves a Fetch-API handler on a real loopback port, so clients are tested
 * end to end over sockets (undici's own dispatcher, which msw cannot intercept).
 */
export function serveFetchHandler(
  handler: (request: Request, origin: { remoteAddress: string | undefined }) => Promise<Response | typeof DROP_CONNECTION>,
  options: ListenOptions = {},
): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const origin = `http://${req.headers.host ?? host}`;
        // Aborted when the client goes away (or close() destroys the socket): a hanging handler lets go.
        const gone = new AbortController();
        res.on('close', () => gone.abort());
        const response = await handler(await toRequest(req, origin, gone.signal), { remoteAddress: req.socket.remoteAddress });
        if (response === DROP_CONNECTION) {
          req.socket.destroy();
          return;
        }
        await writeResponse(res, response);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ title: 'Emulator failure', status: 500, detail: String(error) }));
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          });
          return closing;
        },
      });
    });
  });
}
