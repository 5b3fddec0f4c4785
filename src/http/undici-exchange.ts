/**
 * One request over an undici dispatcher, through its handler API (`dispatch`), with
 * the whole body collected up to a cap. This is what undici's `request()` does for us
 * minus what we never use: its body stream, the async iterator reading it and the
 * `AsyncResource` per request. A poll that answers 304 then costs a fraction less CPU
 * (measured with `test/bench/root.bench.mjs`, the polling figure).
 */
import type { Dispatcher } from 'undici';
import { concatBytes } from '../shared/bytes.js';
import { AttemptTimedOut } from './attempt-timeout.js';
import { BodyTooLarge, throwOnDeclaredLength } from './read-body.js';

/** Response headers as undici gives them: lower-case names, repeated values as arrays. */
export type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/** An answer as undici gives it. */
export interface Exchanged {
  status: number;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

/** When to give up on an exchange. */
export interface ExchangeLimits {
  /** The caller's signal: aborting it drops the request. */
  signal: AbortSignal | undefined;
  /** This exchange's deadline; past it the request is dropped with `AttemptTimedOut`. */
  timeoutMs: number | undefined;
  /** The largest body read; past it (declared or received) the request is dropped with `BodyTooLarge`. */
  maxBytes: number;
}

/**
 * Sends `options` on `dispatcher`. Rejects with undici's error, `BodyTooLarge`,
 * `AttemptTimedOut`, or the signal's reason once it aborts, at once (the request,
 * when undici already started it, is then dropped, as `request()` does). One
 * timer and one listener on the caller's signal per exchange: no signal of its own.
 */
export function exchange(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, limits: ExchangeLimits): Promise<Exchanged> {
  if (limits.signal?.aborted) return Promise.reject(abortReason(limits.signal));
  return new Promise((resolve, reject) => {
    const collector = new Collector(limits, resolve, reject);
    try {
      dispatcher.dispatch(options, collector);
    } catch (error) {
      // undici reports its failures through the handler; a dispatcher that throws instead must not
      // leave the deadline timer and the listener on the caller's signal behind.
      collector.onResponseError(undefined, error as Error);
    }
  });
}

class Collector implements Dispatcher.DispatchHandler {
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  readonly #chunks: Uint8Array[] = [];
  #total = 0;
  #controller: Dispatcher.DispatchController | undefined;
  /** Why the exchange was given up (the caller's abort, the deadline); the request is dropped as soon as undici hands over its controller. */
  #reason: Error | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly limits: ExchangeLimits,
    private readonly resolve: (answer: Exchanged) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    const { signal, timeoutMs } = limits;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (timeoutMs !== undefined) {
      this.#timer = setTimeout(this.#onTimeout, timeoutMs);
      this.#timer.unref?.();
    }
  }

  readonly #onAbort = (): void => this.#giveUp(abortReason(this.limits.signal!));
  readonly #onTimeout = (): void => this.#giveUp(new AttemptTimedOut(this.limits.timeoutMs!));

  #giveUp(reason: Error): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#reason) controller.abort(this.#reason);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    if (status < 200) return; // 1xx informational: the answer follows.
    this.#status = status;
    this.#headers = headers;
    const length = headers['content-length'];
    try {
      throwOnDeclaredLength(Array.isArray(length) ? length[0] : length, this.limits.maxBytes);
    } catch (error) {
      controller.abort(error as Error);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Uint8Array): void {
    this.#total += chunk.byteLength;
    if (this.#total > this.limits.maxBytes) controller.abort(new BodyTooLarge(this.limits.maxBytes));
    else this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.#settle();
    this.resolve({ status: this.#status, headers: this.#headers, body: concatBytes(this.#chunks) });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.#fail(error);
  }

  #fail(error: Error): void {
    this.#settle();
    this.reject(error);
  }

  #settle(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.limits.signal?.removeEventListener('abort', this.#onAbort);
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}
