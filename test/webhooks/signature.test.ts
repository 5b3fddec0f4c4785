import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import vectorsFile from '../vectors/webhook-signature.json' with { type: 'json' };
import {
  isWebhookSignatureError,
  signWebhookPayload,
  verifyWebhookSignature,
  verifyWebhookSignatureOrThrow,
  WebhookSignatureError,
} from '../../src/webhooks.js';
import { BaxterError, isBaxterError } from '../../src/errors/baxter-error.js';
import { setHmacBackend } from '../../src/webhooks/hmac.js';

const SECRET = 'whsec-test-0123456789';
const T = 1_767_225_600;
const at = (seconds: number) => () => seconds * 1000;

afterEach(() => setHmacBackend('auto'));

describe.each(['auto', 'web'] as const)('cross-language vectors (%s crypto)', (backend) => {
  it.each(vectorsFile.vectors.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    setHmacBackend(backend);
    const body = Buffer.from(v.bodyBase64, 'base64');
    const options = { now: at(v.now), toleranceSeconds: v.toleranceSeconds };
    expect(await verifyWebhookSignature(v.secrets, v.header, body, options)).toBe(v.expected);
    const outcome = await verifyWebhookSignatureOrThrow(v.secrets, v.header, body, options).then(
      () => null,
      (error: WebhookSignatureError) => error.reason,
    );
    expect(outcome).toBe(v.reason);
  });

  it('signs byte-for-byte like the vectors', async () => {
    setHmacBackend(backend);
    // Only headers in the form a signer writes (the lenient ones are verify-only vectors).
    for (const v of vectorsFile.vectors.filter((x) => x.expected && /^t=\d+,v1=[0-9a-f]{64}$/.test(x.header) && x.secrets.length === 1)) {
      const t = Number(v.header.slice(2, v.header.indexOf(',')));
      if (`t=${t},` !== v.header.slice(0, v.header.indexOf(',') + 1)) continue; // leading-zero vector
      expect(await signWebhookPayload(v.secrets[0]!, Buffer.from(v.bodyBase64, 'base64'), { timestamp: t })).toBe(v.header);
    }
  });
});

describe('verifyWebhookSignature', () => {
  it('round-trips with signWebhookPayload for every raw body type', async () => {
    const text = '{"ok":true,"é":"✓"}';
    const bytes = new TextEncoder().encode(text);
    const header = await signWebhookPayload(SECRET, text, { timestamp: T });
    for (const body of [text, bytes, Buffer.from(text), bytes.buffer, new DataView(bytes.buffer)]) {
      expect(await verifyWebhookSignature(SECRET, header, body, { now: at(T) })).toBe(true);
    }
  });

  it('uses the real clock by default', async () => {
    const header = await signWebhookPayload(SECRET, 'x');
    expect(await verifyWebhookSignature(SECRET, header, 'x')).toBe(true);
  });

  it('accepts a Date as timestamp and signs once per secret when given several', async () => {
    const header = await signWebhookPayload(['old-secret', 'new-secret'], 'x', { timestamp: new Date(T * 1000 + 999) });
    expect(header).toMatch(new RegExp(`^t=${T},v1=[0-9a-f]{64},v1=[0-9a-f]{64}$`));
    expect(await verifyWebhookSignature('new-secret', header, 'x', { now: at(T) })).toBe(true);
    expect(await verifyWebhookSignature('old-secret', header, 'x', { now: at(T) })).toBe(true);
  });

  it('returns false, never throws, for non-string headers', async () => {
    for (const header of [undefined, null, 42, {}, ['t=1,v1=ab']]) {
      expect(await verifyWebhookSignature(SECRET, header as never, 'x')).toBe(false);
    }
  });

  it('throws a TypeError for an empty secret, without echoing it', async () => {
    for (const secret of ['', [], [''], undefined, null, 123]) {
      await expect(verifyWebhookSignature(secret as never, 't=1,v1=00', 'x')).rejects.toThrow(
        /^@bella-baxter\/sdk: verifyWebhookSignature needs a non-empty signing secret/,
      );
    }
  });

  it('throws a TypeError explaining how to get the raw body when given a parsed object', async () => {
    const error = await verifyWebhookSignature(SECRET, 't=1,v1=00', { action: 'rotate' } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^@bella-baxter\/sdk: .*raw body.*request\.text\(\).*express\.raw\(\)/);
  });

  it('rejects bad options as misuse', async () => {
    await expect(verifyWebhookSignature(SECRET, 't=1,v1=00', 'x', { toleranceSeconds: -1 })).rejects.toThrow(TypeError);
    await expect(signWebhookPayload(SECRET, 'x', { timestamp: 1.5 })).rejects.toThrow(/Unix epoch seconds/);
    await expect(signWebhookPayload(SECRET, 'x', { timestamp: -1 })).rejects.toThrow(TypeError);
  });

  it('honours maxHeaderLength', async () => {
    const header = await signWebhookPayload(SECRET, 'x', { timestamp: T });
    expect(await verifyWebhookSignature(SECRET, header, 'x', { now: at(T), maxHeaderLength: header.length - 1 })).toBe(false);
    expect(await verifyWebhookSignature(SECRET, header, 'x', { now: at(T), maxHeaderLength: header.length })).toBe(true);
  });
});

describe('WebhookSignatureError', () => {
  it('is a BaxterError with a reason, and never shows the secret, header or body', async () => {
    const header = await signWebhookPayload('another-secret', 'body-text', { timestamp: T });
    const error = await verifyWebhookSignatureOrThrow(SECRET, header, 'body-text', { now: at(T) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect(error).toBeInstanceOf(BaxterError);
    expect(isWebhookSignatureError(error)).toBe(true);
    expect(isBaxterError(error)).toBe(true);
    const e = error as WebhookSignatureError;
    expect(e.name).toBe('WebhookSignatureError');
    expect(e.reason).toBe('no_matching_signature');
    for (const shown of [e.message, String(e.stack), inspect(e), JSON.stringify(e)]) {
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(header.slice(-20));
      expect(shown).not.toContain('body-text');
    }
  });

  it('is recognised by name from another copy of the package, where instanceof fails', () => {
    const foreign = Object.assign(new Error('x'), { name: 'WebhookSignatureError' });
    Object.defineProperty(foreign, Symbol.for('@bella-baxter/sdk/error'), { value: true });
    expect(foreign).not.toBeInstanceOf(WebhookSignatureError);
    expect(isWebhookSignatureError(foreign)).toBe(true);
    expect(isWebhookSignatureError(Object.assign(new Error('x'), { name: 'WebhookSignatureError' }))).toBe(false);
  });
});
