/**
 * Canary leak scan: secrets planted everywhere a user or a hostile server can put one, then every
 * error path we can reach and every way it is rendered (util.inspect depth 10, JSON.stringify,
 * String, stack, the cause chain, a console line), searched for any canary.
 */
import { Writable } from 'node:stream';
import { Console } from 'node:console';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBaxterClient, type BaxterClient, type BaxterClientOptions } from '../../src/index.js';
import { createBaxterEmulator, type BaxterEmulator, type ListeningServer } from '../../src/testing.js';
import { callRotationFunction, createRotationHandler, signWebhookPayload, verifyWebhookSignatureOrThrow } from '../../src/webhooks.js';
import { recordFigures } from '../support/reliability.js';

const C = (name: string) => `cnry${name}Z9q7`;
const SIGNING_HEX = 'c0ffee11'.repeat(8); // the API key's signing secret (hex)
const CANARIES: Record<string, string> = {
  signingHex: SIGNING_HEX,
  accessToken: C('AccessTok'),
  urlPassword: C('UrlPass'),
  urlToken: C('UrlTok'),
  secretValue: C('SecretVal'),
  providerValue: C('ProvVal'),
  poisonedValue: C('Poisoned'),
  malformedBody: C('Malformed'),
  truncatedBody: C('Truncated'),
  schemaValue: C('SchemaVal'),
  policySigningSecret: C('PolicySign'),
  policyApiKey: C('PolicyApiKey'),
  webhookSecret: C('WebhookSecret'),
  functionApiKey: C('FnApiKey'),
  functionQueryToken: C('FnQueryTok'),
  crlfToken: C('CrlfTok'),
};

let emulator: BaxterEmulator;
let server: ListeningServer;
let apiKey: string;
const REF = { project: 'shop', environment: 'prod' };
const errors: Array<[string, unknown]> = [];
const views: Array<[string, unknown]> = [];
const clients: BaxterClient[] = [];

async function capture(name: string, work: () => unknown): Promise<void> {
  try {
    const result = await work();
    views.push([`${name} (result)`, result]);
  } catch (error) {
    errors.push([name, error]);
  }
}

/** String(), or the TypeError it throws (a null-prototype object has no toString). */
function str(value: unknown): string {
  try {
    return String(value);
  } catch (error) {
    return String(error);
  }
}

function renderings(value: unknown): string[] {
  let line = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((line += String(chunk)), done()) });
  const console = new Console({ stdout: sink, stderr: sink });
  console.log(value);
  console.error('failed:', value);
  const out = [line, inspect(value, { depth: 10 }), inspect(value, { depth: 10, showHidden: true, getters: true })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch (e) {
    out.push(String(e));
  }
  out.push(str(value));
  for (let c: unknown = value, depth = 0; c && typeof c === 'object' && depth < 10; c = (c as { cause?: unknown }).cause, depth++) {
    out.push(str(c), String((c as Error).stack ?? ''), String((c as Error).message ?? ''), inspect(c, { depth: 10, showHidden: true }));
  }
  return out;
}

/** Every line the clients log (request lines included), scanned like the errors. */
const logged: string[] = [];
const collect = { debug: (l: string) => void logged.push(l), info: (l: string) => void logged.push(l), warn: (l: string) => void logged.push(l), error: (l: string) => void logged.push(l) };

const make = (options: Record<string, unknown>) =>
  createBaxterClient({ baxterUrl: server.url, apiKey, ...REF, env: { BELLA_BAXTER_DEBUG: '1' }, timeoutMs: 300, maxAttempts: 1, logger: collect, ...options } as BaxterClientOptions).then((c) => {
    clients.push(c as BaxterClient);
    return c;
  });

beforeAll(async () => {
  emulator = createBaxterEmulator();
  emulator.addEnvironment({ ...REF, secrets: { A: CANARIES.secretValue!, CFG: CANARIES.schemaValue! }, providers: [{ slug: 'vault', secrets: { P: CANARIES.providerValue! } }] });
  apiKey = emulator.createApiKey(REF);
  emulator.store.createApiKey('shop', 'prod', 'Reader', { keyId: 'canarykey', secretHex: SIGNING_HEX });
  emulator.setCredentialRoles({ ...REF, provider: 'postgres', roles: ['app'] });
  server = await emulator.listen();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
  await emulator.close();
});

