/**
 * Reads an answer's body up to a cap. Past it, reading stops and the body is
 * cancelled (the connection is dropped), so a hostile or broken server cannot
 * make the client buffer gigabytes.
 */
import { concatBytes, readCapped } from '../shared/bytes.js';

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

/** Reads a Web `ReadableStream` (a fetch body), cancelling it past `max` bytes. */
export async function readStreamCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array> {
  const bytes = await readCapped(body, max);
  if (bytes === undefined) throw new BodyTooLarge(max);
  return bytes;
}
