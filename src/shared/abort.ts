/**
 * Links abort signals by hand. Not `AbortSignal.any`: on some Node versions it
 * keeps every combined signal alive for as long as its sources live
 * (nodejs/node#54614), so one per call with a long-lived signal (the client's
 * lifetime) grows the heap for the process's whole life. Web APIs only.
 */
export interface LinkedSignal {
  /** Aborts when any source aborts (with its reason), or on `abort()`. */
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  /** Removes the listeners from the sources. Call it when the work is over. */
  unlink(): void;
}

export function linkSignals(sources: ReadonlyArray<AbortSignal | undefined>): LinkedSignal {
  const controller = new AbortController();
  const linked: Array<{ source: AbortSignal; onAbort: () => void }> = [];
  const unlink = () => {
    for (const { source, onAbort } of linked.splice(0)) source.removeEventListener('abort', onAbort);
  };
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const onAbort = () => {
      controller.abort(source.reason);
      unlink();
    };
    source.addEventListener('abort', onAbort, { once: true });
    linked.push({ source, onAbort });
  }
  if (controller.signal.aborted) unlink();
  return { signal: controller.signal, abort: (reason) => controller.abort(reason), unlink };
}

/** Runs `work` with one signal linked to `sources`, unlinking when it settles. */
export async function withLinkedSignal<T>(sources: ReadonlyArray<AbortSignal | undefined>, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const present = sources.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return work(present[0] ?? new AbortController().signal);
  const link = linkSignals(present);
  try {
    return await work(link.signal);
  } finally {
    link.unlink();
  }
}
