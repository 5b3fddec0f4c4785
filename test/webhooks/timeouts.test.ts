import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callRotationFunction, createRotationHandler } from '../../src/webhooks.js';
import { now, rotateBody, SECRET, signedRequest } from './helpers.js';

const HUGE = 2 ** 31 + 1_000_000; // past setTimeout's limit: it used to fire after 1 ms

describe('timeouts past 2^31-1 ms are clamped, not fired after 1 ms', () => {
  // Fake timers fire a delay past 2^31-1 ms after 1 ms, as Node does: an unclamped deadline fires at once.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('createRotationHandler({ timeoutMs }) lets a rotation that takes a second finish', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const handler = createRotationHandler({
      signingSecret: SECRET,
      now,
      timeoutMs: HUGE,
      idempotency: false,
      rotate: async (_request, { signal }) => {
        started();
        await gate;
        signal.throwIfAborted();
        return { newValue: 'v' };
      },
    });
    const response = handler(await signedRequest(rotateBody()));
    await running;
    await vi.advanceTimersByTimeAsync(1_000);
    finish();
    expect((await response).status).toBe(200);
  });

  it('callRotationFunction({ timeoutMs }) lets a function that takes a second answer', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const slowFetch = async (_url: unknown, init: RequestInit) => {
      started();
      await gate;
      init.signal?.throwIfAborted();
      return Response.json({ newValue: 'v' });
    };
    const answer = callRotationFunction({ endpoint: 'https://fn.example.com/rotate', signingSecret: SECRET, request: rotateBody() as never, fetch: slowFetch as never, timeoutMs: HUGE });
    await running;
    await vi.advanceTimersByTimeAsync(1_000);
    finish();
    expect(await answer).toEqual({ newValue: 'v' });
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
