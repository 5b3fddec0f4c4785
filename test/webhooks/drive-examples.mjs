// Drives each examples/rotation-* template through its adapter with signed rotate,
// duplicate rotate, revoke and forged requests, as Bella would. Run by
// .ci/webhooks-checks.sh after `npm run build`, with the examples compiled by esbuild
// into .tmp/webhooks-examples/ (they import @bella-baxter/sdk/webhooks, which resolves to dist/).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { signWebhookPayload } from '../../dist/webhooks.js';

const SECRET = 'whsec-example-drive';
process.env.BELLA_SIGNING_SECRET = SECRET;
process.env.HOST = '127.0.0.1';
process.env.PORT = '0';
const out = resolve(process.argv[2] ?? '.tmp/webhooks-examples');
const load = (name, file) => import(pathToFileURL(join(out, name, file)).href);

const target = { secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'prod' };
const rotate = (requestId) => JSON.stringify({ action: 'rotate', ...target, requestId });
const revoke = (requestId, oldHandle) => JSON.stringify({ action: 'revoke', ...target, requestId, oldHandle });

/** Runs the Bella conversation through `send(body, signature) -> {status, json}`. */
async function converse(name, send) {
  const sign = (body) => signWebhookPayload(SECRET, body);
  const body = rotate(`${name}-1`);
  const first = await send(body, await sign(body));
  assert.equal(first.status, 200, `${name}: rotate`);
  assert.match(first.json.newValue, /^sk_live_/, `${name}: newValue`);
  assert.match(first.json.newHandle, /^key_/, `${name}: newHandle`);
  const again = await send(body, await sign(body));
  assert.deepEqual(again, first, `${name}: a duplicate rotate gets the same answer`);
  const revoked = await send(revoke(`${name}-2`, first.json.newHandle), await sign(revoke(`${name}-2`, first.json.newHandle)));
  assert.deepEqual(revoked, { status: 200, json: { success: true } }, `${name}: revoke`);
  const forged = await send(body, await signWebhookPayload('not-the-secret', body));
  assert.deepEqual(forged, { status: 401, json: { error: 'Invalid signature' } }, `${name}: forged`);
  console.log(`ok ${name}: rotate, duplicate rotate, revoke, forged`);
}

async function overHttp(name, server, path) {
  if (!server.listening) await once(server, 'listening');
  const url = `http://127.0.0.1:${server.address().port}${path}`;
  try {
    await converse(name, async (body, signature) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bella-signature': signature }, body });
      return { status: res.status, json: await res.json() };
    });
  } finally {
    server.closeAllConnections?.();
    await new Promise((done) => server.close(done));
  }
}

const lambda = await load('rotation-aws-lambda', 'index.js');
await converse('rotation-aws-lambda', async (body, signature) => {
  const event = {
    version: '2.0',
    rawPath: '/',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-bella-signature': signature },
    requestContext: { http: { method: 'POST' } },
    // Function URLs base64-encode bodies they do not recognise as text.
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
  const result = await lambda.handler(event);
  return { status: result.statusCode, json: JSON.parse(result.body) };
});

const azure = await load('rotation-azure-functions', 'rotation.js');
await converse('rotation-azure-functions', async (body, signature) => {
  const request = new Request('https://app.azurewebsites.net/api/rotate', { method: 'POST', headers: { 'x-bella-signature': signature }, body });
  const result = await azure.rotation(request, {});
  return { status: result.status, json: JSON.parse(result.body) };
});

const cloudRun = await load('rotation-gcp-cloud-run', 'server.js');
await overHttp('rotation-gcp-cloud-run', cloudRun.server, '/');

const express = await load('rotation-express', 'app.js');
await overHttp('rotation-express', express.app.listen(0, '127.0.0.1'), '/bella/rotate');

console.log('all examples answered as Bella expects');
