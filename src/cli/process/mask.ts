import { Transform, type TransformCallback } from 'node:stream';

/** Values shorter than this are not masked: `--mask` would otherwise blank out common words. */
export const MIN_MASKED_LENGTH = 6;

const REPLACEMENT = '***';

/**
 * A streaming masker: replaces every occurrence of the given values by `***` in the bytes that
 * pass through, also when a value is split across chunks. Only a tail that could still begin a
 * value is held back (so "ready\n" is written at once); the rest is flushed at the end.
 * Works on bytes (latin1 strings), so a multi-byte character split across chunks is kept intact.
 */
export class SecretMasker extends Transform {
  #values: string[] = [];
  #pending = '';

  constructor(values: Iterable<string>) {
    super();
    this.setValues(values);
  }

  /** Replaces the masked values (after a restart with new secrets). */
  setValues(values: Iterable<string>): void {
    const unique = new Set<string>();
    for (const value of values) if (value.length >= MIN_MASKED_LENGTH) unique.add(Buffer.from(value, 'utf8').toString('latin1'));
    // Longest first, so a value containing another is masked whole.
    this.#values = [...unique].sort((a, b) => b.length - a.length);
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const text = this.#pending + (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk).toString('latin1');
    const { output, rest } = maskText(text, this.#values);
    this.#pending = rest;
    if (output.length > 0) this.push(Buffer.from(output, 'latin1'));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.#pending.length > 0) this.push(Buffer.from(this.#pending, 'latin1'));
    this.#pending = '';
    callback();
  }
}

/** Masks the complete matches in `text`; `rest` is the tail that may still become a match. */
export function maskText(text: string, values: readonly string[]): { output: string; rest: string } {
  let output = '';
  let from = 0;
  for (;;) {
    let at = -1;
    let length = 0;
    for (const value of values) {
      const index = text.indexOf(value, from);
      if (index !== -1 && (at === -1 || index < at || (index === at && value.length > length))) {
        at = index;
        length = value.length;
      }
    }
    if (at === -1) break;
    output += text.slice(from, at) + REPLACEMENT;
    from = at + length;
  }
  const held = heldTail(text, from, values);
  return { output: output + text.slice(from, text.length - held), rest: text.slice(text.length - held) };
}

/** The length of the longest suffix of `text` (after `from`) that is a proper prefix of a value. */
function heldTail(text: string, from: number, values: readonly string[]): number {
  const longest = (values[0]?.length ?? 1) - 1;
  for (let size = Math.min(longest, text.length - from); size > 0; size--) {
    const suffix = text.slice(text.length - size);
    if (values.some((value) => value.length > size && value.startsWith(suffix))) return size;
  }
  return 0;
}
