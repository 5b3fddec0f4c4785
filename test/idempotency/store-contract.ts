// The behaviour every idempotency store must have, run against each real backend
// (redis-server with both clients, dynalite) and the memory store. Two handlers over
// one store stand for two instances; the multi-process tests are in multi-instance.test.ts.
import { beforeEach, expect, it, vi } from 'vitest';
import { createRotationHandler, type IdempotencyStore, type RotationHandlerOptions } from '../../src/webhooks.js';
import { now, rotateBody, SECRET, signedRequest } from '../webhooks/helpers.js';

export interface StoreUnderTest {
  /** A store in a fresh namespace (key prefix), or in `namespace` when given (two instances of one store). */
  make(options?: { encryptionKey?: string; namespace?: string }): IdempotencyStore;
  /** Every raw key and value the backend holds, as text, for the at-rest checks (none for memory). */
  dump?(): Promise<string>;
}

/** The canary secrets handed out by `canaryRotate`, checked against the dump in every encoding. */
export const canaries: string[] = [];
export const canaryRotate = vi.fn(async () => {
  const value = `sk_canary_${crypto.randomUUID().replaceAll('-', '')}`;
  canaries.push(value);
  return { newValue: value, newHandle: `key_${canaries.length}` };
});

/** The encodings a careless store would leave a value in. */
export function encodingsOf(value: string): string[] {
  const bytes = Buffer.from(value);
  return [value, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), encodeURIComponent(value), JSON.stringify(value)];
}

const claim = (owner: string, ttlMs = 60_000) => ({ owner, fingerprint: 'fp0123456789abcd', ttlMs });
let id = 0;
const fresh = (label: string) => `${label}-${++id}-${crypto.randomUUID().slice(0, 8)}`;

