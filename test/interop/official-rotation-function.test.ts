import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBaxterClient as createOfficialClient, verifyWebhookSignature } from 'bella-official';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInterop, type InteropHarness } from './official-sdk.js';

const P = 'shop';
const E = 'prod';
const SECRET = { project: P, environment: E, provider: 'vault', key: 'STRIPE_API_KEY' };

/**
 * A rotation function guarded by the OFFICIAL `verifyWebhookSignature`, as a
 * user of the official SDK writes one. During a signing-secret change it
 * accepts either secret (the official verifier takes one: try each).
 */
async function startOfficialFunction(secrets: () => readonly string[]) {
  const calls: Array<{ action: string; oldHandle?: string; signature: string }> = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = String(req.headers['x-bella-signature'] ?? '');
        let ok = false;
        for (const secret of secrets()) {
          try {
            if (await verifyWebhookSignature(secret, header, raw)) ok = true;
          } catch {
            // Malformed header or stale timestamp: the official verifier throws.
          }
        }
        if (!ok) {
          res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid signature' }));
          return;
        }
        const body = JSON.parse(raw) as { action: string; oldHandle?: string };
        calls.push({ action: body.action, ...(body.oldHandle ? { oldHandle: body.oldHandle } : {}), signature: header });
        const answer = body.action === 'rotate' ? { newValue: `sk_live_${++n}`, newHandle: `key-${n}` } : { success: true };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rotate`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("our emulator's rotation engine calling a function guarded by the official verifyWebhookSignature", () => {
  let h: InteropHarness;
  let fn: Awaited<ReturnType<typeof startOfficialFunction>> | undefined;
  let apiKey: string;
  let accepted: readonly string[] = [];
  beforeEach(async () => {
    // Real time: the official verifier checks the call's timestamp against Date.now().
    h = await startInterop();
    ({ apiKey } = h.emulator.addEnvironment({ project: P, environment: E, providers: [{ slug: 'vault', secrets: { STRIPE_API_KEY: 'sk_live_0' } }] }));
    fn = await startOfficialFunction(() => accepted);
  });
  afterEach(async () => {
    await h.close();
    await fn?.close();
  });

  async function policyApi() {
    const official = await createOfficialClient({ baxterUrl: h.server.url, apiKey });
    return official.client.api.v1.projects.byId(P).environments.byEnvSlug(E).providers.byProviderSlug('vault').secrets.byKey('STRIPE_API_KEY');
  }

  it('rotates and revokes through the official verifier, also during a signing-secret grace period', async () => {
    const api = await policyApi();
    const set = await api.rotationPolicy.put({ enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: fn!.url, revokePreviousAfterDays: 0 });
    accepted = [set!.signingSecret!];

    await api.rotate.post();
    await h.emulator.rotationsIdle();
    expect(fn!.calls.map((c) => c.action)).toEqual(['rotate']);
    expect(h.emulator.getRotationPolicy(SECRET)).toMatchObject({ status: 'Idle', lastError: null });

    // New signing secret: the function accepts both while it changes over.
    const next = await api.rotationPolicy.rotateSigningSecret.post();
    accepted = [set!.signingSecret!, next!.newSigningSecret!];
    await api.rotate.post();
    await h.emulator.rotationsIdle();
    // The second rotation replaced key-1: revoked at once (revokePreviousAfterDays: 0).
    expect(fn!.calls.map((c) => c.action)).toEqual(['rotate', 'rotate', 'revoke']);
    expect(fn!.calls[2]!.oldHandle).toBe('key-1');
    // One v1 per call: the official verifier reads a single one.
    expect(fn!.calls.every((c) => c.signature.match(/v1=/g)?.length === 1)).toBe(true);

    // Done changing over: only the new secret. Calls still verify.
    accepted = [next!.newSigningSecret!];
    await api.rotate.post();
    await h.emulator.rotationsIdle();
    expect(fn!.calls.map((c) => c.action)).toEqual(['rotate', 'rotate', 'revoke', 'rotate', 'revoke']);
    expect(h.emulator.getRotationPolicy(SECRET)).toMatchObject({ status: 'Idle', lastError: null });
  });

  it('a function that only knows the replaced secret rejects the call: the rotation is an Error and the old value stays', async () => {
    const api = await policyApi();
    const set = await api.rotationPolicy.put({ enabled: true, intervalDays: 30, strategy: 'HttpWebhook', endpoint: fn!.url });
    await api.rotationPolicy.rotateSigningSecret.post();
    accepted = [set!.signingSecret!];
    await api.rotate.post();
    await h.emulator.rotationsIdle();
    expect(fn!.calls).toEqual([]);
    expect(h.emulator.getRotationPolicy(SECRET)).toMatchObject({ status: 'Error' });
    // What the official client reads back: the real RotationPolicyInfo shape.
    expect(await api.rotationPolicy.get()).toMatchObject({ rotationStatus: 'Error', isOverdue: false });
    const official = await createOfficialClient({ baxterUrl: h.server.url, apiKey });
    expect((await official.getAllSecrets(P, E)).secrets).toEqual({ STRIPE_API_KEY: 'sk_live_0' });
  });
});
