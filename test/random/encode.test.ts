import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { base64x16, hex16, uuid16 } from '../../src/random/encode.js';

// The encoders are hand-unrolled for speed; Node's Buffer encoders are the reference.
const samples: Uint8Array[] = [
  new Uint8Array(16),
  new Uint8Array(16).fill(0xff),
  Uint8Array.from({ length: 16 }, (_, i) => i),
  Uint8Array.from({ length: 16 }, (_, i) => 255 - i * 7),
  ...Array.from({ length: 256 }, (_, v) => new Uint8Array(16).fill(v)),
  ...Array.from({ length: 2_000 }, () => crypto.getRandomValues(new Uint8Array(16))),
];

describe('16-byte encoders', () => {
  it('hex16 equals Buffer hex', () => {
    for (const b of samples) expect(hex16(b)).toBe(Buffer.from(b).toString('hex'));
  });

  it('base64x16 equals Buffer base64 (standard alphabet, padded)', () => {
    for (const b of samples) expect(base64x16(b)).toBe(Buffer.from(b).toString('base64'));
  });

  it('uuid16 is the hex of the bytes with the RFC 9562 version-4 and variant bits set', () => {
    for (const b of samples) {
      const expected = Uint8Array.from(b);
      expected[6] = (expected[6]! & 0x0f) | 0x40;
      expected[8] = (expected[8]! & 0x3f) | 0x80;
      const h = Buffer.from(expected).toString('hex');
      expect(uuid16(b)).toBe(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
    }
  });

  it('does not modify its input', () => {
    const b = Uint8Array.from({ length: 16 }, (_, i) => i * 16 + 15);
    const copy = Uint8Array.from(b);
    uuid16(b);
    hex16(b);
    base64x16(b);
    expect(b).toEqual(copy);
  });
});
