import { once } from 'node:events';
import { inspect } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  callRotationFunction,
  createRotationHandler,
  isRotationFunctionError,
  RotationError,
  RotationFunctionError,
  toNodeHandler,
  verifyWebhookSignature,
} from '../../src/webhooks.js';
import { now, revokeBody, rotateBody, SECRET, T } from './helpers.js';

let server: Server;
let endpoint: string;
const revoked: string[] = [];

beforeAll(async () => {
  const handler = createRotationHandler({
    signingSecret: SECRET,
    apiKey: 'fn-api-key',
    now,
    rotate: async (req) => {
      if (req.secretKey === 'RATE_LIMITED') throw new RotationError('Provider rate limited', { status: 503 });
      return { newValue: `value-for-${req.requestId}`, newHandle: `handle-${req.requestId}` };
    },
    revoke: (req) => void revoked.push(req.oldHandle),
  });
  server = createServer(toNodeHandler(handler));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rotate`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const base = () => ({ endpoint, signingSecret: SECRET, apiKey: 'fn-api-key', now });

describe('callRotationFunction against a real rotation function', () => {
  it('rotates and returns the validated answer', async () => {
    const answer = await callRotationFunction({ ...base(), request: rotateBody('c-1') as never });
    expect(answer).toEqual({ newValue: 'value-for-c-1', newHandle: 'handle-c-1' });
  });

  it('revokes', async () => {
    const answer = await callRotationFunction({ ...base(), request: revokeBody('c-2', 'handle-old') as never });
    expect(answer).toEqual({ success: true });
    expect(revoked).toContain('handle-old');
  });

  it('throws http_error with the status and the function error text', async () => {
    const error = await callRotationFunction({ ...base(), request: rotateBody('c-3', { secretKey: 'RATE_LIMITED' }) as never }).catch((e: unknown) => e);
    expect(isRotationFunctionError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'http_error', status: 503, functionError: 'Provider rate limited' });
    expect((error as Error).message).toBe(`Rotation function ${endpoint} answered 503: Provider rate limited.`);
  });

  it('is answered 401 with a wrong secret or API key, which never appear in the error', async () => {
    for (const wrong of [{ signingSecret: 'wrong-secret' }, { apiKey: 'wrong-key' }]) {
      const error = (await callRotationFunction({ ...base(), ...wrong, request: rotateBody('c-4') as never }).catch((e: unknown) => e)) as RotationFunctionError;
      expect(error).toMatchObject({ kind: 'http_error', status: 401, functionError: 'Invalid signature' });
      expect(`${error.message} ${JSON.stringify(error)}`).not.toMatch(/wrong-secret|wrong-key|fn-api-key/);
    }
  });
});

describe('callRotationFunction with an injected fetch', () => {
  it('signs with the injected clock and sends the API key header', async () => {
    const fetch = vi.fn(async (_url: URL | RequestInfo, init?: RequestInit) => {
      const headers = init!.headers as Record<string, string>;
      expect(headers['x-bella-signature']).toMatch(new RegExp(`^t=${T},v1=`));
      expect(headers['x-custom-key']).toBe('k');
      expect(await verifyWebhookSignature(SECRET, headers['x-bella-signature'], init!.body as string, { now })).toBe(true);
      return Response.json({ newValue: 'v' });
    });
    await callRotationFunction({ ...base(), apiKey: 'k', apiKeyHeader: 'X-Custom-Key', fetch, request: rotateBody() as never });
    expect(fetch).toHaveBeenCalledWith(expect.any(URL), expect.objectContaining({ method: 'POST', redirect: 'manual' }));
  });

  it('throws invalid_response for a 2xx outside the contract', async () => {
    const fetch = async () => Response.json({ value: 'oops' });
    await expect(callRotationFunction({ ...base(), fetch, request: rotateBody() as never })).rejects.toMatchObject({
      kind: 'invalid_response',
      status: 200,
    });
    const notJson = async () => new Response('<html>');
    await expect(callRotationFunction({ ...base(), fetch: notJson, request: rotateBody() as never })).rejects.toThrow(/not JSON/);
  });

  it('stops reading an endless answer after 1 MiB instead of buffering it', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 65_536;
        if (pulled > 64 * 1_048_576) controller.error(new Error('read 64 MiB: the answer was buffered without a cap'));
        else controller.enqueue(new Uint8Array(65_536).fill(0x20));
      },
    });
    const fetch = async () => new Response(endless, { status: 200 });
    await expect(callRotationFunction({ ...base(), fetch, request: rotateBody() as never })).rejects.toMatchObject({
      kind: 'invalid_response',
    });
    expect(pulled).toBeLessThanOrEqual(2 * 1_048_576);
  });

  it('throws timeout after timeoutMs', async () => {
    vi.useFakeTimers();
    try {
      const fetch = (_: unknown, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
      const pending = callRotationFunction({ ...base(), fetch, timeoutMs: 5000, request: rotateBody() as never }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(5000);
      expect(await pending).toMatchObject({ kind: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('throws network for an unreachable endpoint, hiding credentials and query in the message', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const error = (await callRotationFunction({
      ...base(),
      endpoint: 'https://user:pass@fn.example.com/rotate?token=abc',
      fetch,
      request: rotateBody() as never,
    }).catch((e: unknown) => e)) as RotationFunctionError;
    expect(error).toBeInstanceOf(RotationFunctionError);
    expect(error.kind).toBe('network');
    expect(error.message).toBe('Rotation function https://fn.example.com/rotate could not be reached (fetch failed).');
  });

  it('never shows URL credentials, query tokens or the API key that the real fetch quotes in its errors', async () => {
    const cases = [
      { endpoint: 'http://user:p4ss-w0rd@127.0.0.1:9/rotate?token=t0k3n', apiKey: 'fn-api-key' },
      { endpoint: 'http://127.0.0.1:9/rotate', apiKey: 'fn-api\nkey-s3cr3t' },
    ];
    for (const { endpoint: target, apiKey } of cases) {
      const error = (await callRotationFunction({ ...base(), endpoint: target, apiKey, request: rotateBody() as never }).catch(
        (e: unknown) => e,
      )) as RotationFunctionError;
      expect(error).toBeInstanceOf(RotationFunctionError);
      expect(error.kind).toBe('network');
      for (const shown of [error.message, inspect(error), JSON.stringify(error)]) {
        expect(shown).not.toMatch(/p4ss-w0rd|t0k3n|key-s3cr3t/);
      }
    }
  });

  it('rejects a request that breaks the contract before sending anything', async () => {
    const fetch = vi.fn();
    await expect(callRotationFunction({ ...base(), fetch, request: { action: 'rotate' } as never })).rejects.toThrow(
      /^@bella-baxter\/sdk: callRotationFunction option request breaks the rotation contract/,
    );
    expect(fetch).not.toHaveBeenCalled();
  });
});
