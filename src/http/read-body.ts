/**
 * Reads an answer's body up to a cap. Past it, reading stops and the body is
 * cancelled (the connection is dropped), so a hostile or broken server cannot
 * make the client buffer gigabytes.
 */

/** Thrown by a transport when a body passes the cap; the HTTP client turns it into `BaxterResponseTooLargeError`. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  constructor(readonly limitBytes: number) {
    super(`the answer passed ${limitBytes} bytes`);
  }
}

/** Refuses up front an answer whose `Content-Length` already says it is too big. */
export function throwOnDeclaredLength(contentLength: string | null | undefined, max: number): void {
  if (contentLength && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > max) throw new BodyTooLarge(max);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Reads a Web `ReadableStream` (a fetch body), cancelling it past `max` bytes. */
export async function readStreamCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks, total);
    total += value.byteLength;
    if (total > max) {
      // Not awaited: a tee'd body (msw clones answers) settles its cancel only once every branch is cancelled.
      reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(max);
    }
    chunks.push(value);
  }
}

/** Reads a Node stream (an undici body), destroying it past `max` bytes. */
export async function readIterableCapped(
  body: AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => unknown },
  max: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > max) {
      body.destroy?.();
      throw new BodyTooLarge(max);
    }
    chunks.push(chunk);
  }
  return concat(chunks, total);
}