describe('canary leak scan', () => {
  it('no planted secret appears in any error or rendering', async () => {
    const signedKey = `bax-canarykey-${SIGNING_HEX}`;
    // Configuration errors.
    await capture('malformed key, hex as id', () => make({ apiKey: `bax-${SIGNING_HEX}-x` }));
    await capture('malformed key, bad hex', () => make({ apiKey: `bax-k-${SIGNING_HEX}zz` }));
    await capture('key without prefix', () => make({ apiKey: SIGNING_HEX }));
    await capture('url with password', () => make({ baxterUrl: `https://u:${CANARIES.urlPassword}@api.example.com` }));
    await capture('url with token user', () => make({ baxterUrl: `https://${CANARIES.urlToken}@api.example.com` }));
    await capture('unparseable url with password', () => make({ baxterUrl: `ht tp://u:${CANARIES.urlPassword}@` }));
    await capture('url with query token', () => make({ baxterUrl: `https://api.example.com/?token=${CANARIES.urlToken}` }));
    await capture('token with CR/LF', () => make({ apiKey: undefined, accessToken: `${CANARIES.crlfToken}\r\nX: 1` }));
    await capture('token as number-typed option', () => make({ timeoutMs: CANARIES.accessToken as never }));
    // Every option of the wrong type, holding a canary.
    for (const option of ['refreshInterval', 'maxBackoff', 'timeoutMs', 'maxAttempts', 'maxResponseBytes', 'e2ee', 'fetch', 'env', 'signal']) {
      await capture(`${option} holding a canary`, () => make({ [option]: CANARIES.accessToken }));
    }
    for (const option of ['project', 'environment', 'provider', 'appClient', 'privateKey', 'apiKey', 'accessToken', 'baxterUrl']) {
      await capture(`${option} as an object holding a canary`, () => make({ [option]: { value: CANARIES.accessToken } }));
    }
    await capture('schema holding a canary', () => make({ schema: { secret: CANARIES.accessToken } }));
    await capture('private key that is not a key', () => make({ privateKey: `-----BEGIN PRIVATE KEY-----\n${CANARIES.accessToken}\n-----END PRIVATE KEY-----` }));
    await capture('expired token', () => make({ apiKey: undefined, accessToken: `e30.${Buffer.from(JSON.stringify({ exp: 1, sub: CANARIES.accessToken })).toString('base64url')}.x` }));
    await capture('unknown bearer token', () => make({ apiKey: undefined, accessToken: CANARIES.accessToken }));
    await capture('signed with canary key (works)', () => make({ apiKey: signedKey }));
    // A healthy client, then every server fault and the errors it leads to.
    const client = await make({ apiKey: signedKey, maxResponseBytes: 65_536 });
    // (getAll() is left out: it hands the values to the caller on purpose.)
    views.push(['client', client], ['snapshot', client.snapshot], ['status', client.status]);
    for (const [name, rule] of [
      ['503', { status: 503 }],
      ['429', { status: 429, retryAfterSeconds: 1 }],
      ['drop', { drop: true }],
      ['hang', { hang: true }],
      ['slowloris', { slowBodyMs: 50 }],
      ['reset', { resetMidBody: true }],
      ['huge', { hugeBodyBytes: 1_000_000 }],
      ['huge declared', { hugeBodyBytes: 1_000_000, declareLength: true }],
      ['truncated', { truncatedJson: true }],
      ['malformed', { malformedJson: true }],
      ['poisoned type', { answerJson: { environmentSlug: 'prod', environmentName: 'p', secrets: { A: CANARIES.poisonedValue, B: 7 }, version: 1, lastModified: 'x' } }],
      ['not JSON with canary', { answerJson: undefined }],
    ] as const) {
      for (const route of ['envSecretsHash', 'envSecrets'] as const) {
        const remove = emulator.injectFault({ route, ...rule });
        emulator.setSecret({ ...REF, key: 'N', value: `${name}-${route}` });
        await capture(`${name} on ${route}`, () => client.refresh());
        remove();
      }
    }
    // The same faults on /keys/me, for a client that learns its scope from it.
    for (const rule of [{ status: 503 }, { drop: true }, { hang: true }, { resetMidBody: true }, { truncatedJson: true }, { malformedJson: true }, { answerJson: { keyId: CANARIES.poisonedValue, role: 7, projectSlug: '..' } }]) {
      const remove = emulator.injectFault({ route: 'keyContext', ...rule });
      await capture(`keys/me ${Object.keys(rule)[0]}`, () => make({ apiKey: signedKey, project: undefined, environment: undefined }));
      remove();
    }
    emulator.faults.add({ route: 'envSecretsHash', answerJson: { hash: `${CANARIES.poisonedValue}\r\nX: 1`, secretCount: 1, computedAt: 'x' }, times: 1 });
    await capture('hash with CR/LF', () => client.refresh());
    // A body that is not JSON, quoting a canary (the SyntaxError quoted it).
    const malformed = await createBaxterClient({ baxterUrl: 'http://x.localhost', apiKey: signedKey, ...REF, env: {}, e2ee: false, maxAttempts: 1, fetch: async () => new Response(`{"hash":"${CANARIES.malformedBody}`) }).catch((e: unknown) => e);
    errors.push(['malformed body with canary', malformed]);
    const truncated = await createBaxterClient({ baxterUrl: 'http://x.localhost', apiKey: signedKey, ...REF, env: {}, e2ee: false, maxAttempts: 1, fetch: async () => new Response(`{"hash":"abc","x":"${CANARIES.truncatedBody}`) }).catch((e: unknown) => e);
    errors.push(['truncated body with canary', truncated]);
    await capture('abort', () => client.refresh({ signal: AbortSignal.abort(new Error('stop')) }));
    await capture('missing secret', () => client.getOrThrow('NOPE'));
    // A schema rejecting and one throwing, both on a canary value.
    await capture('schema rejects', () => make({ schema: z.object({ CFG: z.string().regex(/^\d+$/) }) }));
    await capture('schema throws', () => make({ schema: z.object({ CFG: z.string().transform((s) => JSON.parse(s) as unknown) }) }));
    // Credentials and rotation management.
    await capture('credentials.generate', () => client.credentials.generate({ provider: 'postgres', role: 'app' }));
    await capture('credentials bad ttl', () => client.credentials.generate({ provider: 'postgres', ttlSeconds: -1 }));
    await capture('credentials unknown provider', () => client.credentials.generate({ provider: 'nope' }));
    const httpPolicy = { strategy: 'HttpWebhook', endpoint: 'https://fn.example.com/rotate', intervalDays: 30, signingSecret: CANARIES.policySigningSecret, apiKey: CANARIES.policyApiKey } as const;
    await capture('setPolicy', () => client.rotation.setPolicy({ provider: 'vault', key: 'P', policy: httpPolicy }));
    await capture('setPolicy invalid', () => client.rotation.setPolicy({ provider: 'vault', key: 'P', policy: { ...httpPolicy, intervalDays: 0, endpoint: `ftp://${CANARIES.policyApiKey}@x` } }));
    await capture('setPolicy unknown field', () => client.rotation.setPolicy({ provider: 'vault', key: 'P', policy: { ...httpPolicy, notAField: 1 } as never }));
    await capture('getPolicy', () => client.rotation.getPolicy({ provider: 'vault', key: 'P' }));
    await capture('rotateSigningSecret', () => client.rotation.rotateSigningSecret({ provider: 'vault', key: 'P' }));
    await capture('getPolicy missing', () => client.rotation.getPolicy({ provider: 'vault', key: 'NOPE' }));
    await capture('waitForRotation timeout', () => client.rotation.waitForRotation({ provider: 'vault', key: 'NOPE', timeoutMs: 1 }));
    // Webhooks and rotation functions.
    const secret = CANARIES.webhookSecret!;
    const header = await signWebhookPayload(secret, '{}', { timestamp: 1 });
    await capture('verify stale', () => verifyWebhookSignatureOrThrow(secret, header, '{}'));
    await capture('verify tampered', () => verifyWebhookSignatureOrThrow(secret, header.replace('v1=', 'v1=0'), '{}'));
    const handler = createRotationHandler({ signingSecret: secret, apiKey: CANARIES.functionApiKey, rotate: () => ({ newValue: CANARIES.secretValue! }) });
    await capture('handler unsigned', async () => {
      const res = await handler(new Request('http://h/rotate', { method: 'POST', body: '{}' }));
      return { status: res.status, body: await res.text() };
    });
    const request = { action: 'rotate', secretKey: 'K', projectSlug: 'shop', environmentSlug: 'prod', requestId: 'r1' } as const;
    const fnOptions = { signingSecret: secret, apiKey: CANARIES.functionApiKey, request };
    await capture('function unreachable', () => callRotationFunction({ ...fnOptions, endpoint: `http://127.0.0.1:1/rotate?token=${CANARIES.functionQueryToken}`, timeoutMs: 2_000 }));
    await capture('function with credentials in url', () => callRotationFunction({ ...fnOptions, endpoint: `http://u:${CANARIES.urlPassword}@127.0.0.1:1/rotate` }));
    await capture('function bad header key', () => callRotationFunction({ ...fnOptions, apiKey: `${CANARIES.functionApiKey}\r\n`, endpoint: 'http://127.0.0.1:1/rotate' }));
    await capture('function http error', () => callRotationFunction({ ...fnOptions, endpoint: 'https://fn.example.com/rotate', fetch: async () => Response.json({ error: 'nope' }, { status: 500 }) }));
    await capture('function invalid answer', () => callRotationFunction({ ...fnOptions, endpoint: 'https://fn.example.com/rotate', fetch: async () => Response.json({ value: CANARIES.secretValue }) }));
    await capture('function timeout', () => callRotationFunction({ ...fnOptions, endpoint: 'https://fn.example.com/rotate', timeoutMs: 5, fetch: (_u, init) => new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))) }));
    // Closed client.
    await client.close();
    await capture('closed refresh', () => client.refresh());
    await capture('closed on', () => client.on('change', () => undefined));
    await capture('closed credentials', () => client.credentials.listRoles({ provider: 'postgres' }));

    const found: string[] = [];
    let count = 0;
    for (const line of logged) {
      count++;
      for (const [canary, planted] of Object.entries(CANARIES)) if (line.includes(planted)) found.push(`log line: ${canary}`);
    }
    for (const [name, value] of [...errors, ...views]) {
      for (const text of renderings(value)) {
        count++;
        for (const [canary, planted] of Object.entries(CANARIES)) if (text.includes(planted)) found.push(`${name}: ${canary}`);
      }
    }
    recordFigures({ leakScan: { canaries: Object.keys(CANARIES).length, errorPaths: errors.length, resultViews: views.length, logLines: logged.length, renderings: count, leaksFound: found.length } });
    expect([...new Set(found)]).toEqual([]);
    expect(errors.length).toBeGreaterThan(50);
  });
});
