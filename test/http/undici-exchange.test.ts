import type { Dispatcher } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttemptTimedOut } from '../../src/http/attempt-timeout.js';
import { BodyTooLarge } from '../../src/http/read-body.js';
import { exchange } from '../../src/http/undici-exchange.js';

/** A dispatcher that only holds the handler, like undici's pool while the connection is still being made. */
function pendingDispatcher(): { dispatcher: Dispatcher; handler: () => Dispatcher.DispatchHandler } {
  let held: Dispatcher.DispatchHandler | undefined;
  const dispatcher = { dispatch: (_options: unknown, handler: Dispatcher.DispatchHandler) => ((held = handler), true) } as unknown as Dispatcher;
  return { dispatcher, handler: () => held! };
}

function controller(): Dispatcher.DispatchController & { abort: ReturnType<typeof vi.fn> } {
  return { aborted: false, paused: false, reason: null, abort: vi.fn(), pause: vi.fn(), resume: vi.fn() } as never;
}

const OPTIONS = { origin: 'http://127.0.0.1:9', path: '/x', method: 'GET' } as const;

afterEach(() => vi.useRealTimers());

describe('exchange over an undici dispatcher', () => {
  it('gives up at timeoutMs even before undici started the request, and drops it when undici does', async () => {
    vi.useFakeTimers();
    const { dispatcher, handler } = pendingDispatcher();
    const settled = exchange(dispatcher, OPTIONS, { signal: undefined, timeoutMs: 2_000, maxBytes: 1_000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await settled;
    expect(error).toBeInstanceOf(AttemptTimedOut);
    const late = controller();
    handler().onRequestStart!(late, {});
    expect(late.abort).toHaveBeenCalledWith(error);
  });

  it("gives up at once when the caller's signal aborts before undici started the request", async () => {
    const { dispatcher, handler } = pendingDispatcher();
    const caller = new AbortController();
    const settled = exchange(dispatcher, OPTIONS, { signal: caller.signal, timeoutMs: 60_000, maxBytes: 1_000 }).catch((e: unknown) => e);
    const reason = new Error('closed');
    caller.abort(reason);
    expect(await settled).toBe(reason);
    const late = controller();
    handler().onRequestStart!(late, {});
    expect(late.abort).toHaveBeenCalledWith(reason);
  });

  it('rejects with the error of a dispatcher that throws, and leaves no timer or listener on the caller\'s signal', async () => {
    vi.useFakeTimers();
    const thrown = new Error('dispatcher is destroyed');
    const throwing = { dispatch: () => { throw thrown; } } as unknown as Dispatcher;
    const caller = new AbortController();
    const remove = vi.spyOn(caller.signal, 'removeEventListener');
    await expect(exchange(throwing, OPTIONS, { signal: caller.signal, timeoutMs: 2_000, maxBytes: 1_000 })).rejects.toBe(thrown);
    expect(vi.getTimerCount()).toBe(0);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('collects status, headers and body, and drops an answer past maxBytes', async () => {
    const { dispatcher, handler } = pendingDispatcher();
    const ok = exchange(dispatcher, OPTIONS, { signal: undefined, timeoutMs: 60_000, maxBytes: 4 });
    const c = controller();
    handler().onRequestStart!(c, {});
    handler().onResponseStart!(c, 100, {}); // informational: the answer follows
    handler().onResponseStart!(c, 200, { 'x-request-id': 'r1' });
    handler().onResponseData!(c, Buffer.from('ab'));
    handler().onResponseData!(c, Buffer.from('cd'));
    handler().onResponseEnd!(c, {});
    const answer = await ok;
    expect(answer.status).toBe(200);
    expect(answer.headers['x-request-id']).toBe('r1');
    expect(new TextDecoder().decode(answer.body)).toBe('abcd');

    const big = pendingDispatcher();
    const tooBig = exchange(big.dispatcher, OPTIONS, { signal: undefined, timeoutMs: 60_000, maxBytes: 4 }).catch((e: unknown) => e);
    const d = controller();
    big.handler().onRequestStart!(d, {});
    big.handler().onResponseStart!(d, 200, {});
    big.handler().onResponseData!(d, Buffer.from('abcde'));
    expect(d.abort.mock.calls[0]![0]).toBeInstanceOf(BodyTooLarge);
    big.handler().onResponseError!(d, d.abort.mock.calls[0]![0] as Error);
    expect(await tooBig).toBeInstanceOf(BodyTooLarge);
  });
});
