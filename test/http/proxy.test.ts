import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient } from '../../src/index.js';
import { createBaxterEmulator, type ListeningServer } from '../../src/testing.js';

/** A minimal forward proxy on 127.0.0.1 that tunnels CONNECT and records what it tunnelled. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(501).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, client: Socket, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    tunnels,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('proxy variables (undici transport)', () => {
  let emulatorServer: ListeningServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  afterEach(async () => {
    await emulatorServer?.close();
    await proxy?.close();
  });

  it('sends requests through HTTP_PROXY, and straight to hosts listed in NO_PROXY', async () => {
    const emulator = createBaxterEmulator();
    const { apiKey } = emulator.addEnvironment({ project: 'p', environment: 'e', secrets: { A: '1' } });
    emulatorServer = await emulator.listen();
    proxy = await startProxy();
    const target = new URL(emulatorServer.url).host;

    const proxied = await createBaxterClient({ baxterUrl: emulatorServer.url, apiKey, env: { HTTP_PROXY: proxy.url } });
    expect(proxied.get('A')).toBe('1');
    await proxied.close();
    expect(proxy.tunnels).toContain(target);

    proxy.tunnels.length = 0;
    const direct = await createBaxterClient({ baxterUrl: emulatorServer.url, apiKey, env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    expect(direct.get('A')).toBe('1');
    await direct.close();
    expect(proxy.tunnels).toEqual([]);
  });
});
