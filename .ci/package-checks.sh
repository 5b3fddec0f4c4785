#!/usr/bin/env bash
# Checks the package as users get it: the packed tarball, linted by publint and
# attw, installed into a scratch project and imported from ESM and from CJS.
# Run from the repo root after `npm run build`.
set -euo pipefail
root=$(pwd)
tmp="$root/.tmp/package-checks"
rm -rf "$tmp" && mkdir -p "$tmp"
# The consumer lives outside the repository: inside it, Node would find the repo's own
# node_modules (msw included) by walking up, and "without msw" would prove nothing.
consumer=$(mktemp -d "${TMPDIR:-/tmp}/bella-consumer.XXXXXX")
trap 'rm -rf "$consumer"' EXIT

tarball=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
tarball="$tmp/$tarball"
echo "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"

npx --no-install publint --strict "$tarball"
npx --no-install attw --profile node16 "$tarball"

cd "$consumer"
echo '{ "name": "consumer", "private": true }' > package.json
import_both() {
  local entry=$1

  node --input-type=module -e "
    const m = await import('$entry');
    const names = Object.keys(m);
    if (names.length === 0) throw new Error('no exports');
    console.log('esm ok  $entry', names.length, 'exports');"
  # Without Node 20's require(esm) fallback, so a missing CJS build cannot hide.
  node --no-experimental-require-module -e "
    const m = require('$entry');
    const names = Object.keys(m);
    if (names.length === 0) throw new Error('no exports');
    console.log('cjs ok  $entry', names.length, 'exports');"
}

