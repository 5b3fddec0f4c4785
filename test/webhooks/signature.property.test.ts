import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature } from '../../src/webhooks.js';
import { propertyRuns } from '../support/reliability.js';

const T = 1_767_225_600;
const now = () => T * 1000;
const secretArb = fc.string({ unit: 'binary', minLength: 1, maxLength: 64 });
const bodyArb = fc.uint8Array({ maxLength: 512 });
// Characters that matter to the header grammar, plus anything else.
const charArb = fc.oneof(fc.constantFrom(',', '=', 't', 'v', '1', '0', 'a', 'f', ' ', '.', '-'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

/** The header as every official verifier reads it: parts trimmed of spaces/tabs, parts without = dropped. */
const canonical = (header: string) =>
  header
    .split(',')
    .map((p) => p.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((p) => p.includes('='))
    .join(',');

describe('verifyWebhookSignature properties', () => {
  it('rejects any single-character substitution, insertion or deletion in a signed header', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, bodyArb, fc.nat(), charArb, fc.constantFrom('substitute', 'insert', 'delete'), async (secret, body, pos, ch, op) => {
        const header = await signWebhookPayload(secret, body, { timestamp: T });
        const i = pos % (header.length + (op === 'insert' ? 1 : 0));
        const mutated =
          op === 'substitute'
            ? header.slice(0, i) + ch + header.slice(i + 1)
            : op === 'insert'
              ? header.slice(0, i) + ch + header.slice(i)
              : header.slice(0, i) + header.slice(i + 1);
        // A mutation the documented leniency undoes (a space or tab around a part, an empty part) leaves the
        // same signed header: not a false accept. Every other mutation must be rejected.
        fc.pre(canonical(mutated) !== canonical(header));
        expect(await verifyWebhookSignature(secret, mutated, body, { now })).toBe(false);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('accepts a signed header with spaces or tabs around its parts and parts without = added, as the official verifiers do', async () => {
    const padArb = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 3 });
    const junkArb = fc.array(fc.string({ unit: fc.constantFrom('a', 'x', '1', ' ', '-'), maxLength: 4 }), { maxLength: 2 });
    await fc.assert(
      fc.asyncProperty(secretArb, bodyArb, fc.array(fc.tuple(padArb, padArb), { minLength: 2, maxLength: 2 }), junkArb, async (secret, body, pads, junk) => {
        const parts = (await signWebhookPayload(secret, body, { timestamp: T })).split(',');
        const lenient = [...parts.map((p, i) => pads[i]![0] + p + pads[i]![1]), ...junk].join(',');
        expect(await verifyWebhookSignature(secret, lenient, body, { now })).toBe(true);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('rejects any change to any byte of a signed body', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, bodyArb.filter((b) => b.length > 0), fc.nat(), fc.integer({ min: 1, max: 255 }), async (secret, body, pos, xor) => {
        const header = await signWebhookPayload(secret, body, { timestamp: T });
        const mutated = Uint8Array.from(body);
        mutated[pos % body.length]! ^= xor;
        expect(await verifyWebhookSignature(secret, header, mutated, { now })).toBe(false);
        expect(await verifyWebhookSignature(secret, header, body, { now })).toBe(true);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('rejects a body with bytes appended or removed', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, fc.string({ unit: 'binary' }), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), async (secret, body, extra) => {
        const header = await signWebhookPayload(secret, body, { timestamp: T });
        expect(await verifyWebhookSignature(secret, header, body + extra, { now })).toBe(false);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('never throws, whatever the header, body and clock', async () => {
    const headerArb = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.tuple(fc.oneof(fc.integer(), fc.string()), fc.array(fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), fc.string()), { maxLength: 4 })).map(
        ([t, v1s]) => [`t=${t}`, ...v1s.map((v) => `v1=${v}`)].join(','),
      ),
      fc.constantFrom(null, undefined, '', ',', '=', 't=', 'v1=', 't=1,t=1', `t=${'9'.repeat(400)},v1=00`),
      fc.string({ maxLength: 20_000 }),
    );
    const anyBody = fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array(), fc.uint8Array().map((b) => b.buffer));
    const clock = fc.oneof(fc.double(), fc.integer(), fc.constant(Number.NaN));
    await fc.assert(
      fc.asyncProperty(secretArb, headerArb, anyBody, clock, async (secret, header, body, ms) => {
        const result = await verifyWebhookSignature([secret, 'second'], header as string, body, { now: () => ms });
        expect(typeof result).toBe('boolean');
      }),
      { numRuns: propertyRuns(400) },
    );
  });
});
