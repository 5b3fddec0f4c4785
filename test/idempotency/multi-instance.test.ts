// Several instances of one rotation function, each its own Node process on its own loopback
// port, sharing one store (a real redis-server, or dynalite with the AWS SDK v3 client).
// Waits on IPC messages and store events, never on sleeps.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookPayload } from '../../src/webhooks.js';
import { startDynalite, type Dynalite } from '../support/dynalite.js';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis-server.js';
import { encodingsOf } from './store-contract.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const script = join(root, '.tmp', `rotation-instance-${process.pid}.mjs`);
const SECRET = 'whsec-multi-instance';
const canaries: string[] = [];

afterAll(() => rmSync(script, { force: true }));

beforeAll(async () => {
  mkdirSync(dirname(script), { recursive: true });
  await build({ entryPoints: [join(root, 'test/fixtures/rotation-instance.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'error', absWorkingDir: root });
});

interface Message {
  type: string;
  [field: string]: unknown;
}

class Instance {
  readonly messages: Message[] = [];
  port = 0;
  private waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: Message) => {
      this.messages.push(message);
      if (message.type === 'rotated') canaries.push(String(message.newValue));
      for (const waiter of this.waiters.filter((w) => w.match(message))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    });
  }

  static async start(args: string[]): Promise<Instance> {
    const instance = new Instance(fork(script, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    }));
    instance.port = Number((await instance.next('listening')).port);
    return instance;
  }

  /** The next message of `type` (already received ones count once, in order). */
  next(type: string): Promise<Message> {
    const match = (m: Message) => m.type === type && !this.seen.has(m);
    const found = this.messages.find(match);
    if (found) {
      this.seen.add(found);
      return Promise.resolve(found);
    }
    return new Promise((resolve) => this.waiters.push({ match, resolve: (m) => (this.seen.add(m), resolve(m)) }));
  }
  private seen = new Set<Message>();

  rotations = () => this.messages.filter((m) => m.type === 'rotating').length;

  async deliver(body: string): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`http://127.0.0.1:${this.port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bella-signature': await signWebhookPayload(SECRET, body) },
      body,
    });
    return { status: response.status, json: await response.json() };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}

const rotateBody = (requestId: string) =>
  JSON.stringify({ action: 'rotate', secretKey: 'STRIPE_KEY', projectSlug: 'shop', environmentSlug: 'prod', requestId });

/** Resolves with whichever instance reports `rotating` first. */
const firstRotating = (instances: Instance[]) => Promise.race(instances.map((i) => i.next('rotating').then(() => i)));

interface Backend {
  name: string;
  skip: boolean;
  /** Starts the shared store and returns the argv of instance `n`. */
  start(): Promise<(n: number) => string[]>;
  /** Makes the claim on `requestId` expire now, as time passing would; resolves once it has. */
  expireClaim(requestId: string, instances: Instance[]): Promise<void>;
  dump(): Promise<string>;
  stop(): Promise<void>;
}

let redis: RedisServer | undefined;
let admin: Awaited<ReturnType<typeof connect>> | undefined;
const connect = (url: string) => createClient({ url }).connect();
let dynamo: Dynalite | undefined;

const backends: Backend[] = [
  {
    name: 'Redis (one instance on node-redis, one on ioredis)',
    skip: !redisAvailable,
    async start() {
      redis = await startRedis();
      admin = await connect(redis.url);
      await admin.configSet('notify-keyspace-events', 'Ex');
      const url = redis.url;
      return (n) => [n % 2 === 0 ? 'redis-node' : 'redis-io', url, 'multi', '20000'];
    },
    async expireClaim(requestId) {
      if (!admin) throw new Error('no redis');
      const key = `multi:request:${requestId}`;
      const ttl = await admin.pTTL(key);
      // The claim expires by itself (0 < TTL <= claimTtlMs); PEXPIRE 1 fast-forwards to that moment.
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(20_000);
      const subscriber = await admin.duplicate().connect();
      const expired = new Promise<void>((resolve) => {
        void subscriber.subscribe('__keyevent@0__:expired', (name) => {
          if (name === key) resolve();
        });
      });
      await admin.pExpire(key, 1);
      await expired;
      await subscriber.close();
    },
    async dump() {
      if (!admin) return '';
      const keys = await admin.keys('*');
      const values = await Promise.all(keys.map((key) => admin?.get(key)));
      return keys.map((key, i) => `${key} = ${values[i]}`).join('\n');
    },
    async stop() {
      await admin?.close();
      await redis?.stop();
    },
  },
  {
    name: 'DynamoDB (dynalite, AWS SDK v3)',
    skip: false,
    async start() {
      dynamo = await startDynalite();
      await dynamo.createTable('multi');
      const endpoint = dynamo.endpoint;
      return () => ['dynamodb', endpoint, 'multi', '20000'];
    },
    async expireClaim(_requestId, instances) {
      // Each instance reads expiry from its own clock: move the survivors' clocks past the claim.
      for (const instance of instances) instance.child.send({ type: 'advance', ms: 20_001 });
      await Promise.all(instances.map((i) => i.next('advanced')));
    },
    dump: async () => dynamo?.dump('multi') ?? '',
    stop: async () => dynamo?.stop(),
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`several instances sharing ${backend.name}`, () => {
    let instances: Instance[] = [];

    beforeAll(async () => {
      const argsOf = await backend.start();
      instances = await Promise.all([0, 1].map((n) => Instance.start(argsOf(n))));
    });

    afterAll(async () => {
      await Promise.all(instances.map((i) => i.stop()));
      const dump = await backend.dump();
      for (const canary of canaries) for (const encoded of encodingsOf(canary)) expect(dump).not.toContain(encoded);
      await backend.stop();
    });

    it('100 concurrent deliveries of one request id split across instances: rotate() runs once, every delivery gets the answer (409 while in flight, then the answer)', async () => {
      const body = rotateBody(`burst-${crypto.randomUUID()}`);
      const before = instances.map((i) => i.rotations());
      const rotating = firstRotating(instances);
      const deliveries = Array.from({ length: 100 }, (_, n) => ({ to: instances[n % 2] as Instance, answer: instances[n % 2]!.deliver(body) }));
      const owner = await rotating;
      const others = deliveries.filter((d) => d.to !== owner);
      // While the owner's rotate() is held, the other instance answers every copy 409 (Bella retries later).
      for (const { answer } of others) expect((await answer).status).toBe(409);
      owner.child.send({ type: 'finish' });
      const answers = await Promise.all(deliveries.filter((d) => d.to === owner).map((d) => d.answer));
      const first = answers[0]?.json as { newValue: string };
      expect(first.newValue).toMatch(/^sk_canary_/);
      for (const answer of answers) expect(answer).toEqual({ status: 200, json: first });
      // Bella's retries of the 409s, on the instance that refused them: the stored answer.
      const retries = await Promise.all(others.map((d) => d.to.deliver(body)));
      for (const retry of retries) expect(retry).toEqual({ status: 200, json: first });
      expect(instances.map((i, n) => i.rotations() - (before[n] ?? 0)).reduce((a, b) => a + b)).toBe(1);
    });

    it('an instance killed (SIGKILL) mid-rotation: its claim holds (409), and once it expires a retry rotates once', async () => {
      const requestId = `killed-${crypto.randomUUID()}`;
      const body = rotateBody(requestId);
      const [victim, survivor] = instances as [Instance, Instance];
      const rotating = victim.next('rotating');
      const doomed = victim.deliver(body).then(
        () => 'answered',
        () => 'connection lost',
      );
      await rotating;
      const exited = once(victim.child, 'exit');
      victim.child.kill('SIGKILL');
      await exited;
      expect(await doomed).toBe('connection lost');
      expect((await survivor.deliver(body)).status).toBe(409);

      await backend.expireClaim(requestId, [survivor]);
      const rotations = survivor.rotations();
      const retried = survivor.deliver(body);
      await survivor.next('rotating');
      survivor.child.send({ type: 'finish' });
      const answer = await retried;
      expect(answer.status).toBe(200);
      expect(await survivor.deliver(body)).toEqual(answer);
      expect(survivor.rotations() - rotations).toBe(1);
    });
  });
}
