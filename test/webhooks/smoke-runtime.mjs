// Smoke test of the BUILT webhooks entry on any runtime (Node, Bun, Deno): sign,
// verify, reject a forgery, and run the Fetch handler with duplicate and revoke calls.
// Usage: <runtime> test/webhooks/smoke-runtime.mjs   (after `npm run build`)
import {
  createRotationHandler,
  signWebhookPayload,
  verifyWebhookSignature,
  verifyWebhookSignatureOrThrow,
} from '../../dist/webhooks.js';

const runtime = globalThis.Bun ? `bun ${Bun.version}` : globalThis.Deno ? `deno ${Deno.version.deno}` : `node ${process.version}`;
const fail = (what) => {
  throw new Error(`${runtime}: ${what}`);
};
const secret = 'whsec-smoke';
const body = JSON.stringify({ action: 'rotate', secretKey: 'K', projectSlug: 'p', environmentSlug: 'e', requestId: 'r-1' });
const header = await signWebhookPayload(secret, body);

// The vector every SDK shares (test/vectors/webhook-signature.json, "json body").
const vector = await signWebhookPayload('whsec-5f2b1c9e8d7a6b5c4d3e2f1a0b9c8d7e', '{"a":1}', { timestamp: 1767225600 });
if (!/^t=1767225600,v1=[0-9a-f]{64}$/.test(vector)) fail('sign format');

if (!(await verifyWebhookSignature(secret, header, body))) fail('valid signature rejected');
if (!(await verifyWebhookSignature(secret, header, new TextEncoder().encode(body)))) fail('bytes body rejected');
if (await verifyWebhookSignature(secret, header, `${body} `)) fail('changed body accepted');
if (await verifyWebhookSignature('other', header, body)) fail('wrong secret accepted');
const reason = await verifyWebhookSignatureOrThrow(secret, 't=1,v1=00', body).then(() => 'none', (e) => e.reason);
if (reason !== 'timestamp_out_of_tolerance') fail(`reason ${reason}`);

let rotations = 0;
const handler = createRotationHandler({ signingSecret: secret, rotate: async () => ({ newValue: `v${++rotations}`, newHandle: 'h' }), revoke: () => {} });
const post = async (b) =>
  handler(new Request('http://localhost/', { method: 'POST', headers: { 'x-bella-signature': await signWebhookPayload(secret, b) }, body: b }));
const first = await (await post(body)).json();
const second = await (await post(body)).json();
if (first.newValue !== 'v1' || second.newValue !== 'v1' || rotations !== 1) fail('idempotent rotate');
const revoked = await post(JSON.stringify({ ...JSON.parse(body), action: 'revoke', requestId: 'r-2', oldHandle: 'h' }));
if (revoked.status !== 200) fail(`revoke answered ${revoked.status}`);
const forged = await handler(new Request('http://localhost/', { method: 'POST', headers: { 'x-bella-signature': header }, body: `${body} ` }));
if (forged.status !== 401) fail('forged call accepted');

console.log(`ok webhooks smoke on ${runtime}`);
