// `npm run bench -- webhooks`: the webhooks entry as shipped (dist/), beside baselines
// measured in the same run. Goals from issue 3: verify >= 0.85x raw node:crypto and >= 6x a
// Web Crypto verify that imports its key every call; our Web Crypto path >= 2x the latter;
// verify-only bundle <= 1.5 KB and handler bundle <= 12 KB (min+gzip); cold start <= 5 ms.
import { createHmac, timingSafeEqual, webcrypto } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { absolute, compare, opsPerSec, section } from './harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entryUrl = new URL('../../dist/webhooks.js', import.meta.url).href;
const SECRET = 'whsec-bench-5f2b1c9e8d7a6b5c4d3e2f1a0b9c8d7e';
const subtle = webcrypto.subtle;
const encoder = new TextEncoder();

/** The same entry as a second module instance whose first verify finds no node:crypto: the Web Crypto path. */
async function loadWebCryptoInstance() {
  const original = process.getBuiltinModule;
  process.getBuiltinModule = undefined;
  try {
    const web = await import(`${entryUrl}?webcrypto`);
    await web.verifyWebhookSignature(SECRET, 't=1,v1=00', 'x', { toleranceSeconds: 1e12 }); // pins the backend now
    return web;
  } finally {
    process.getBuiltinModule = original;
  }
}

function bodyOf(size) {
  const chunk = JSON.stringify({ action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'prod', note: 'héllo ✓' });
  return Buffer.from(chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size));
}

async function verifyThroughput(ours, oursWeb) {
  for (const [label, size] of [['1 KiB', 1024], ['64 KiB', 65536]]) {
    const body = bodyOf(size);
    const header = await ours.signWebhookPayload(SECRET, body);
    const t = header.slice(2, header.indexOf(','));
    const v1 = header.slice(header.indexOf('v1=') + 3);
    const v1Bytes = Buffer.from(v1, 'hex');

    // (a) the floor on Node: one createHmac, one timingSafeEqual, nothing else.
    const rawNode = () => {
      const mac = createHmac('sha256', SECRET).update(`${t}.`).update(body).digest();
      return timingSafeEqual(mac, v1Bytes);
    };
    // (b) the usual hand-written portable verify: imports the key on every call.
    const webImportEachCall = async () => {
      const key = await subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const message = new Uint8Array(t.length + 1 + body.length);
      message.set(encoder.encode(`${t}.`));
      message.set(body, t.length + 1);
      const mac = Buffer.from(await subtle.sign('HMAC', key, message));
      return timingSafeEqual(mac, v1Bytes);
    };
    if (!rawNode() || !(await webImportEachCall())) throw new Error('baseline verify failed');
    if (!(await ours.verifyWebhookSignature(SECRET, header, body)) || !(await oursWeb.verifyWebhookSignature(SECRET, header, body))) {
      throw new Error('verifyWebhookSignature failed');
    }

    const a = await opsPerSec(rawNode);
    const b = await opsPerSec(webImportEachCall);
    const mine = await opsPerSec(() => ours.verifyWebhookSignature(SECRET, header, body));
    const mineWeb = await opsPerSec(() => oursWeb.verifyWebhookSignature(SECRET, header, body));
    section(`verifyWebhookSignature, ${label} body`);
    compare({ name: `ours (node:crypto path) ${label}`, value: mine, unit: 'ops/s', baseline: { name: '(a) raw createHmac+timingSafeEqual', value: a }, goal: { op: '>=', ratio: 0.85 } });
    compare({ name: `ours (node:crypto path) ${label}`, value: mine, unit: 'ops/s', baseline: { name: '(b) Web Crypto, importKey every call', value: b }, goal: { op: '>=', ratio: 6 } });
    compare({ name: `ours (Web Crypto path) ${label}`, value: mineWeb, unit: 'ops/s', baseline: { name: '(b) Web Crypto, importKey every call', value: b }, goal: { op: '>=', ratio: 2 } });
  }
}

async function bundleSizes() {
  section('bundle size (esbuild --minify, browser/worker conditions, gzip -9)');
  for (const [name, goal] of [['verifyWebhookSignature', 1536], ['createRotationHandler', 12288]]) {
    const result = await build({
      stdin: { contents: `import { ${name} } from ${JSON.stringify(fileURLToPath(entryUrl))}; globalThis.keep = ${name};`, resolveDir: root },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['worker', 'browser'],
      write: false,
      logLevel: 'error',
    });
    const bytes = gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
    absolute({ name: `only ${name}`, value: bytes, unit: 'B', goal: { op: '<=', value: goal } });
  }
}

function coldStart() {
  const runs = 15;
  const script = `import { signWebhookPayload, verifyWebhookSignature } from ${JSON.stringify(entryUrl)};
const body = '{"action":"rotate"}';
const ok = await verifyWebhookSignature('s', await signWebhookPayload('s', body), body);
if (!ok) process.exit(1);`;
  const time = (code) => {
    const start = performance.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error('cold start child failed');
    return performance.now() - start;
  };
  // A one-line ESM file shows the floor any import pays (the ESM loader, one file read).
  const trivial = `await import(${JSON.stringify(new URL('./harness.mjs', import.meta.url).href)});`;
  // zod/mini alone: the entry imports it for its exported schemas.
  const zodOnly = `await import('zod/mini');`;
  const empty = [];
  const loaded = [];
  const floor = [];
  const zod = [];
  time(''); // warms the OS file cache
  for (let i = 0; i < runs; i++) {
    empty.push(time(''));
    loaded.push(time(script));
    floor.push(time(trivial));
    zod.push(time(zodOnly));
  }
  const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  section(`cold start (median of ${runs} fresh node processes)`);
  absolute({ name: 'empty node process', value: median(empty), unit: 'ms' });
  absolute({ name: 'import webhooks entry + sign + verify once', value: median(loaded), unit: 'ms' });
  absolute({ name: 'difference', value: median(loaded) - median(empty), unit: 'ms', goal: { op: '<=', value: 5 } });
  absolute({ name: '  for scale: importing a one-line ESM file, minus empty', value: median(floor) - median(empty), unit: 'ms' });
  absolute({ name: '  for scale: importing zod/mini alone, minus empty', value: median(zod) - median(empty), unit: 'ms' });
}

export default async function webhooksBench() {
  console.log('\n# webhooks');
  const ours = await import(entryUrl);
  const oursWeb = await loadWebCryptoInstance();
  await verifyThroughput(ours, oursWeb);
  await bundleSizes();
  coldStart();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await webhooksBench();
