import { timingSafeEqualString } from './compare.js';
import { hmacHex } from './hmac.js';

/**
 * The header Bella signs every webhook, provider and rotation-function call
 * with, in lower case (`x-bella-signature`, as Fetch `Headers` and Node's
 * `req.headers` give it). Its value is `t={unix seconds},v1={hex HMAC-SHA256}`.
 *
 * @example
 * ```ts
 * import { SIGNATURE_HEADER, verifyWebhookSignature } from '@bella-baxter/sdk/webhooks';
 *
 * const valid = await verifyWebhookSignature(process.env.BELLA_SIGNING_SECRET!, request.headers.get(SIGNATURE_HEADER), await request.text());
 * ```
 */
export const SIGNATURE_HEADER = 'x-bella-signature';

/**
 * One signing secret, or several while a signing secret is being rotated: when
 * verifying, a signature made with any of them is accepted; when signing, the
 * header carries one `v1` per secret.
 *
 * @example
 * ```ts
 * import { createRotationHandler, type WebhookSecret } from '@bella-baxter/sdk/webhooks';
 *
 * // Accept both while Bella moves to the new signing secret; drop the old one afterwards.
 * const signingSecret: WebhookSecret = [process.env.BELLA_SIGNING_SECRET!, process.env.BELLA_SIGNING_SECRET_PREVIOUS!];
 * const handler = createRotationHandler({ signingSecret, rotate: async () => ({ newValue: crypto.randomUUID() }) });
 * ```
 */
export type WebhookSecret = string | readonly string[];

/**
 * The request body exactly as received: a string, `Uint8Array`, `Buffer`,
 * `ArrayBuffer` or another `ArrayBufferView`. Not a parsed object: the output of
 * `JSON.parse` or `express.json()` cannot be verified and throws a `TypeError`.
 *
 * @example
 * ```ts
 * import { verifyWebhookSignature, type RawBody } from '@bella-baxter/sdk/webhooks';
 *
 * const rawBody: RawBody = await request.text(); // Fetch API; in Express, the Buffer express.raw() leaves in req.body
 * const valid = await verifyWebhookSignature(process.env.BELLA_SIGNING_SECRET!, request.headers.get('x-bella-signature'), rawBody);
 * ```
 */
export type RawBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Why a signature was rejected, as `WebhookSignatureError.reason` says:
 * `missing_header`; `malformed_header` (not `t=...,v1=...`, or over
 * `maxHeaderLength`); `timestamp_out_of_tolerance` (a replay, or a wrong
 * clock); `no_matching_signature` (a wrong secret, or a body that is not the
 * raw one). Safe to log: it says nothing about the secret.
 *
 * @example
 * ```ts
 * import { isWebhookSignatureError, verifyWebhookSignatureOrThrow, type WebhookSignatureFailure } from '@bella-baxter/sdk/webhooks';
 *
 * const rejected = new Map<WebhookSignatureFailure, number>();
 * try {
 *   await verifyWebhookSignatureOrThrow(secret, request.headers.get('x-bella-signature'), rawBody);
 * } catch (error) {
 *   if (isWebhookSignatureError(error)) rejected.set(error.reason, (rejected.get(error.reason) ?? 0) + 1);
 * }
 * ```
 */
export type WebhookSignatureFailure =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_out_of_tolerance'
  | 'no_matching_signature';

/**
 * Options of {@link verifyWebhookSignature} and `verifyWebhookSignatureOrThrow`:
 * how old a signature may be, the clock, and the longest header read.
 *
 * @example
 * ```ts
 * // A stricter replay window than the default 300 s.
 * const valid = await verifyWebhookSignature(secret, request.headers.get('x-bella-signature'), rawBody, { toleranceSeconds: 60 });
 * ```
 */
export interface VerifyWebhookSignatureOptions {
  /**
   * How far the signature's timestamp may be from now, in either direction, in seconds.
   * @default 300
   */
  toleranceSeconds?: number | undefined;
  /** The current time in epoch milliseconds; pass a fixed clock in tests. @default Date.now */
  now?: (() => number) | undefined;
  /**
   * Headers longer than this many characters are rejected unread.
   * @default 8192
   */
  maxHeaderLength?: number | undefined;
}