# First without msw: it is the testing entry's (optional) peer dependency, and no other entry may need it.
npm i --no-audit --no-fund --no-save "$tarball" >/dev/null
[[ ! -d node_modules/msw ]] || { echo "msw was installed as a dependency" >&2; exit 1; }
! node -e "require.resolve('msw')" 2>/dev/null || { echo "msw is resolvable from the consumer: the no-msw checks would prove nothing" >&2; exit 1; }
for entry in "@bella-baxter/sdk" "@bella-baxter/sdk/webhooks" "@bella-baxter/sdk/random" "@bella-baxter/sdk/cli"; do import_both "$entry"; done
# The root entry loads none of the cli's code (the cli and the bins share its build): no file of
# src/cli/ (tsup keeps each module's `// src/...` line), no yaml, dotenv or classic zod. CJS as
# loaded (require.cache); ESM as its static imports reach (what import() links before it returns).
node --no-experimental-require-module -e "
  require('@bella-baxter/sdk');
  const loaded = Object.keys(require.cache);
  const bad = loaded.filter((f) => /node_modules\/(yaml|dotenv|zod)\//.test(f) || require('fs').readFileSync(f, 'utf8').includes('// src/cli/'));
  if (bad.length) { console.error('require(@bella-baxter/sdk) loaded cli code or its dependencies: ' + bad.join(', ')); process.exit(1); }
  console.log('ok      root entry (cjs) loads no cli code, yaml, dotenv or zod: ' + loaded.length + ' files');"
node --input-type=module -e "
  import { readFileSync } from 'node:fs';
  import { fileURLToPath } from 'node:url';
  import { dirname, join } from 'node:path';
  const seen = new Set();
  const bare = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    if (text.includes('// src/cli/')) { console.error('import(@bella-baxter/sdk) links cli code: ' + file); process.exit(1); }
    for (const [, spec] of text.matchAll(/^(?:import|export)\b[^'\";]*?['\"]([^'\"]+)['\"]/gm)) spec.startsWith('.') ? walk(join(dirname(file), spec)) : bare.add(spec);
  };
  walk(fileURLToPath(import.meta.resolve('@bella-baxter/sdk')));
  const deps = [...bare].filter((s) => /^(yaml|dotenv|zod)(\/|$)/.test(s));
  if (deps.length) { console.error('import(@bella-baxter/sdk) links ' + deps.join(', ')); process.exit(1); }
  console.log('ok      root entry (esm) links no cli code, yaml, dotenv or zod: ' + seen.size + ' files');"
# The shared idempotency stores' clients are optional peers too: their entries import without them.
for peer in redis ioredis @aws-sdk/client-dynamodb; do
  [[ ! -d "node_modules/$peer" ]] || { echo "$peer was installed as a dependency" >&2; exit 1; }
done
for entry in "@bella-baxter/sdk/idempotency/redis" "@bella-baxter/sdk/idempotency/dynamodb"; do import_both "$entry"; done

# The bin, still without msw: it serves, answers a client, and stops cleanly on Ctrl-C (SIGINT).
node --input-type=module -e "
  import { spawn } from 'node:child_process';
  import { createBaxterClient } from '@bella-baxter/sdk';
  const child = spawn('node_modules/.bin/bella-emulator', ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const ready = new Promise((resolve) => child.stdout.on('data', (d) => { out += d; if (/^BELLA_BAXTER_URL=/m.test(out)) resolve(); }));
  const guard = setTimeout(() => { child.kill('SIGKILL'); console.error('bella-emulator did not start'); process.exit(1); }, 15000);
  await ready;
  const url = /listening on (\\S+)/.exec(out)[1];
  const apiKey = /API key for demo\\/dev: (\\S+)/.exec(out)[1];
  const client = await createBaxterClient({ baxterUrl: url, apiKey, env: {} });
  if (client.get('GREETING') !== 'hello') throw new Error('bin served the wrong secrets');
  const admin = /Admin API: (\\S+)/.exec(out)[1];
  const routes = await (await fetch(admin)).json();
  if (!routes.routes.includes('POST /_emulator/clock/advance')) throw new Error('bin admin API did not list its routes');
  await client.close();
  child.kill('SIGINT');
  const code = await new Promise((r) => child.on('exit', r));
  clearTimeout(guard);
  if (code !== 0) throw new Error('bella-emulator exited with ' + code);
  console.log('ok      bella-emulator bin (no msw): serves, answers a client, admin API answers, exits 0 on SIGINT');"

# The bella bin as installed (no msw): its help, and a usage error with its exit code.
node_modules/.bin/bella --help | grep -q 'bella <command>' || { echo "bella --help failed" >&2; exit 1; }
set +e; node_modules/.bin/bella run --wach -- true 2>/dev/null; rc=$?; set -e
[[ $rc -eq 2 ]] || { echo "bella run --wach exited $rc, expected 2" >&2; exit 1; }
echo "ok      bella bin: --help, usage error exits 2"

# The testing entry, still without msw: it imports (ESM and CJS), listen() and a client round trip
# work, and only emulator.handlers fails, with a message saying to install msw.
import_both "@bella-baxter/sdk/testing"
for flavour in esm cjs; do
  script="
    const { createBaxterEmulator } = TESTING;
    const { createBaxterClient } = SDK;
    const emulator = createBaxterEmulator();
    const { apiKey } = emulator.addEnvironment({ project: 'p', environment: 'e', secrets: { A: 'a-value' } });
    const server = await emulator.listen();
    const client = await createBaxterClient({ baxterUrl: server.url, apiKey, env: {} });
    if (client.get('A') !== 'a-value') throw new Error('client read failed');
    await client.close();
    await server.close();
    let message = '';
    try { emulator.handlers; } catch (error) { message = error.message; }
    if (!message.includes('npm i -D msw')) throw new Error('handlers without msw: expected a message saying npm i -D msw, got: ' + message);
    await emulator.close();
    console.log('ok      testing entry without msw ($flavour): listen(), client round trip, handlers says npm i -D msw');"
  if [[ $flavour == esm ]]; then
    node --input-type=module -e "const TESTING = await import('@bella-baxter/sdk/testing'); const SDK = await import('@bella-baxter/sdk'); $script"
  else
    node --no-experimental-require-module -e "(async () => { const TESTING = require('@bella-baxter/sdk/testing'); const SDK = require('@bella-baxter/sdk'); $script })().catch((e) => { console.error(e); process.exit(1); })"
  fi
done

npm i --no-audit --no-fund --no-save "$tarball" "msw@$(node -p "require('$root/package.json').devDependencies.msw")" >/dev/null
import_both "@bella-baxter/sdk/testing"

# A real call through the installed package: the emulator bin on a loopback port, and a client.
node --input-type=module -e "
  import { createBaxterEmulator } from '@bella-baxter/sdk/testing';
  import { createBaxterClient, generateRandom } from '@bella-baxter/sdk';
  const emulator = createBaxterEmulator();
  const { apiKey } = emulator.addEnvironment({ project: 'p', environment: 'e', secrets: { A: generateRandom('hex32') } });
  const server = await emulator.listen();
  const client = await createBaxterClient({ baxterUrl: server.url, apiKey, env: {} });
  if (client.get('A')?.length !== 32) throw new Error('client read failed');
  await client.close();
  await server.close();
  console.log('ok      installed package: emulator + client round trip');"

# With msw installed, emulator.handlers loads it lazily and intercepts fetch.
node --input-type=module -e "
  import { setupServer } from 'msw/node';
  import { createBaxterEmulator } from '@bella-baxter/sdk/testing';
  import { createBaxterClient } from '@bella-baxter/sdk';
  const emulator = createBaxterEmulator();
  const { apiKey } = emulator.addEnvironment({ project: 'p', environment: 'e', secrets: { A: 'via-msw' } });
  const server = setupServer(...emulator.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const client = await createBaxterClient({ baxterUrl: 'http://bella.localhost', apiKey, env: {}, fetch: (i, o) => fetch(i, o) });
  if (client.get('A') !== 'via-msw') throw new Error('msw handlers read failed');
  await client.close();
  server.close();
  await emulator.close();
  console.log('ok      installed package: emulator.handlers with msw');"
node --no-experimental-require-module -e "
  const { setupServer } = require('msw/node');
  const { createBaxterEmulator } = require('@bella-baxter/sdk/testing');
  const { createBaxterClient } = require('@bella-baxter/sdk');
  (async () => {
    const emulator = createBaxterEmulator();
    const { apiKey } = emulator.addEnvironment({ project: 'p', environment: 'e', secrets: { A: 'via-msw' } });
    const server = setupServer(...emulator.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    const client = await createBaxterClient({ baxterUrl: 'http://bella.localhost', apiKey, env: {}, fetch: (i, o) => fetch(i, o) });
    if (client.get('A') !== 'via-msw') throw new Error('msw handlers read failed (cjs)');
    await client.close();
    server.close();
    await emulator.close();
    console.log('ok      installed package: emulator.handlers with msw (cjs)');
  })().catch((e) => { console.error(e); process.exit(1); });"

# The installed stores with real clients: a rotation through the DynamoDB store on dynalite (ESM), and
# through the Redis store on redis-server (CJS). The clients are the repo's devDependencies, linked in
# as a user's own installs would be (no registry access here).
mkdir -p node_modules/@aws-sdk
for peer in ioredis dynalite @aws-sdk/client-dynamodb; do ln -sfn "$root/node_modules/$peer" "node_modules/$peer"; done
node --input-type=module -e "
  import dynalite from 'dynalite';
  import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
  import { createDynamoDbIdempotencyStore } from '@bella-baxter/sdk/idempotency/dynamodb';
  import { createRotationHandler, signWebhookPayload } from '@bella-baxter/sdk/webhooks';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const server = dynalite({ createTableMs: 0 });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const client = new DynamoDBClient({ endpoint: 'http://127.0.0.1:' + server.address().port, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await client.send(new CreateTableCommand({ TableName: 'idempotency', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
  let rotations = 0;
  const handler = createRotationHandler({ signingSecret: 's', idempotency: createDynamoDbIdempotencyStore({ client, tableName: 'idempotency' }), rotate: () => ({ newValue: 'v' + ++rotations }) });
  const body = JSON.stringify({ action: 'rotate', secretKey: 'K', projectSlug: 'p', environmentSlug: 'e', requestId: 'r1' });
  for (let i = 0; i < 2; i++) {
    const res = await handler(new Request('http://x/', { method: 'POST', headers: { 'x-bella-signature': await signWebhookPayload('s', body) }, body }));
    if (res.status !== 200 || (await res.json()).newValue !== 'v1') throw new Error('dynamodb store: unexpected answer');
  }
  if (rotations !== 1) throw new Error('dynamodb store: rotated ' + rotations + ' times');
  client.destroy();
  server.close();
  console.log('ok      installed package: DynamoDB store on dynalite, one rotation for two deliveries');"
if command -v redis-server >/dev/null 2>&1; then
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
  redis_pid=$!
  trap 'kill "$redis_pid" 2>/dev/null || true; rm -rf "$consumer"' EXIT
  node --no-experimental-require-module -e "
    const { Redis } = require('ioredis');
    const { createRedisIdempotencyStore } = require('@bella-baxter/sdk/idempotency/redis');
    const { createRotationHandler, signWebhookPayload } = require('@bella-baxter/sdk/webhooks');
    (async () => {
      const client = new Redis($port, '127.0.0.1', { retryStrategy: (n) => (n > 50 ? null : 20) });
      await client.ping(); // ioredis queues it until redis-server accepts the connection
      let rotations = 0;
      const handler = createRotationHandler({ signingSecret: 's', idempotency: createRedisIdempotencyStore({ client }), rotate: () => ({ newValue: 'v' + ++rotations }) });
      const body = JSON.stringify({ action: 'rotate', secretKey: 'K', projectSlug: 'p', environmentSlug: 'e', requestId: 'r1' });
      for (let i = 0; i < 2; i++) {
        const res = await handler(new Request('http://x/', { method: 'POST', headers: { 'x-bella-signature': await signWebhookPayload('s', body) }, body }));
        if (res.status !== 200 || (await res.json()).newValue !== 'v1') throw new Error('redis store: unexpected answer');
      }
      if (rotations !== 1) throw new Error('redis store: rotated ' + rotations + ' times');
      await client.quit();
      console.log('ok      installed package: Redis store (ioredis, cjs), one rotation for two deliveries');
    })().catch((e) => { console.error(e); process.exit(1); });"
  kill "$redis_pid"
  wait "$redis_pid" 2>/dev/null || true
  trap 'rm -rf "$consumer"' EXIT
fi
