import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AttemptTimedOut } from '../../src/http/attempt-timeout.js';
import { createUndiciTransport } from '../../src/http/transport.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A loopback server that echoes the request line and answers with a repeated header. */
async function start(): Promise<{ url: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  server = createServer((req, res) => {
    seen.push(req);
    if (req.url === '/hang') return; // never answers
    res.setHeader('X-Request-Id', 'req-1');
    res.setHeader('Vary', ['Accept', 'X-E2E-Public-Key']);
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the undici transport (loaded on the first request)', () => {
  it('sends path and query as given and reads headers case-insensitively, repeated values joined', async () => {
    const { url } = await start();
    const transport = createUndiciTransport({});
    const res = await transport.send({ method: 'GET', url: `${url}/api/v1/x?b=2&a=%20`, headers: { Accept: 'application/json' }, signal: new AbortController().signal });
    expect(res.status).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(res.body))).toEqual({ method: 'GET', url: '/api/v1/x?b=2&a=%20' });
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(res.headers.get('X-Request-ID')).toBe('req-1');
    expect(res.headers.get('vary')).toBe('Accept, X-E2E-Public-Key');
    expect(res.headers.get('retry-after')).toBeNull();
    await transport.close();
  });

  it('drops an attempt past its timeoutMs with AttemptTimedOut, and the connection with it', async () => {
    const { url, seen } = await start();
    const transport = createUndiciTransport({});
    const started = performance.now();
    const error = await transport.send({ method: 'GET', url: `${url}/hang`, headers: {}, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AttemptTimedOut);
    expect(performance.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => (seen[0]!.socket.destroyed ? resolve(undefined) : seen[0]!.socket.once('close', resolve)));
    await transport.close();
  });

  it("rejects with the caller's abort reason, whether it aborts before or during the request", async () => {
    const { url, seen } = await start();
    const transport = createUndiciTransport({});
    const reason = new Error('caller gave up');
    const early = new AbortController();
    early.abort(reason);
    await expect(transport.send({ method: 'GET', url: `${url}/hang`, headers: {}, signal: early.signal })).rejects.toBe(reason);
    expect(seen).toHaveLength(0);
    const late = new AbortController();
    const pending = transport.send({ method: 'GET', url: `${url}/hang`, headers: {}, signal: late.signal, timeoutMs: 60_000 });
    await new Promise<void>((resolve) => server!.once('request', () => resolve()));
    late.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await transport.close();
  });

  it('closes cleanly when no request was sent, and refuses requests after close', async () => {
    const { url, seen } = await start();
    const transport = createUndiciTransport({});
    await transport.close();
    await expect(transport.send({ method: 'GET', url, headers: {}, signal: new AbortController().signal })).rejects.toThrow(/closed/);
    expect(seen).toHaveLength(0);
  });
});
