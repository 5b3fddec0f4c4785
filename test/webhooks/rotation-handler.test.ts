import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRotationHandler, RotationError, type RotationHandlerOptions } from '../../src/webhooks.js';
import { now, revokeBody, rotateBody, SECRET, signedRequest } from './helpers.js';

const make = (overrides: Partial<RotationHandlerOptions> = {}) =>
  createRotationHandler({ signingSecret: SECRET, now, rotate: async () => ({ newValue: 'sk_new', newHandle: 'key_2' }), ...overrides });

afterEach(() => vi.useRealTimers());

describe('createRotationHandler', () => {
  it('answers a signed rotate with the validated result, uncacheable', async () => {
    const rotate = vi.fn(async () => ({ newValue: 'sk_new', newHandle: 'key_2' }));
    const response = await make({ rotate })(await signedRequest(rotateBody()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ newValue: 'sk_new', newHandle: 'key_2' });
    expect(rotate).toHaveBeenCalledWith(rotateBody(), expect.objectContaining({ signal: expect.any(AbortSignal) }));
  });

  it('omits newHandle when rotate returns none (so Bella never calls revoke)', async () => {
    const response = await make({ rotate: () => ({ newValue: 'v', newHandle: null }) })(await signedRequest(rotateBody()));
    expect(await response.json()).toEqual({ newValue: 'v' });
  });

  it('answers 405 with Allow for anything but POST', async () => {
    const response = await make()(new Request('http://127.0.0.1/rotate'));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 413 over maxBodyBytes, declared or streamed', async () => {
    const handler = make({ maxBodyBytes: 100 });
    expect((await handler(await signedRequest({ ...rotateBody(), pad: 'x'.repeat(200) }))).status).toBe(413);
    const stream = new ReadableStream({
      pull(controller) {
        controller.enqueue(new Uint8Array(64));
      },
    });
    const streamed = new Request('http://127.0.0.1/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect((await handler(streamed)).status).toBe(413);
  });

  it('answers 401 {"error":"Invalid signature"} for a missing or wrong signature, with no detail', async () => {
    const rotate = vi.fn();
    const handler = make({ rotate });
    const wrong = await handler(await signedRequest(rotateBody(), { secret: 'not-the-secret' }));
    const unsigned = await handler(new Request('http://127.0.0.1/', { method: 'POST', body: JSON.stringify(rotateBody()) }));
    for (const response of [wrong, unsigned]) {
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('{"error":"Invalid signature"}');
    }
    expect(rotate).not.toHaveBeenCalled();
  });

  it('checks the configured API key header in constant time', async () => {
    const handler = make({ apiKey: 'api-key-123', apiKeyHeader: 'X-Rotation-Key' });
    expect((await handler(await signedRequest(rotateBody('a')))).status).toBe(401);
    expect((await handler(await signedRequest(rotateBody('b'), { headers: { 'x-rotation-key': 'api-key-12' } }))).status).toBe(401);
    expect((await handler(await signedRequest(rotateBody('c'), { headers: { 'x-rotation-key': 'api-key-123' } }))).status).toBe(200);
  });

  it('accepts the old and the new signing secret while it is rotated', async () => {
    const handler = make({ signingSecret: ['old-secret', SECRET] });
    expect((await handler(await signedRequest(rotateBody('a')))).status).toBe(200);
    expect((await handler(await signedRequest(rotateBody('b'), { secret: 'old-secret' }))).status).toBe(200);
  });

  it('answers 400 for a signed body that is not JSON or breaks the contract, naming fields but no values', async () => {
    const handler = make();
    const notJson = await handler(await signedRequest('{nope'));
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'Invalid JSON body' });
    const bad = await handler(await signedRequest({ ...rotateBody(), requestId: '', secretKey: 42 }));
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: string };
    expect(error).toMatch(/^Invalid rotation request: .*secretKey.*requestId/);
    const unknownAction = await handler(await signedRequest({ ...rotateBody(), action: 'explode' }));
    expect(unknownAction.status).toBe(400);
  });

  it('calls revoke with the old handle and answers {success: true}', async () => {
    const revoke = vi.fn();
    const response = await make({ revoke })(await signedRequest(revokeBody('rev-1', 'key_1')));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true });
    expect(revoke).toHaveBeenCalledWith(revokeBody('rev-1', 'key_1'), expect.anything());
  });

  it('answers revoke without a revoke function with 501, or {success: true} when opted in', async () => {
    expect((await make()(await signedRequest(revokeBody()))).status).toBe(501);
    const ignored = await make({ ignoreRevoke: true })(await signedRequest(revokeBody()));
    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toEqual({ success: true });
  });

  it('turns a thrown RotationError into its status and message', async () => {
    const handler = make({ rotate: () => Promise.reject(new RotationError('Provider rate limited', { status: 503 })) });
    const response = await handler(await signedRequest(rotateBody()));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'Provider rate limited' });
  });

  it('turns any other exception into 500 "Rotation failed", details to onError only', async () => {
    const onError = vi.fn();
    const handler = make({
      onError,
      rotate: () => {
        throw new Error(`provider said: bad key sk_live_leak`);
      },
    });
    const response = await handler(await signedRequest(rotateBody()));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":"Rotation failed"}');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'provider said: bad key sk_live_leak' }), {
      status: 500,
      action: 'rotate',
      requestId: 'req-1',
      secretKey: 'STRIPE_KEY',
      projectSlug: 'shop',
      environmentSlug: 'prod',
    });
  });

  it('answers 500 when rotate returns something outside the contract, and survives a throwing onError', async () => {
    const handler = make({
      rotate: () => ({ newValue: '' }),
      onError: () => {
        throw new Error('logger down');
      },
    });
    const response = await handler(await signedRequest(rotateBody()));
    expect(response.status).toBe(500);
  });

  it('aborts context.signal and answers 504 at timeoutMs', async () => {
    vi.useFakeTimers();
    let seen: AbortSignal | undefined;
    const handler = make({
      timeoutMs: 1000,
      rotate: (_req, { signal }) => {
        seen = signal;
        return new Promise(() => undefined); // a provider call that never answers
      },
    });
    const pending = handler(await signedRequest(rotateBody()));
    await vi.advanceTimersByTimeAsync(999);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen?.aborted).toBe(true);
    const response = await pending;
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ error: 'Rotation timed out' });
  });

  it('never puts the signing secret or API key in a response', async () => {
    const handler = make({ apiKey: 'api-key-xyz', rotate: () => Promise.reject(new Error(SECRET)) });
    for (const request of [
      await signedRequest(rotateBody(), { headers: { 'x-api-key': 'api-key-xyz' } }),
      await signedRequest(rotateBody(), { headers: { 'x-api-key': 'wrong' } }),
      await signedRequest({ bad: true }, { headers: { 'x-api-key': 'api-key-xyz' } }),
    ]) {
      const text = await (await handler(request)).text();
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('api-key-xyz');
    }
  });

  it('throws a TypeError at creation for a missing secret or rotate, without echoing values', () => {
    expect(() => createRotationHandler({ signingSecret: '', rotate: async () => ({ newValue: 'x' }) })).toThrow(
      /^@bella-baxter\/sdk: createRotationHandler needs a non-empty signing secret/,
    );
    expect(() => createRotationHandler({ signingSecret: SECRET } as never)).toThrow(/rotate/);
    expect(() => make({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => make({ apiKeyHeader: 'bad header' })).toThrow(/apiKeyHeader/);
    expect(() => make({ toleranceSeconds: -1 })).toThrow(/toleranceSeconds/);
    expect(() => make({ toleranceSeconds: Number.NaN })).toThrow(/toleranceSeconds/);
  });
});
