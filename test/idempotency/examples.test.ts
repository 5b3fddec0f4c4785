// The two shared-store examples, bundled against src/ and run as a user would deploy them:
// the Lambda one on dynalite, the Cloud Run one on a real redis-server. Two loaded copies of
// an example stand for two instances; a retry on the second gets the first one's answer.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Server } from 'node:http';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookPayload } from '../../src/webhooks.js';
import { startDynalite, type Dynalite } from '../support/dynalite.js';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, '.tmp', `store-examples-${process.pid}`);
const SECRET = 'whsec-store-examples';
const body = (requestId: string) =>
  JSON.stringify({ action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'prod', requestId });

async function bundle(example: string, entry: string): Promise<string> {
  const outfile = join(out, example, `${entry}.mjs`);
  await build({
    entryPoints: [join(root, 'examples', example, `${entry}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    // The examples import the package by name: here, its sources.
    alias: {
      '@bella-baxter/sdk/webhooks': join(root, 'src/webhooks.ts'),
      '@bella-baxter/sdk/idempotency/redis': join(root, 'src/idempotency/redis.ts'),
      '@bella-baxter/sdk/idempotency/dynamodb': join(root, 'src/idempotency/dynamodb.ts'),
    },
    outfile,
    logLevel: 'error',
    absWorkingDir: root,
  });
  return outfile;
}
/** A fresh copy of the module each call: another instance of the function. */
let copies = 0;
const load = (file: string) => import(`${pathToFileURL(file).href}?instance=${++copies}`);

beforeAll(() => mkdirSync(out, { recursive: true }));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('examples/rotation-aws-lambda-dynamodb on dynalite', () => {
  let dynamo: Dynalite;
  beforeAll(async () => {
    dynamo = await startDynalite();
    await dynamo.createTable('rotation-idempotency');
    Object.assign(process.env, {
      BELLA_SIGNING_SECRET: SECRET,
      IDEMPOTENCY_TABLE: 'rotation-idempotency',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    });
  });
  afterAll(async () => dynamo?.stop());

  it('rotates once across two containers and answers the retry from the table', async () => {
    const file = await bundle('rotation-aws-lambda-dynamodb', 'index');
    const [first, second] = [await load(file), await load(file)];
    const invoke = async (lambda: { handler(event: unknown): Promise<{ statusCode: number; body: string }> }, raw: string) => {
      const event = {
        version: '2.0',
        rawPath: '/',
        rawQueryString: '',
        headers: { 'content-type': 'application/json', 'x-bella-signature': await signWebhookPayload(SECRET, raw) },
        requestContext: { http: { method: 'POST' } },
        body: raw,
        isBase64Encoded: false,
      };
      const result = await lambda.handler(event);
      return { status: result.statusCode, json: JSON.parse(result.body) };
    };
    const answer = await invoke(first, body('lambda-1'));
    expect(answer.status).toBe(200);
    expect(answer.json.newValue).toMatch(/^sk_live_/);
    expect(await invoke(second, body('lambda-1'))).toEqual(answer);
    expect((await dynamo.dump('rotation-idempotency')).includes(answer.json.newValue)).toBe(false);
  });
});

describe.skipIf(!redisAvailable)('examples/rotation-gcp-cloud-run-redis on redis-server', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
    Object.assign(process.env, { BELLA_SIGNING_SECRET: SECRET, REDIS_URL: redis.url, HOST: '127.0.0.1', PORT: '0' });
  });
  afterAll(async () => redis?.stop());

  it('rotates once across two instances over HTTP and answers the retry from Redis', async () => {
    const file = await bundle('rotation-gcp-cloud-run-redis', 'server');
    const instances = [await load(file), await load(file)] as { server: Server; shutdown(): Promise<void> }[];
    const urls = await Promise.all(
      instances.map(async ({ server }) => {
        if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
        return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      }),
    );
    const deliver = async (url: string, raw: string) => {
      const response = await fetch(url, { method: 'POST', headers: { 'x-bella-signature': await signWebhookPayload(SECRET, raw) }, body: raw });
      return { status: response.status, json: await response.json() };
    };
    try {
      const answer = await deliver(urls[0] as string, body('cloud-run-1'));
      expect(answer.status).toBe(200);
      expect(await deliver(urls[1] as string, body('cloud-run-1'))).toEqual(answer);
    } finally {
      // What the example does on SIGTERM: stop serving, then close its Redis connection.
      await Promise.all(instances.map((instance) => (instance.server.closeIdleConnections(), instance.shutdown())));
    }
  });
});
