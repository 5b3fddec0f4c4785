// `npm run demo`: the SDK end to end against the embedded Bella Baxter emulator, narrated.
// Everything runs on this machine (loopback ports); no account, no network. It uses the BUILT
// package through its public entries, exactly as an app would.
import { createServer } from 'node:http';
import { inspect } from 'node:util';
import { createBaxterClient, rotationStatus } from '@bella-baxter/sdk';
import { generateRandom } from '@bella-baxter/sdk/random';
import { createBaxterEmulator } from '@bella-baxter/sdk/testing';
import { createRotationHandler, RotationError, toNodeHandler } from '@bella-baxter/sdk/webhooks';

const DAY = 24 * 3600_000;
const started = Date.now();
const REF = { project: 'shop', environment: 'prod' };
const say = (line = '') => console.log(line);
const step = (n, title) => say(`\n[${((Date.now() - started) / 1000).toFixed(1)}s] Step ${n}. ${title}`);
/** Shows enough of a value to see that it changed, never the whole secret. */
const peek = (value) => (value ? `${value.slice(0, 4)}…(${value.length} chars)` : '(none)');
const badge = (policy) => {
  const { emoji, label } = rotationStatus(policy, emulator.clock.now());
  return `${emoji} ${label}`;
};
function deferred() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}
const once = (emitter, event) => new Promise((resolve) => { const off = emitter.on(event, (e) => { off(); resolve(e); }); });
// A safety net: the demo must end by itself, and never hang a terminal or CI.
const watchdog = setTimeout(() => { console.error('demo: timed out'); process.exit(1); }, 60_000);
watchdog.unref();

// ── The emulator: a frozen clock that the demo fast-forwards (rotation intervals are days).
const emulator = createBaxterEmulator({ now: Date.now() });
const { apiKey } = emulator.addEnvironment({
  ...REF,
  providers: [{ slug: 'vault', secrets: { SESSION_SECRET: generateRandom('alphanumeric-32'), STRIPE_API_KEY: 'sk_live_key_1_' + generateRandom('hex32'), CHECKOUT_CURRENCY: 'EUR' } }],
});
emulator.setCredentialRoles({ ...REF, provider: 'postgres', roles: ['app', 'readonly'], connectionUrl: 'postgresql://127.0.0.1:5432/shop' });
const bella = await emulator.listen();
say('The code of this demo is examples/demo/demo.mjs');
say('  (https://github.com/Cosmic-Chimps/bella-baxter-sdk-ts/blob/main/examples/demo/demo.mjs): read it beside this output.');
say(`Bella Baxter emulator on ${bella.url} (project "shop", environment "prod")`);

// ── Step 1: a microservice loads its secrets and polls the cheap hash endpoint every second.
step(1, 'A microservice loads its secrets and polls every second');
const client = await createBaxterClient({ baxterUrl: bella.url, apiKey, refreshInterval: 1, appClient: 'checkout-service' });
say(`  loaded ${client.snapshot.size} secrets: ${client.snapshot.keys().join(', ')}`);
say(`  console.log(client) shows no values: ${inspect(client)}`);
const pollsFrom = emulator.requests.length;
for (let i = 1; i <= 3; i++) {
  const poll = await emulator.nextRequest('envSecretsHash');
  say(`  poll ${i}: GET …/secrets/hash → ${poll.status} (${poll.responseBytes} bytes)`);
}
say('  304 is "Not Modified": each poll sends the last hash in If-None-Match, and while it still matches the');
say('  server answers 304 with no body. Nothing changed, and the poll cost only its headers.');

// ── Step 2: a GenerateRandom rotation replaces SESSION_SECRET; the client picks it up within one interval.
step(2, 'GenerateRandom rotation of SESSION_SECRET');
await client.rotation.setPolicy({ provider: 'vault', key: 'SESSION_SECRET', policy: { strategy: 'GenerateRandom', randomFormat: 'alphanumeric-32', intervalDays: 1 } });
say('  policy set: GenerateRandom, alphanumeric-32, every 1 day');
const before = client.get('SESSION_SECRET');
const sessionChange = once(client, 'change');
say('  fast-forward the emulator one day: its 15-minute scheduler finds the policy due…');
await emulator.clock.advance(DAY + 15 * 60_000);
const rotatedAt = Date.now();
const change = await sessionChange;
say(`  change event after ${Date.now() - rotatedAt} ms: changed=[${change.changed}] ${peek(before)} → ${peek(client.get('SESSION_SECRET'))}`);
const log = emulator.requests.slice(pollsFrom).filter((r) => r.route?.startsWith('envSecrets')).map((r) => `${r.route}:${r.status}`);
say(`  secrets requests since step 1: ${log.join(', ')}`);
say(`  (hash-only polls answered 304 until the change; then one full fetch)`);