export function storeContract(get: () => StoreUnderTest, { withDump = true } = {}): void {
  beforeEach(() => canaryRotate.mockClear());
  const handler = (store: IdempotencyStore, extra: Partial<RotationHandlerOptions> = {}) =>
    createRotationHandler({ signingSecret: SECRET, now, rotate: canaryRotate, idempotency: store, ...extra });

  it('claims a key once: others see it pending until it is released by its owner, and only its owner', async () => {
    const store = get().make();
    const key = fresh('request:claim');
    expect(await store.claim(key, claim('owner-a'))).toEqual({ state: 'claimed' });
    expect(await store.claim(key, claim('owner-b'))).toEqual({ state: 'pending', fingerprint: 'fp0123456789abcd' });
    await store.release(key, 'owner-b');
    expect((await store.claim(key, claim('owner-b'))).state).toBe('pending');
    await store.release(key, 'owner-a');
    expect(await store.claim(key, claim('owner-b'))).toEqual({ state: 'claimed' });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const store = get().make();
    const key = fresh('request:race');
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim(key, claim(`o${i}`))));
    expect(outcomes.filter((o) => o.state === 'claimed')).toHaveLength(1);
  });

  it('lets a claim expire by itself (an instance died holding it)', async () => {
    const store = get().make();
    const key = fresh('request:expiry');
    await store.claim(key, claim('dead', 30));
    await vi.waitFor(async () => expect((await store.claim(key, claim('next'))).state).toBe('claimed'), { timeout: 3000, interval: 20 });
  });

  it('keeps a completed answer (the first one) and never releases it', async () => {
    const store = get().make();
    const key = fresh('request:done');
    await store.claim(key, claim('a'));
    await store.complete(key, { owner: 'a', fingerprint: 'fp0123456789abcd', answer: 'v1.first' }, 60_000);
    await store.complete(key, { owner: 'b', fingerprint: 'fp0123456789abcd', answer: 'v1.second' }, 60_000);
    await store.release(key, 'a');
    expect(await store.claim(key, claim('c'))).toEqual({ state: 'done', fingerprint: 'fp0123456789abcd', answer: 'v1.first' });
  });

  it('answers a retry on another instance from the store, and refuses the id reused with another body (422)', async () => {
    const store = get().make();
    const [a, b] = [handler(store), handler(store)];
    const requestId = fresh('r');
    const first = await a(await signedRequest(rotateBody(requestId)));
    const again = await b(await signedRequest(rotateBody(requestId)));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    const reused = await b(await signedRequest(rotateBody(requestId, { secretKey: 'OTHER_KEY' })));
    expect(reused.status).toBe(422);
    expect(canaryRotate).toHaveBeenCalledTimes(1);
  });

  it('releases the claim (and the per-secret lock) of a failed call: a retry on another instance runs at once', async () => {
    const store = get().make();
    const failing = handler(store, { serializePerSecret: true, rotate: () => Promise.reject(new Error('provider down')) });
    const requestId = fresh('r');
    expect((await failing(await signedRequest(rotateBody(requestId)))).status).toBe(500);
    const retry = await handler(store, { serializePerSecret: true })(await signedRequest(rotateBody(requestId)));
    expect(retry.status).toBe(200);
    expect(canaryRotate).toHaveBeenCalledTimes(1);
  });

  it('answers 409 while the request id runs on another instance, then the answer', async () => {
    const store = get().make();
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const slow = handler(store, { rotate: async () => {
      await gate;
      return canaryRotate();
    } });
    const requestId = fresh('r');
    const running = slow(await signedRequest(rotateBody(requestId)));
    await vi.waitFor(async () => expect((await handler(store)(await signedRequest(rotateBody(requestId)))).status).toBe(409), { interval: 5 });
    finish();
    const answer = await (await running).json();
    expect(await (await handler(store)(await signedRequest(rotateBody(requestId)))).json()).toEqual(answer);
    expect(canaryRotate).toHaveBeenCalledTimes(1);
  });

  it('serialises rotations per secret when asked: a second request id for the secret gets 409 while one runs', async () => {
    const store = get().make();
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const secretKey = fresh('SECRET');
    const slow = handler(store, { serializePerSecret: true, rotate: async () => {
      await gate;
      return canaryRotate();
    } });
    const other = handler(store, { serializePerSecret: true });
    const running = slow(await signedRequest(rotateBody(fresh('r'), { secretKey })));
    const second = rotateBody(fresh('r'), { secretKey });
    await vi.waitFor(async () => expect((await other(await signedRequest(second))).status).toBe(409), { interval: 5 });
    finish();
    expect((await running).status).toBe(200);
    expect((await other(await signedRequest(second))).status).toBe(200);
    expect(canaryRotate).toHaveBeenCalledTimes(2);
  });

  it('seals answers to their request id: a copy moved to another id does not open (and does not rotate)', async () => {
    const store = get().make();
    const [from, to] = [fresh('r'), fresh('r')];
    await handler(store)(await signedRequest(rotateBody(from)));
    const stolen = await store.claim(`request:${from}`, claim('thief'));
    if (stolen.state !== 'done') throw new Error('expected a stored answer');
    await store.complete(`request:${to}`, { owner: 'thief', fingerprint: stolen.fingerprint, answer: stolen.answer }, 60_000);
    const response = await handler(store)(await signedRequest(rotateBody(to)));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('sk_canary');
    expect(canaryRotate).toHaveBeenCalledTimes(1);
  });

  it('opens answers under an explicit encryptionKey whatever the signing secret', async () => {
    const encryptionKey = 'k'.repeat(32);
    const requestId = fresh('r');
    const namespace = fresh('enc');
    const first = await handler(get().make({ encryptionKey, namespace }))(await signedRequest(rotateBody(requestId)));
    const next = 'the-next-signing-secret';
    const otherSecret = handler(get().make({ encryptionKey, namespace }), { signingSecret: next });
    const retry = await otherSecret(await signedRequest(rotateBody(requestId), { secret: next }));
    expect(await retry.json()).toEqual(await first.json());
    expect(canaryRotate).toHaveBeenCalledTimes(1);
  });

  if (withDump) it('holds no canary secret value in any encoding (a dump of every key and value)', async () => {
    const store = get().make();
    for (let i = 0; i < 3; i++) await handler(store)(await signedRequest(rotateBody(fresh('dump'))));
    const dump = (await get().dump?.()) ?? '';
    expect(canaries.length).toBeGreaterThan(0);
    expect(dump.length).toBeGreaterThan(0);
    for (const canary of canaries) for (const encoded of encodingsOf(canary)) expect(dump).not.toContain(encoded);
    expect(dump).not.toContain(SECRET);
  });
}
