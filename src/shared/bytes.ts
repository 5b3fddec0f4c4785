/**
 * Byte helpers every layer shares (the client's answers, the rotation
 * handler's requests, callRotationFunction's answers, sealed idempotency
 * answers). Web APIs only.
 */

/** The parts one after another, in a new array (or the only part itself). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/**
 * Reads a Web `ReadableStream` (a fetch or Request body) up to `max` bytes:
 * the bytes, or `undefined` once it passes `max` (the rest is never read and
 * the stream is cancelled). The cancel is not awaited: a tee'd body (msw
 * clones answers) settles its cancel only once every branch is cancelled.
 */
export async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(chunks);
    total += value.byteLength;
    if (total > max) {
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
}
