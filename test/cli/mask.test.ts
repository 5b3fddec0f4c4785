import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskText, SecretMasker } from '../../src/cli/process/mask.js';

async function throughMasker(values: string[], chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  const masker = new SecretMasker(values);
  masker.on('data', (chunk: Buffer) => out.push(chunk));
  await new Promise<void>((resolve, reject) => Readable.from(chunks).pipe(masker).on('end', resolve).on('error', reject));
  return Buffer.concat(out).toString('utf8');
}

/** Splits a buffer at the given cut points. */
function cut(buffer: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points.map((p) => p % (buffer.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of sorted) {
    chunks.push(buffer.subarray(from, p));
    from = p;
  }
  chunks.push(buffer.subarray(from));
  return chunks.filter((c) => c.length > 0);
}

describe('SecretMasker', () => {
  it('masks a value however the output is cut into chunks, multi-byte characters included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(200), { maxLength: 8 }), async (points) => {
        const text = 'start p4ssw0rd-é€ middle p4ssw0rd-é€p4ssw0rd-é€ end ünïcödé\n';
        const masked = await throughMasker(['p4ssw0rd-é€'], cut(Buffer.from(text, 'utf8'), points));
        expect(masked).toBe('start *** middle ****** end ünïcödé\n');
      }),
      { numRuns: 200 },
    );
  });

  it('holds back only a tail that could begin a value, so ordinary lines pass at once', () => {
    expect(maskText('ready\n', ['s3cret-value'])).toEqual({ output: 'ready\n', rest: '' });
    expect(maskText('token: s3cr', ['s3cret-value'])).toEqual({ output: 'token: ', rest: 's3cr' });
  });

  it('masks the longer of two overlapping values whole, and ignores values under 6 characters', async () => {
    expect(await throughMasker(['abcdef', 'abcdefgh', 'short'], [Buffer.from('x abcdefgh y abcdef z short')])).toBe('x *** y *** z short');
  });
});