/**
 * Options of {@link signWebhookPayload}: the signature's time, for tests and
 * replays. Without them it signs at the current time.
 *
 * @example
 * ```ts
 * // A deterministic signature in a test, verified against the same clock.
 * const at = new Date('2026-03-17T17:00:00Z');
 * const header = await signWebhookPayload('whsec-test', body, { timestamp: at });
 * await verifyWebhookSignature('whsec-test', header, body, { now: () => at.getTime() }); // true
 * ```
 */
export interface SignWebhookPayloadOptions {
  /** The signature's time, as a `Date` or Unix epoch SECONDS. @default the current time */
  timestamp?: number | Date | undefined;
  /** The current time in epoch milliseconds, used when `timestamp` is absent. @default Date.now */
  now?: (() => number) | undefined;
}

const DEFAULT_TOLERANCE_SECONDS = 300;
const DEFAULT_MAX_HEADER_LENGTH = 8192;

const PREFIX = '@bella-baxter/sdk: ';

/** The secrets as a list; throws a `TypeError` naming `fn` when there is none. @internal */
export function secretsOf(secret: unknown, fn: string): readonly string[] {
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? (secret as unknown[]) : null;
  if (!list || list.length === 0 || !list.every((s) => typeof s === 'string' && s.length > 0)) {
    // Never echo the value: it may be a real secret passed in the wrong shape.
    throw new TypeError(`${PREFIX}${fn} needs a non-empty signing secret (or an array of them), got ${describe(secret)}. Is its environment variable set?`);
  }
  return list as string[];
}

function describe(value: unknown): string {
  return value === '' ? 'an empty string' : value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Normalises the raw body to a string or bytes without copying; throws on a parsed object. @internal */
export function rawBodyOf(body: unknown, fn: string): string | Uint8Array {
  if (typeof body === 'string') return body;
  if (ArrayBuffer.isView(body)) {
    return body instanceof Uint8Array ? body : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }
  // toString rather than instanceof: an ArrayBuffer from another realm (vm, iframe) still counts.
  if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') {
    return new Uint8Array(body as ArrayBuffer);
  }
  // Kept short: this file is the whole of a verify-only bundle (goal 1.5 KB).
  throw new TypeError(
    `${PREFIX}${fn} needs the raw body (string, Uint8Array, Buffer or ArrayBuffer), got ${describe(body)}: ` +
      'a parsed object cannot be verified. Use `await request.text()`, or `express.raw()` in Express.',
  );
}

function positiveNumber(value: number | undefined, fallback: number, name: string, fn: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new TypeError(`${PREFIX}${fn} option ${name} must be a number >= 0.`);
  }
  return value;
}

interface ParsedHeader {
  timestamp: string;
  signatures: string[];
}

/**
 * Parse of `t=...,v1=...[,v1=...][,scheme=...]`, as lenient as every official
 * verifier: spaces and tabs around each part are trimmed and parts without `=`
 * are skipped (`t=1720000000, v1=abc` parses). Nothing else is forgiven: the
 * `t` must be digits and appear once, and a `v1` value is compared as it is, so
 * any change to a signed value still fails the HMAC.
 */
function parseHeader(header: string): ParsedHeader | undefined {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const raw of header.split(',')) {
    const part = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const scheme = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (scheme === 't') {
      if (timestamp !== undefined || !isPlainInteger(value)) return undefined;
      timestamp = value;
    } else if (scheme === 'v1') {
      signatures.push(value);
    }
  }
  return timestamp === undefined ? undefined : { timestamp, signatures };
}

function isPlainInteger(value: string): boolean {
  // 12 digits reach the year 33658: enough, and far inside Number.MAX_SAFE_INTEGER.
  return /^\d{1,12}$/.test(value);
}

/**
 * The shared core of every verify call: `undefined` when valid, else the reason.
 * Misuse (no secret, a parsed body, bad options) throws `TypeError` before
 * the header is even looked at, so it surfaces on the first request.
 * @internal
 */
