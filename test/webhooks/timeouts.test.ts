import { describe, expect, it } from 'vitest';
import { callRotationFunction, createRotationHandler } from '../../src/webhooks.js';
import { now, rotateBody, SECRET, signedRequest } from './helpers.js';

const HUGE = 2 ** 31 + 1_000_000; // past setTimeout's limit: it used to fire after 1 ms

describe('timeouts past 2^31-1 ms are clamped, not fired after 1 ms', () => {
  it('createRotationHandler({ timeoutMs }) lets a 30 ms rotation finish', async () => {
    const handler = createRotationHandler({
      signingSecret: SECRET,
      now,
      timeoutMs: HUGE,
      idempotency: false,
      rotate: async () => {
        await new Promise((r) => setTimeout(r, 30));
        return { newValue: 'v' };
      },
    });
    const response = await handler(await signedRequest(rotateBody()));
    expect(response.status).toBe(200);
  });

  it('callRotationFunction({ timeoutMs }) lets a 30 ms function answer', async () => {
    const slowFetch = async () => {
      await new Promise((r) => setTimeout(r, 30));
      return Response.json({ newValue: 'v' });
    };
    const answer = await callRotationFunction({ endpoint: 'https://fn.example.com/rotate', signingSecret: SECRET, request: rotateBody() as never, fetch: slowFetch as never, timeoutMs: HUGE });
    expect(answer).toEqual({ newValue: 'v' });
  });
});

describe('callRotationFunction option checks', () => {
  const base = { endpoint: 'https://fn.example.com/rotate', signingSecret: SECRET, request: rotateBody() as never, fetch: (() => Promise.resolve(Response.json({ newValue: 'v' }))) as never };

  it.each([Number.NaN, -1, 0, Number.POSITIVE_INFINITY])('refuses timeoutMs %d with a TypeError naming it', async (timeoutMs) => {
    await expect(callRotationFunction({ ...base, timeoutMs })).rejects.toThrow(/option timeoutMs must be a finite number of milliseconds > 0/);
  });

  it.each(['data:application/json,{"newValue":"x"}', 'file:///etc/passwd', 'blob:https://x/1', 'ftp://fn.example.com/rotate'])(
    'refuses the non-http(s) endpoint %s',
    async (endpoint) => {
      await expect(callRotationFunction({ ...base, endpoint })).rejects.toThrow(/endpoint must be an absolute http\(s\) URL/);
    },
  );
});
