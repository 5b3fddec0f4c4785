import { POISONS, type FaultAction } from './faults.js';

/**
 * The answers of the faults that need the body streamed (slowloris, a reset
 * mid-body, a huge answer) or rewritten (truncated JSON, a poisoned value).
 * Streamed ones are marked, so the loopback server writes them as they come
 * instead of buffering them first (which a huge or endless body would forbid).
 */
export const STREAMED = new WeakSet<Response>();

function streamed(body: ReadableStream<Uint8Array>, init: ResponseInit): Response {
  const response = new Response(body, init);
  STREAMED.add(response);
  return response;
}

/** Resolves when `signal` aborts (the client went away, or the server closed). */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A 200 whose JSON-looking body is generated as it is read, 64 KiB at a time. */
export function hugeResponse(bytes: number, declareLength: boolean): Response {
  const chunk = new TextEncoder().encode('{"hash":"' + 'A'.repeat(65_536 - 9));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const part = chunk.subarray(0, Math.min(chunk.byteLength, bytes - sent));
      sent += part.byteLength;
      controller.enqueue(part);
    },
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(declareLength ? { 'Content-Length': String(bytes) } : {}) };
  return streamed(body, { status: 200, headers });
}

/** Applies a body fault to the real answer. */
export async function faultyResponse(real: Response, action: Extract<FaultAction, { kind: 'slow' | 'reset' | 'truncated' | 'poison' }>): Promise<Response> {
  // A null-body answer (a 304, say) has nothing to cut or poison.
  if (real.body === null || [101, 204, 205, 304].includes(real.status)) return real;
  const bytes = new Uint8Array(await real.arrayBuffer());
  const headers = new Headers(real.headers);
  headers.delete('content-length');
  const init = { status: real.status, headers };
  if (action.kind === 'truncated') return new Response(bytes.subarray(0, Math.floor(bytes.byteLength / 2)) as BodyInit, init);
  if (action.kind === 'poison') return new Response(poisonJson(bytes, action.pick) as BodyInit, init);
  if (action.kind === 'reset') {
    // The full length is declared, so the client knows the body was cut, not finished.
    headers.set('content-length', String(bytes.byteLength));
    const half = bytes.subarray(0, Math.floor(bytes.byteLength / 2));
    return streamed(
      new ReadableStream({
        start(controller) {
          if (half.byteLength > 0) controller.enqueue(half);
        },
        pull(controller) {
          controller.error(new Error('connection reset by the emulator'));
        },
      }),
      init,
    );
  }
  let offset = 0;
  return streamed(
    new ReadableStream({
      async pull(controller) {
        if (offset >= bytes.byteLength) return controller.close();
        await new Promise((r) => setTimeout(r, action.intervalMs).unref?.());
        controller.enqueue(bytes.subarray(offset, offset + 1));
        offset += 1;
      },
    }),
    init,
  );
}

/** Replaces one leaf value of a JSON body (picked by `pick`) with a hostile one. */
function poisonJson(bytes: Uint8Array, pick: number): Uint8Array | string {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return bytes;
  }
  const leaves: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  // Every value counts as a leaf (objects too: replacing a whole object is a poison as well).
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    const parent = node as Record<string | number, unknown>;
    for (const key of Object.keys(parent)) {
      leaves.push({ parent, key });
      walk(parent[key]);
    }
  };
  walk(json);
  if (leaves.length === 0) return JSON.stringify(POISONS[pick % POISONS.length]);
  const leaf = leaves[pick % leaves.length]!;
  (leaf.parent as Record<string | number, unknown>)[leaf.key] = POISONS[Math.floor(pick / leaves.length) % POISONS.length];
  return JSON.stringify(json);
}
