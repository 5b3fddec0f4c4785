import { describe, expect, it, vi } from 'vitest';
import {
  createMemoryIdempotencyStore,
  createRotationHandler,
  type IdempotencyStore,
  type IdempotentResult,
  RotationError,
} from '../../src/webhooks.js';
import { now, rotateBody, SECRET, signedRequest } from './helpers.js';

function counter() {
  let n = 0;
  return vi.fn(async () => ({ newValue: `value-${++n}`, newHandle: `handle-${n}` }));
}

describe('idempotency', () => {
  it('runs rotate once for a repeated requestId and answers every copy the same', async () => {
    const rotate = counter();
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate });
    const first = await (await handler(await signedRequest(rotateBody('r-1')))).json();
    const second = await (await handler(await signedRequest(rotateBody('r-1')))).json();
    const other = await (await handler(await signedRequest(rotateBody('r-2')))).json();
    expect(first).toEqual({ newValue: 'value-1', newHandle: 'handle-1' });
    expect(second).toEqual(first);
    expect(other).toEqual({ newValue: 'value-2', newHandle: 'handle-2' });
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it('joins concurrent duplicates into one rotate call', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rotate = vi.fn(async () => {
      await gate;
      return { newValue: 'only-once' };
    });
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate });
    const requests = await Promise.all(Array.from({ length: 8 }, () => signedRequest(rotateBody('same'))));
    const pending = requests.map((r) => handler(r));
    release();
    const bodies = await Promise.all((await Promise.all(pending)).map((r) => r.json()));
    expect(rotate).toHaveBeenCalledTimes(1);
    expect(bodies).toEqual(Array(8).fill({ newValue: 'only-once' }));
  });

  it('joins concurrent duplicates even when the store is slow', async () => {
    const memory = createMemoryIdempotencyStore();
    const slow: IdempotencyStore = {
      get: async (key) => {
        await Promise.resolve();
        return memory.get(key);
      },
      set: (key, value, ttl) => memory.set(key, value, ttl),
    };
    const rotate = counter();
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate, idempotency: slow });
    const requests = await Promise.all([signedRequest(rotateBody('x')), signedRequest(rotateBody('x'))]);
    await Promise.all(requests.map((r) => handler(r)));
    expect(rotate).toHaveBeenCalledTimes(1);
  });

  it('does not remember failures: a retry after an error rotates for real', async () => {
    const rotate = vi
      .fn()
      .mockRejectedValueOnce(new RotationError('provider down', { status: 503 }))
      .mockResolvedValueOnce({ newValue: 'second-try' });
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate });
    expect((await handler(await signedRequest(rotateBody('r')))).status).toBe(503);
    const retry = await handler(await signedRequest(rotateBody('r')));
    expect(await retry.json()).toEqual({ newValue: 'second-try' });
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it('keys by action and target too, so a reused id for another secret is not confused', async () => {
    const rotate = counter();
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate });
    await handler(await signedRequest(rotateBody('r')));
    await handler(await signedRequest(rotateBody('r', { secretKey: 'OPENAI_KEY' })));
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it('can be turned off', async () => {
    const rotate = counter();
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate, idempotency: false });
    await handler(await signedRequest(rotateBody('r')));
    await handler(await signedRequest(rotateBody('r')));
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it('uses a custom store: get, set with the 24 h TTL, claim and release', async () => {
    const data = new Map<string, IdempotentResult>();
    const store = {
      get: vi.fn(async (key: string) => data.get(key)),
      set: vi.fn(async (key: string, value: IdempotentResult, _ttl: number) => void data.set(key, value)),
      claim: vi.fn(async () => true),
      release: vi.fn(async () => undefined),
    };
    const rotate = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue({ newValue: 'v' });
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate, idempotency: store });
    expect((await handler(await signedRequest(rotateBody('r')))).status).toBe(500);
    expect(store.release).toHaveBeenCalledTimes(1);
    expect((await handler(await signedRequest(rotateBody('r')))).status).toBe(200);
    expect(store.set).toHaveBeenCalledWith(expect.any(String), { newValue: 'v' }, 86_400_000);
    expect((await handler(await signedRequest(rotateBody('r')))).status).toBe(200);
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it('answers 409 while another instance holds the claim, without rotating', async () => {
    const rotate = counter();
    const store: IdempotencyStore = { get: () => undefined, set: () => undefined, claim: () => false };
    const response = await createRotationHandler({ signingSecret: SECRET, now, rotate, idempotency: store })(
      await signedRequest(rotateBody('r')),
    );
    expect(response.status).toBe(409);
    expect(rotate).not.toHaveBeenCalled();
  });

  it('still answers the new value when the store fails to save it', async () => {
    const onError = vi.fn();
    const store: IdempotencyStore = { get: () => undefined, set: () => Promise.reject(new Error('redis down')) };
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate: counter(), idempotency: store, onError });
    const response = await handler(await signedRequest(rotateBody('r')));
    expect(await response.json()).toEqual({ newValue: 'value-1', newHandle: 'handle-1' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'redis down' }), expect.objectContaining({ status: 200 }));
  });

  it('keeps a timed-out call in flight: a retry before the late result joins it instead of rotating twice', async () => {
    vi.useFakeTimers();
    try {
      let finish!: (v: { newValue: string }) => void;
      const rotate = vi.fn(() => new Promise<{ newValue: string }>((resolve) => (finish = resolve)));
      const handler = createRotationHandler({ signingSecret: SECRET, now, rotate, timeoutMs: 1000 });
      const first = handler(await signedRequest(rotateBody('hung')));
      await vi.advanceTimersByTimeAsync(1000);
      expect((await first).status).toBe(504);
      // Bella retries while the provider call is still running (it ignored the abort signal).
      const retry = handler(await signedRequest(rotateBody('hung')));
      await vi.advanceTimersByTimeAsync(500);
      finish({ newValue: 'late' });
      const answer = await retry;
      expect(await answer.json()).toEqual({ newValue: 'late' });
      expect(rotate).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stores a success that arrives after the timeout, so the retry does not rotate again', async () => {
    vi.useFakeTimers();
    try {
      let finish!: (v: { newValue: string }) => void;
      const rotate = vi.fn(() => new Promise<{ newValue: string }>((resolve) => (finish = resolve)));
      const handler = createRotationHandler({ signingSecret: SECRET, now, rotate, timeoutMs: 1000 });
      const first = handler(await signedRequest(rotateBody('slow')));
      await vi.advanceTimersByTimeAsync(1000);
      expect((await first).status).toBe(504);
      finish({ newValue: 'late' });
      await vi.advanceTimersByTimeAsync(0);
      const retry = await handler(await signedRequest(rotateBody('slow')));
      expect(await retry.json()).toEqual({ newValue: 'late' });
      expect(rotate).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('createMemoryIdempotencyStore', () => {
  it('forgets entries after their TTL', () => {
    let t = 0;
    const store = createMemoryIdempotencyStore({ now: () => t });
    store.set('k', { success: true }, 86_400_000);
    t = 86_399_999;
    expect(store.get('k')).toEqual({ success: true });
    t = 86_400_000;
    expect(store.get('k')).toBeUndefined();
  });

  it('refuses a maxEntries that would leave it unbounded (NaN) or empty', () => {
    for (const maxEntries of [Number.NaN, 0, -1]) {
      expect(() => createMemoryIdempotencyStore({ maxEntries })).toThrow(/maxEntries/);
    }
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) store.set(k, { success: true }, 60_000);
    expect(store.get('a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((k) => store.get(k))).toEqual(Array(3).fill({ success: true }));
  });
});