// ── Step 3: an HttpWebhook rotation calls a real rotation function on another port, then revokes.
step(3, 'HttpWebhook rotation of STRIPE_API_KEY through a rotation function');
// A fake third-party key API stands in for Stripe.
const keyApi = { next: 2, keys: new Map([['key_1', 'active']]), failNext: false };
// A manual rotation waits until the demo has read the status once, so "Rotating…" can be seen.
let statusGate;
const signingSecret = `whsec-${generateRandom('hex32')}`;
const handler = createRotationHandler({
  signingSecret,
  apiKey: 'fn-api-key',
  async rotate(req) {
    await statusGate?.promise;
    if (keyApi.failNext) {
      keyApi.failNext = false;
      say('  rotation function: rotate → the key API is down (503)');
      throw new RotationError('Key provider unavailable', { status: 503 });
    }
    const id = `key_${keyApi.next++}`;
    keyApi.keys.set(id, 'active');
    say(`  rotation function: rotate(${req.secretKey}) → issued ${id}`);
    return { newValue: `sk_live_${id}_${generateRandom('hex32')}`, newHandle: id };
  },
  async revoke(req) {
    keyApi.keys.set(req.oldHandle, 'revoked');
    say(`  rotation function: revoke(${req.oldHandle})`);
  },
});
const fnServer = createServer(toNodeHandler(handler));
await new Promise((resolve) => fnServer.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${fnServer.address().port}/rotate`;
say(`  rotation function (createRotationHandler) on ${endpoint}`);
const target = { provider: 'vault', key: 'STRIPE_API_KEY' };
await client.rotation.setPolicy({ ...target, policy: { strategy: 'HttpWebhook', endpoint, intervalDays: 30, revokePreviousAfterDays: 1, signingSecret, apiKeyHeader: 'x-api-key', apiKey: 'fn-api-key' } });
say('  policy set: HttpWebhook, every 30 days, revoke the previous key 1 day after a rotation');
say('  A "handle" is the id the rotation function returns (newHandle) for the key it just issued, here key_N.');
say('  Bella keeps it and, once that key has been replaced, passes it back (oldHandle) so revoke() disables exactly that key.');
say('  The "grace period" (revokePreviousAfterDays) is how long a replaced key stays valid after the rotation, so every');
say('  instance has picked up the new key before revoke() runs.');

async function rotateNow(label) {
  const changed = once(client, 'change');
  statusGate = deferred();
  await client.rotation.rotate(target);
  say(`  ${label}: POST …/rotate → 202; status ${badge(await client.rotation.getPolicy(target))}`);
  statusGate.resolve();
  statusGate = undefined;
  await emulator.rotationsIdle();
  const policy = await client.rotation.getPolicy(target);
  say(`  status ${badge(policy)}${policy.revocationDueAt ? ` (revocation due ${policy.revocationDueAt.toISOString()})` : ''}${policy.lastError ? ` (${policy.lastError})` : ''}`);
  return { policy, changed };
}

let { changed } = await rotateNow('rotation #1');
await changed;
say(`  the service now uses ${client.get('STRIPE_API_KEY').slice(0, 13)}…; key_1 had no handle, so nothing to revoke`);
({ changed } = await rotateNow('rotation #2'));
await changed;
say(`  the service now uses ${client.get('STRIPE_API_KEY').slice(0, 13)}…; key_2 is still ${keyApi.keys.get('key_2')} during the grace period`);
say('  fast-forward one day (the grace period)…');
await emulator.clock.advance(DAY);
await emulator.rotationsIdle();
say(`  status ${badge(await client.rotation.getPolicy(target))}; key API: ${[...keyApi.keys].map(([k, v]) => `${k}=${v}`).join(', ')}`);

// ── Step 4: the rotation function fails once: Error, backoff, retry, success; the old value keeps working.
step(4, 'The rotation function fails once');
keyApi.failNext = true;
const kept = client.get('STRIPE_API_KEY');
({ changed } = await rotateNow('rotation #3'));
say(`  meanwhile the service still serves the old key: ${client.get('STRIPE_API_KEY') === kept ? 'yes' : 'NO'} (${kept.slice(0, 13)}…)`);
say('  fast-forward 5 minutes: the emulator retries with exponential backoff…');
await emulator.clock.advance(5 * 60_000);
await emulator.rotationsIdle();
await changed;
say(`  retry succeeded; status ${badge(await client.rotation.getPolicy(target))}; the service now uses ${client.get('STRIPE_API_KEY').slice(0, 13)}…`);
await emulator.clock.advance(DAY);
await emulator.rotationsIdle();
say(`  after the grace period: status ${badge(await client.rotation.getPolicy(target))}; key API: ${[...keyApi.keys].map(([k, v]) => `${k}=${v}`).join(', ')}`);

// ── Step 5: dynamic database credentials, leased and renewed before expiry.
step(5, 'Dynamic database credentials');
say(`  roles: ${(await client.credentials.listRoles({ provider: 'postgres' })).join(', ')}`);
const lease = await client.credentials.lease({ provider: 'postgres', role: 'app', ttlSeconds: 3 });
say(`  issued ${lease.credentials.username} for ${lease.credentials.leaseDurationSeconds} s (lease ${lease.credentials.leaseId})`);
say(`  toEnv() as logged: ${inspect(lease.credentials.toEnv())}`);
const renewed = await once(lease, 'renewed');
say(`  renewed before expiry: ${renewed.previous.username} → ${renewed.credentials.username} (swap the pool to the new user)`);

// ── Done: close everything; the process exits by itself.
await client.close();
await new Promise((resolve) => fnServer.close(resolve));
await emulator.close();
say(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. client.close() released every timer and socket.`);
