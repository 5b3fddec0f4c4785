// Regenerates webhook-signature.json with node:crypto alone (not the SDK), so the
// vectors check the SDK against an independent implementation of the wire contract §5.
// Run: node test/vectors/generate-webhook-signature.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const sign = (secret, t, bytes) =>
  createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.concat([Buffer.from(`${t}.`), bytes])).digest('hex');
const utf8 = (s) => Buffer.from(s, 'utf8');
const json = utf8(JSON.stringify({ action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'prod', requestId: 'req-1' }));
const secret = 'whsec-5f2b1c9e8d7a6b5c4d3e2f1a0b9c8d7e';
const other = 'whsec-0000000000000000000000000000000000';
const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const unicode = utf8('{"note":"héllo wörld ✓ 日本語 🔑 \\u0000 end"}');

const vectors = [];
const add = (v) =>
  vectors.push({
    name: v.name,
    secrets: v.secrets ?? [secret],
    now: v.now ?? T,
    toleranceSeconds: v.toleranceSeconds ?? 300,
    bodyBase64: (v.body ?? json).toString('base64'),
    header: v.header ?? `t=${v.t ?? T},v1=${sign(v.signWith ?? secret, v.t ?? T, v.body ?? json)}`,
    expected: v.expected,
    reason: v.expected ? null : v.reason,
  });

add({ name: 'json body', expected: true });
add({ name: 'unicode body (UTF-8 bytes, astral plane, NUL escape)', body: unicode, expected: true });
add({ name: 'empty body', body: Buffer.alloc(0), expected: true });
add({ name: 'binary body: every byte value, not valid UTF-8', body: binary, expected: true });
add({ name: 'unicode secret, hashed as UTF-8', secrets: ['sécret-🔑'], signWith: 'sécret-🔑', expected: true });
add({ name: 'whsec- prefix is part of the key, not decoded', secrets: ['whsec-dGVzdA=='], signWith: 'whsec-dGVzdA==', expected: true });
add({ name: 'several v1: the second matches', header: `t=${T},v1=${sign(other, T, json)},v1=${sign(secret, T, json)}`, expected: true });
add({ name: 'unknown schemes are ignored', header: `t=${T},v0=${'ab'.repeat(32)},v1=${sign(secret, T, json)},v2=xyz`, expected: true });
add({ name: 'rotated signing secret: verifier holds old and new, signed with new', secrets: [other, secret], expected: true });
add({ name: 'rotated signing secret: header signed with old and new, verifier holds new', header: `t=${T},v1=${sign(other, T, json)},v1=${sign(secret, T, json)}`, secrets: [secret], expected: true });
add({ name: 'wrong secret', secrets: [other], expected: false, reason: 'no_matching_signature' });
add({ name: 'body changed by one byte', body: Buffer.from(json).fill(0x20, 0, 1), header: `t=${T},v1=${sign(secret, T, json)}`, expected: false, reason: 'no_matching_signature' });
add({ name: 'uppercase hex is not the contract', header: `t=${T},v1=${sign(secret, T, json).toUpperCase()}`, expected: false, reason: 'no_matching_signature' });
add({ name: 'tolerance edge: exactly 300 s old', now: T + 300, expected: true });
add({ name: 'tolerance edge: 301 s old', now: T + 301, expected: false, reason: 'timestamp_out_of_tolerance' });
add({ name: 'tolerance edge: exactly 300 s in the future', now: T - 300, expected: true });
add({ name: 'tolerance edge: 301 s in the future', now: T - 301, expected: false, reason: 'timestamp_out_of_tolerance' });
add({ name: 'custom tolerance 10 s: 11 s old', now: T + 11, toleranceSeconds: 10, expected: false, reason: 'timestamp_out_of_tolerance' });
add({ name: 'timestamp signed with a leading zero', t: `0${T}`, now: T, expected: true });
add({ name: 'timestamp changed: the HMAC covers it', header: `t=${T + 1},v1=${sign(secret, T, json)}`, expected: false, reason: 'no_matching_signature' });
add({ name: 'missing header', header: '', expected: false, reason: 'missing_header' });
add({ name: 'no t', header: `v1=${sign(secret, T, json)}`, expected: false, reason: 'malformed_header' });
add({ name: 'no v1', header: `t=${T}`, expected: false, reason: 'no_matching_signature' });
add({ name: 't is not a plain integer (decimal)', header: `t=${T}.0,v1=${sign(secret, T, json)}`, expected: false, reason: 'malformed_header' });
add({ name: 't is not a plain integer (sign)', header: `t=+${T},v1=${sign(secret, T, json)}`, expected: false, reason: 'malformed_header' });
add({ name: 't is not a plain integer (exponent)', header: `t=1.767e9,v1=${sign(secret, T, json)}`, expected: false, reason: 'malformed_header' });
add({ name: 't given twice', header: `t=${T},t=${T},v1=${sign(secret, T, json)}`, expected: false, reason: 'malformed_header' });
// Leniency of every official verifier: spaces/tabs around each part trimmed, parts without = skipped.
add({ name: 'a space after the comma is trimmed', header: `t=${T}, v1=${sign(secret, T, json)}`, expected: true });
add({ name: 'spaces and tabs around every part are trimmed', header: ` \tt=${T} ,\t v1=${sign(secret, T, json)}\t `, expected: true });
add({ name: 'part without = is skipped', header: `t=${T},v1=${sign(secret, T, json)},garbage`, expected: true });
add({ name: 'empty parts (doubled or trailing comma) are skipped', header: `,t=${T},,v1=${sign(secret, T, json)},`, expected: true });
add({ name: 'a space inside a v1 value is not trimmed', header: `t=${T},v1= ${sign(secret, T, json)}`, expected: false, reason: 'no_matching_signature' });
add({ name: 'a space around = in t is not trimmed', header: `t= ${T},v1=${sign(secret, T, json)}`, expected: false, reason: 'malformed_header' });
add({ name: 'a space before = makes another scheme', header: `t =${T},v1=${sign(secret, T, json)}`, expected: false, reason: 'malformed_header' });
add({ name: 'only parts without =', header: `garbage,${T}`, expected: false, reason: 'malformed_header' });
add({ name: 'a trimmed t still has to be signed: changed t with spaces', header: `t=${T + 1} , v1=${sign(secret, T, json)}`, expected: false, reason: 'no_matching_signature' });
add({ name: 'oversized header (over 8192 characters)', header: `t=${T},v1=${sign(secret, T, json)},x=${'a'.repeat(8200)}`, expected: false, reason: 'malformed_header' });

const file = {
  description:
    'Bella webhook / rotation-function signatures (X-Bella-Signature: t={unix seconds},v1={lowercase hex HMAC-SHA256}). ' +
    'HMAC key: UTF-8 bytes of the secret, not decoded. Message: ASCII "{t}." followed by the raw body bytes, with t exactly as it appears in the header. ' +
    'Verify with secrets (any may match), now (unix seconds) and toleranceSeconds (|now - t| <= tolerance passes); ' +
    'the header is split on commas; spaces and tabs around each part are trimmed and parts without = skipped (as every official verifier does); ' +
    'nothing inside a part is trimmed; unknown schemes ignored, t a plain decimal integer of 1 to 12 digits given once, headers over 8192 characters rejected. ' +
    'reason is one of missing_header, malformed_header, timestamp_out_of_tolerance, no_matching_signature.',
  vectors,
};
writeFileSync(new URL('./webhook-signature.json', import.meta.url), `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors`);
