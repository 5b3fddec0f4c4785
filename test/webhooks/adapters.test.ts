import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createRotationHandler,
  signWebhookPayload,
  toAzureFunctionsHandler,
  toLambdaHandler,
  toNodeHandler,
  type NodeRequestLike,
} from '../../src/webhooks.js';
import { now, rotateBody, SECRET, T } from './helpers.js';

const handler = createRotationHandler({
  signingSecret: SECRET,
  now,
  maxBodyBytes: 1024,
  rotate: async (req) => ({ newValue: `new-${req.requestId}` }),
});
const sign = (raw: string | Uint8Array) => signWebhookPayload(SECRET, raw, { timestamp: T });

describe('toNodeHandler on a real node:http server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  });

  async function listen(): Promise<string> {
    server = createServer(toNodeHandler(handler));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('reads the raw body, verifies and answers', async () => {
    const url = await listen();
    const raw = JSON.stringify(rotateBody('n-1'));
    const ok = await fetch(`${url}/rotate`, { method: 'POST', headers: { 'x-bella-signature': await sign(raw) }, body: raw });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ newValue: 'new-n-1' });
    const bad = await fetch(`${url}/rotate`, { method: 'POST', headers: { 'x-bella-signature': 't=1,v1=00' }, body: raw });
    expect(bad.status).toBe(401);
    expect((await fetch(url)).status).toBe(405);
  });

  it('answers 405, not 500, to TRACE, which Fetch cannot represent', async () => {
    const url = new URL(await listen());
    for (const method of ['TRACE']) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, method, path: '/' }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(405);
    }
  });

  it('answers 413 to a chunked body over the limit without buffering it all', async () => {
    const url = new URL(await listen());
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/' }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.write('x'.repeat(800));
      req.end('y'.repeat(800));
    });
    expect(status).toBe(413);
  });
});

function fakeRes() {
  const res = { statusCode: 0, headers: {} as Record<string, unknown>, body: '', headersSent: false };
  return Object.assign(res, {
    setHeader: (name: string, value: unknown) => void (res.headers[name] = value),
    end: (chunk?: Uint8Array | string) => void (res.body = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)),
  });
}
const consumed = (body: unknown, headers: Record<string, string>): NodeRequestLike => ({
  method: 'POST',
  url: '/rotate',
  headers,
  body,
  readableEnded: true,
  on: () => undefined,
  removeListener: () => undefined,
  pause: () => undefined,
  resume: () => undefined,
});

describe('toNodeHandler with Express body parsers', () => {
  it('works after express.raw() (a Buffer body) and express.text() (a string body)', async () => {
    const raw = JSON.stringify(rotateBody('e-1'));
    for (const body of [Buffer.from(raw), raw]) {
      const res = fakeRes();
      await toNodeHandler(handler)(consumed(body, { 'x-bella-signature': await sign(raw) }), res);
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ newValue: 'new-e-1' });
    }
  });

  it('passes a TypeError naming the fix to next() after express.json()', async () => {
    const next = vi.fn();
    await toNodeHandler(handler)(consumed(rotateBody(), {}), fakeRes(), next);
    expect(next).toHaveBeenCalledWith(expect.any(TypeError));
    expect((next.mock.calls[0]![0] as Error).message).toMatch(/^@bella-baxter\/sdk: .*express\.raw/);
  });

  it('answers 500 without next when the raw body is gone', async () => {
    const res = fakeRes();
    await toNodeHandler(handler)(consumed(rotateBody(), {}), res);
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('{"error":"Rotation failed"}');
  });
});

describe('toLambdaHandler', () => {
  const event = (body: string, headers: Record<string, string>, isBase64Encoded = false) => ({
    version: '2.0',
    rawPath: '/rotate',
    rawQueryString: '',
    headers,
    body,
    isBase64Encoded,
    requestContext: { http: { method: 'POST' } },
  });

  it('handles API Gateway v2 / Function URL events, plain and base64', async () => {
    const raw = JSON.stringify(rotateBody('l-1', { note: 'héllo ✓' }));
    const signature = await sign(raw);
    const lambda = toLambdaHandler(handler);
    const plain = await lambda(event(raw, { 'x-bella-signature': signature }));
    expect(plain).toMatchObject({ statusCode: 200, isBase64Encoded: false, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(plain.body)).toEqual({ newValue: 'new-l-1' });
    const b64 = await lambda(event(Buffer.from(raw).toString('base64'), { 'x-bella-signature': signature }, true));
    expect(b64.statusCode).toBe(200);
  });

  it('verifies binary base64 bodies byte for byte and rejects bad base64 with 400', async () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x00, 0x80]);
    const lambda = toLambdaHandler(handler);
    const unsigned = await lambda(event(Buffer.from(bytes).toString('base64'), { 'x-bella-signature': await sign(bytes) }, true));
    expect(unsigned.statusCode).toBe(400); // signature passed; the bytes are not JSON
    expect((await lambda(event('%%%', {}, true))).statusCode).toBe(400);
  });

  it('answers 405 to TRACE and 401, not a crash, to a header value Fetch cannot carry', async () => {
    const lambda = toLambdaHandler(handler);
    expect((await lambda({ requestContext: { http: { method: 'TRACE' } }, rawPath: '/' })).statusCode).toBe(405);
    const raw = JSON.stringify(rotateBody('bad-header'));
    const result = await lambda(event(raw, { 'x-bella-signature': '\u0101', 'x-other': 'ok' }));
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toEqual({ error: 'Invalid signature' });
  });

  it('answers 405 to a GET and works with REST API (v1) events', async () => {
    const lambda = toLambdaHandler(handler);
    expect((await lambda({ requestContext: { http: { method: 'GET' } }, rawPath: '/' })).statusCode).toBe(405);
    const raw = JSON.stringify(rotateBody('v1'));
    const v1 = await lambda({ httpMethod: 'POST', path: '/rotate', headers: { 'X-Bella-Signature': await sign(raw) }, body: raw });
    expect(v1.statusCode).toBe(200);
  });
});

describe('toAzureFunctionsHandler', () => {
  it('handles an Azure Functions v4 HttpRequest', async () => {
    const raw = JSON.stringify(rotateBody('a-1'));
    // A Fetch Request has the same members as Azure's HttpRequest that the adapter reads.
    const azureRequest = new Request('https://fn.azurewebsites.net/api/rotate', {
      method: 'POST',
      headers: { 'x-bella-signature': await sign(raw) },
      body: raw,
    });
    const result = await toAzureFunctionsHandler(handler)(azureRequest);
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('application/json');
    expect(JSON.parse(result.body)).toEqual({ newValue: 'new-a-1' });
    const denied = await toAzureFunctionsHandler(handler)(new Request('https://x/api/rotate', { method: 'POST', body: raw }));
    expect(denied.status).toBe(401);
  });
});