export async function checkWebhookSignature(
  secret: WebhookSecret,
  header: string | null | undefined,
  rawBody: RawBody,
  options: VerifyWebhookSignatureOptions | undefined,
  fn: string,
): Promise<WebhookSignatureFailure | undefined> {
  const secrets = secretsOf(secret, fn);
  const body = rawBodyOf(rawBody, fn);
  const tolerance = positiveNumber(options?.toleranceSeconds, DEFAULT_TOLERANCE_SECONDS, 'toleranceSeconds', fn);
  const maxLength = positiveNumber(options?.maxHeaderLength, DEFAULT_MAX_HEADER_LENGTH, 'maxHeaderLength', fn);

  if (typeof header !== 'string' || header.length === 0) return 'missing_header';
  if (header.length > maxLength) return 'malformed_header';
  const parsed = parseHeader(header);
  if (!parsed) return 'malformed_header';

  const nowSeconds = Math.floor((options?.now ?? Date.now)() / 1000);
  // Checked before any HMAC work, so a flood of stale replays stays cheap.
  if (!(Math.abs(nowSeconds - Number(parsed.timestamp)) <= tolerance)) return 'timestamp_out_of_tolerance';
  if (parsed.signatures.length === 0) return 'no_matching_signature';

  for (const s of secrets) {
    const expected = await hmacHex(s, parsed.timestamp, body);
    let match = false;
    // Every candidate is compared, so the time taken does not reveal which one matched.
    for (const candidate of parsed.signatures) match = timingSafeEqualString(expected, candidate) || match;
    if (match) return undefined;
  }
  return 'no_matching_signature';
}

/**
 * Signs a payload the way Bella does and returns the `X-Bella-Signature` header
 * value, `t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{rawBody}"}`. With an
 * array of secrets it carries one `v1` per secret. Use it to test your
 * rotation function or to call one yourself.
 *
 * @throws TypeError when the secret is empty, the body is not raw, or the timestamp is not whole seconds.
 * @example
 * ```ts
 * import { signWebhookPayload } from '@bella-baxter/sdk/webhooks';
 * const body = JSON.stringify({ action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'prod', requestId: 'r-1' });
 * const signature = await signWebhookPayload(process.env.BELLA_SIGNING_SECRET!, body);
 * await fetch('http://localhost:8080/rotate', { method: 'POST', headers: { 'x-bella-signature': signature }, body });
 * ```
 */
export async function signWebhookPayload(
  secret: WebhookSecret,
  rawBody: RawBody,
  options?: SignWebhookPayloadOptions,
): Promise<string> {
  const fn = 'signWebhookPayload';
  const secrets = secretsOf(secret, fn);
  const body = rawBodyOf(rawBody, fn);
  const ts = options?.timestamp;
  const seconds =
    ts instanceof Date ? Math.floor(ts.getTime() / 1000) : ts ?? Math.floor((options?.now ?? Date.now)() / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || !isPlainInteger(String(seconds))) {
    throw new TypeError(`${PREFIX}${fn} option timestamp must be Unix epoch seconds (a whole number >= 0) or a Date.`);
  }
  const t = String(seconds);
  let header = `t=${t}`;
  for (const s of secrets) header += `,v1=${await hmacHex(s, t, body)}`;
  return header;
}

/**
 * Whether `signatureHeader` (the `X-Bella-Signature` value) is a valid Bella
 * signature of `rawBody` made within the tolerance (300 s either way).
 *
 * Resolves `false` for every bad input: a missing, malformed or oversized
 * header, a timestamp too old or too far in the future, no matching `v1`. So
 * `if (!valid) return 401` can never turn into a 500. Comparison is constant-time.
 *
 * @param secret - the signing secret, or several while it is being rotated.
 * @param rawBody - the exact bytes received; not a parsed object.
 * @throws TypeError only on misuse: an empty secret, or a body that is not raw.
 * @example
 * ```ts
 * import { verifyWebhookSignature } from '@bella-baxter/sdk/webhooks';
 * export default {
 *   async fetch(request: Request): Promise<Response> {
 *     const rawBody = await request.text();
 *     const valid = await verifyWebhookSignature(process.env.BELLA_SIGNING_SECRET!, request.headers.get('x-bella-signature'), rawBody);
 *     if (!valid) return Response.json({ error: 'Invalid signature' }, { status: 401 });
 *     return Response.json({ received: true });
 *   },
 * };
 * ```
 */
export async function verifyWebhookSignature(
  secret: WebhookSecret,
  signatureHeader: string | null | undefined,
  rawBody: RawBody,
  options?: VerifyWebhookSignatureOptions,
): Promise<boolean> {
  return (await checkWebhookSignature(secret, signatureHeader, rawBody, options, 'verifyWebhookSignature')) === undefined;
}
