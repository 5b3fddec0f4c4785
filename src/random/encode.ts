/**
 * Byte-to-text encoders for the fixed-size formats, tuned for 16 input bytes.
 *
 * Why they look like this: on V8, `String.fromCharCode` called with a fixed
 * list of arguments builds a flat one-byte string in one step; concatenating
 * lookup-table pieces builds a rope that is flattened later (about 2x slower
 * in practice), and `fromCharCode.apply` or TextDecoder pay for an array
 * round-trip. The small lookup tables below replace per-character arithmetic.
 */

const fromCharCode = String.fromCharCode;

const HEX_DIGITS = '0123456789abcdef';
/** Char code of the high / low hex digit of each byte value. */
const HEX_HI = new Uint8Array(256);
const HEX_LO = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  HEX_HI[i] = HEX_DIGITS.charCodeAt(i >> 4);
  HEX_LO[i] = HEX_DIGITS.charCodeAt(i & 15);
}

/** Standard (RFC 4648 section 4) alphabet, not the URL-safe one: the contract says standard base64. */
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64 = new Uint8Array(64);
for (let i = 0; i < 64; i++) B64[i] = BASE64_ALPHABET.charCodeAt(i);
const PAD = 61; // '='
const DASH = 45; // '-'

/** 32 lowercase hex digits of `b[0..15]`. */
export function hex16(b: Uint8Array): string {
  const h = HEX_HI;
  const l = HEX_LO;
  return fromCharCode(
    h[b[0]!]!, l[b[0]!]!, h[b[1]!]!, l[b[1]!]!, h[b[2]!]!, l[b[2]!]!, h[b[3]!]!, l[b[3]!]!,
    h[b[4]!]!, l[b[4]!]!, h[b[5]!]!, l[b[5]!]!, h[b[6]!]!, l[b[6]!]!, h[b[7]!]!, l[b[7]!]!,
    h[b[8]!]!, l[b[8]!]!, h[b[9]!]!, l[b[9]!]!, h[b[10]!]!, l[b[10]!]!, h[b[11]!]!, l[b[11]!]!,
    h[b[12]!]!, l[b[12]!]!, h[b[13]!]!, l[b[13]!]!, h[b[14]!]!, l[b[14]!]!, h[b[15]!]!, l[b[15]!]!,
  );
}

/**
 * An RFC 9562 version 4 UUID from `b[0..15]`, lowercase: the version nibble is
 * forced to 4 and the variant bits to 10, leaving 122 random bits.
 */
export function uuid16(b: Uint8Array): string {
  const h = HEX_HI;
  const l = HEX_LO;
  const b6 = (b[6]! & 0x0f) | 0x40;
  const b8 = (b[8]! & 0x3f) | 0x80;
  return fromCharCode(
    h[b[0]!]!, l[b[0]!]!, h[b[1]!]!, l[b[1]!]!, h[b[2]!]!, l[b[2]!]!, h[b[3]!]!, l[b[3]!]!, DASH,
    h[b[4]!]!, l[b[4]!]!, h[b[5]!]!, l[b[5]!]!, DASH,
    h[b6]!, l[b6]!, h[b[7]!]!, l[b[7]!]!, DASH,
    h[b8]!, l[b8]!, h[b[9]!]!, l[b[9]!]!, DASH,
    h[b[10]!]!, l[b[10]!]!, h[b[11]!]!, l[b[11]!]!, h[b[12]!]!, l[b[12]!]!,
    h[b[13]!]!, l[b[13]!]!, h[b[14]!]!, l[b[14]!]!, h[b[15]!]!, l[b[15]!]!,
  );
}

/** Standard padded base64 of `b[0..15]`: five full 3-byte groups, then one byte as two chars and `==`. */
export function base64x16(b: Uint8Array): string {
  const t = B64;
  const b0 = b[0]!, b1 = b[1]!, b2 = b[2]!, b3 = b[3]!, b4 = b[4]!, b5 = b[5]!, b6 = b[6]!, b7 = b[7]!;
  const b8 = b[8]!, b9 = b[9]!, b10 = b[10]!, b11 = b[11]!, b12 = b[12]!, b13 = b[13]!, b14 = b[14]!, b15 = b[15]!;
  return fromCharCode(
    t[b0 >> 2]!, t[((b0 & 3) << 4) | (b1 >> 4)]!, t[((b1 & 15) << 2) | (b2 >> 6)]!, t[b2 & 63]!,
    t[b3 >> 2]!, t[((b3 & 3) << 4) | (b4 >> 4)]!, t[((b4 & 15) << 2) | (b5 >> 6)]!, t[b5 & 63]!,
    t[b6 >> 2]!, t[((b6 & 3) << 4) | (b7 >> 4)]!, t[((b7 & 15) << 2) | (b8 >> 6)]!, t[b8 & 63]!,
    t[b9 >> 2]!, t[((b9 & 3) << 4) | (b10 >> 4)]!, t[((b10 & 15) << 2) | (b11 >> 6)]!, t[b11 & 63]!,
    t[b12 >> 2]!, t[((b12 & 3) << 4) | (b13 >> 4)]!, t[((b13 & 15) << 2) | (b14 >> 6)]!, t[b14 & 63]!,
    t[b15 >> 2]!, t[(b15 & 3) << 4]!, PAD, PAD,
  );
}
