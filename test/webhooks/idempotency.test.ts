import { describe, expect, it, vi } from 'vitest';
import {
  type ClaimOutcome,
  type CompletedRecord,
  createMemoryIdempotencyStore,
  createRotationHandler,
  type IdempotencyClaim,
  type IdempotencyStore,
  RotationError,
} from '../../src/webhooks.js';
import { now, rotateBody, SECRET, signedRequest } from './helpers.js';

/** The fingerprint the handler computes for rotateBody(requestId): read back from a store it claims on. */
async function fingerprintOfRotate(requestId: string): Promise<string> {
  let seen = '';
  const spy: IdempotencyStore = {
    claim: (_key, claim) => ((seen = claim.fingerprint), { state: 'claimed' }),
    complete: () => undefined,
    release: () => undefined,
  };
  await createRotationHandler({ signingSecret: SECRET, now, rotate: () => ({ newValue: 'v' }), idempotency: spy })(await signedRequest(rotateBody(requestId)));
  return seen;
}

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
      claim: async (key, claim) => {
        await Promise.resolve();
        return memory.claim(key, claim);
      },
      complete: (key, record, ttl) => memory.complete(key, record, ttl),
      release: (key, owner) => memory.release(key, owner),
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

  it('refuses a reused requestId with another body (another secret, another action) with 422, never answering the other result', async () => {
    const rotate = counter();
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate, revoke: async () => undefined });
    await handler(await signedRequest(rotateBody('r')));
    const otherSecret = await handler(await signedRequest(rotateBody('r', { secretKey: 'OPENAI_KEY' })));
    const otherAction = await handler(await signedRequest({ ...rotateBody('r'), action: 'revoke', oldHandle: 'key_1' }));
    for (const response of [otherSecret, otherAction]) {
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ error: 'This requestId was already used for a different request' });
    }
    expect(rotate).toHaveBeenCalledTimes(1);
  });

  it('refuses a reused requestId with another body with 422 while the first call is still running', async () => {
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const rotate = vi.fn(async () => {
      await gate;
      return { newValue: 'v' };
    });
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate });
    const first = handler(await signedRequest(rotateBody('r')));
    expect((await handler(await signedRequest(rotateBody('r', { secretKey: 'OTHER' })))).status).toBe(422);
    finish();
    expect((await first).status).toBe(200);
  });

  it('can be turned off', async () => {
    const rotate = counter();
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate, idempotency: false });
    await handler(await signedRequest(rotateBody('r')));
    await handler(await signedRequest(rotateBody('r')));
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it('uses a custom store: claim, complete with the 24 h TTL and a sealed answer, release after a failure', async () => {
    const memory = createMemoryIdempotencyStore();
    const store = {
      claim: vi.fn((key: string, claim: IdempotencyClaim) => memory.claim(key, claim)),
      complete: vi.fn((key: string, record: CompletedRecord, ttl: number) => memory.complete(key, record, ttl)),
      release: vi.fn((key: string, owner: string) => memory.release(key, owner)),
    };
    const rotate = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue({ newValue: 'sk_canary_value' });
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate, idempotency: store });
    expect((await handler(await signedRequest(rotateBody('r')))).status).toBe(500);
    expect(store.release).toHaveBeenCalledWith('request:r', store.claim.mock.calls[0]?.[1].owner);
    expect((await handler(await signedRequest(rotateBody('r')))).status).toBe(200);
    expect(store.complete).toHaveBeenCalledWith('request:r', expect.objectContaining({ answer: expect.stringMatching(/^v1\./) }), 86_400_000);
    const { answer } = store.complete.mock.calls[0]?.[1] as CompletedRecord;
    expect(answer).not.toContain('canary');
    expect(await (await handler(await signedRequest(rotateBody('r')))).json()).toEqual({ newValue: 'sk_canary_value' });
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it('answers 409 while another instance holds the claim, without rotating', async () => {
    const rotate = counter();
    const fingerprint = await fingerprintOfRotate('r');
    const store: IdempotencyStore = { claim: () => ({ state: 'pending', fingerprint }), complete: () => undefined, release: () => undefined };
    const response = await createRotationHandler({ signingSecret: SECRET, now, rotate, idempotency: store })(
      await signedRequest(rotateBody('r')),
    );
    expect(response.status).toBe(409);
    expect(rotate).not.toHaveBeenCalled();
  });

  it('answers 503 without rotating when the store cannot be reached', async () => {
    const rotate = counter();
    const onError = vi.fn();
    const store: IdempotencyStore = { claim: () => Promise.reject(new Error('ECONNREFUSED')), complete: () => undefined, release: () => undefined };
    const response = await createRotationHandler({ signingSecret: SECRET, now, rotate, idempotency: store, onError })(
      await signedRequest(rotateBody('r')),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'Idempotency store unavailable; retry later' });
    expect(rotate).not.toHaveBeenCalled();
    expect(onError.mock.calls[0]?.[0].cause).toEqual(expect.objectContaining({ message: 'ECONNREFUSED' }));
  });

  it('still answers the new value when the store fails to save it', async () => {
    const onError = vi.fn();
    const memory = createMemoryIdempotencyStore();
    const store: IdempotencyStore = { ...memory, complete: () => Promise.reject(new Error('redis down')) };
    const handler = createRotationHandler({ signingSecret: SECRET, now, rotate: counter(), idempotency: store, onError });
    const response = await handler(await signedRequest(rotateBody('r')));
    expect(await response.json()).toEqual({ newValue: 'value-1', newHandle: 'handle-1' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'redis down' }), expect.objectContaining({ status: 200 }));
  });

  it('refuses a 0.1 get/set store at creation with a message naming the new methods', () => {
    const legacy = { get: () => undefined, set: () => undefined } as unknown as IdempotencyStore;
    expect(() => createRotationHandler({ signingSecret: SECRET, rotate: counter(), idempotency: legacy })).toThrow(/claim\(\), complete\(\) and release\(\)/);
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
  const claim = (owner = 'o1', fingerprint = 'f1', ttlMs = 1000) => ({ owner, fingerprint, ttlMs });

  it('claims once, reports the pending claim to others, and forgets it after its TTL', () => {
    let t = 0;
    const store = createMemoryIdempotencyStore({ now: () => t });
    expect(store.claim('k', claim('o1'))).toEqual({ state: 'claimed' });
    expect(store.claim('k', claim('o2'))).toEqual({ state: 'pending', fingerprint: 'f1' });
    t = 1000;
    expect(store.claim('k', claim('o2'))).toEqual({ state: 'claimed' });
  });

  it('releases only for the owner, and never a completed answer', () => {
    const store = createMemoryIdempotencyStore();
    store.claim('k', claim('o1'));
    store.release('k', 'someone-else');
    expect((store.claim('k', claim('o2')) as ClaimOutcome).state).toBe('pending');
    store.release('k', 'o1');
    expect((store.claim('k', claim('o2')) as ClaimOutcome).state).toBe('claimed');
    store.complete('k', { owner: 'o2', fingerprint: 'f1', answer: 'sealed' }, 60_000);
    store.release('k', 'o2');
    expect(store.claim('k', claim('o3'))).toEqual({ state: 'done', fingerprint: 'f1', answer: 'sealed' });
  });

  it('keeps the first answer when a late owner completes too, and forgets answers after their TTL', () => {
    let t = 0;
    const store = createMemoryIdempotencyStore({ now: () => t });
    store.complete('k', { owner: 'a', fingerprint: 'f', answer: 'first' }, 86_400_000);
    store.complete('k', { owner: 'b', fingerprint: 'f', answer: 'second' }, 86_400_000);
    t = 86_399_999;
    expect(store.claim('k', claim())).toEqual({ state: 'done', fingerprint: 'f', answer: 'first' });
    t = 86_400_000;
    expect((store.claim('k', claim()) as ClaimOutcome).state).toBe('claimed');
  });

  it('refuses a maxEntries that would leave it unbounded (NaN) or empty', () => {
    for (const maxEntries of [Number.NaN, 0, -1]) {
      expect(() => createMemoryIdempotencyStore({ maxEntries })).toThrow(/maxEntries/);
    }
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) store.complete(k, { owner: 'o', fingerprint: 'f', answer: k }, 60_000);
    expect((store.claim('a', claim()) as ClaimOutcome).state).toBe('claimed');
    expect(['c', 'd'].map((k) => (store.claim(k, claim()) as ClaimOutcome).state)).toEqual(['done', 'done']);
  });
});
