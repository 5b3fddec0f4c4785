import diagnostics_channel from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaxterClient, TRACING_CHANNELS, type BaxterClient, type RefreshSpan, type RequestSpan } from '../../src/index.js';
import { createBaxterEmulator } from '../../src/testing.js';

const REF = { project: 'shop', environment: 'prod' };
const SECRET_VALUE = 'sk_live_never_in_a_span';
type Event = { event: string; span: Record<string, unknown> };

/** Subscribes to a tracing channel, recording a copy of the context at each event. */
function record(name: string) {
  const events: Event[] = [];
  const at = (event: string) => (span: object) => events.push({ event, span: { ...span } });
  const handlers = { start: at('start'), end: at('end'), asyncStart: at('asyncStart'), asyncEnd: at('asyncEnd'), error: at('error') };
  const channel = diagnostics_channel.tracingChannel(name);
  channel.subscribe(handlers);
  return { events, stop: () => channel.unsubscribe(handlers) };
}

const subscriptions: { stop(): void }[] = [];
let client: BaxterClient<unknown> | undefined;
afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.stop();
  await client?.close();
  client = undefined;
});

function setup() {
  const emulator = createBaxterEmulator();
  const { apiKey } = emulator.addEnvironment({ ...REF, secrets: { STRIPE_KEY: SECRET_VALUE } });
  return { emulator, apiKey };
}

describe('tracing on node:diagnostics_channel', () => {
  it('publishes one bella-baxter:request span per request, with method, path, status, attempts', async () => {
    const { emulator, apiKey } = setup();
    const requests = record(TRACING_CHANNELS.request);
    subscriptions.push(requests);
    expect(TRACING_CHANNELS.request).toBe('bella-baxter:request');
    // A polling client (its first poll is seconds away): its start asks the hash, then the full set.
    client = await createBaxterClient({ apiKey, fetch: emulator.fetch, baxterUrl: 'http://bella.test/', env: {}, logger: silent, refreshInterval: 60 });

    const starts = requests.events.filter((e) => e.event === 'start').map((e) => e.span as unknown as RequestSpan);
    expect(starts.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /api/v1/keys/me',
      'GET /api/v1/projects/shop/environments/prod/secrets/hash',
      'GET /api/v1/projects/shop/environments/prod/secrets',
    ]);
    expect(starts[0]).toMatchObject({ status: undefined, attempts: 0 });
    const ends = requests.events.filter((e) => e.event === 'asyncEnd').map((e) => e.span);
    expect(ends).toHaveLength(3);
    expect(ends.every((s) => s.status === 200 && s.attempts === 1 && s.result === undefined)).toBe(true);
    expect(requests.events.map((e) => e.event).slice(0, 4)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(JSON.stringify(requests.events)).not.toContain(SECRET_VALUE);
  });

  it('a failed request span carries the error and counts the retries', async () => {
    const { emulator, apiKey } = setup();
    client = await createBaxterClient({ apiKey, fetch: emulator.fetch, baxterUrl: 'http://bella.test', env: {}, logger: silent, maxAttempts: 2 });
    const requests = record(TRACING_CHANNELS.request);
    subscriptions.push(requests);
    emulator.injectFault({ route: 'envSecretsHash', status: 503, times: 2 });
    await expect(client.refresh()).rejects.toMatchObject({ code: 'BAXTER_SERVER_ERROR' });
    const error = requests.events.find((e) => e.event === 'error');
    expect(error?.span).toMatchObject({ method: 'GET', status: 503, attempts: 2, error: expect.objectContaining({ code: 'BAXTER_SERVER_ERROR' }) });
  });

  it('publishes a bella-baxter:refresh span per check, with the scope and whether it changed', async () => {
    const { emulator, apiKey } = setup();
    client = await createBaxterClient({ apiKey, fetch: emulator.fetch, baxterUrl: 'http://bella.test', env: {}, logger: silent, maxAttempts: 1, refreshInterval: 60 });
    const refreshes = record(TRACING_CHANNELS.refresh);
    const requests = record(TRACING_CHANNELS.request);
    subscriptions.push(refreshes, requests);

    await client.refresh();
    emulator.setSecret({ ...REF, key: 'STRIPE_KEY', value: 'sk_live_2' });
    await client.refresh();
    emulator.injectFault({ route: 'envSecretsHash', status: 401, times: 1 });
    await expect(client.refresh()).rejects.toThrow();

    const ends = refreshes.events.filter((e) => e.event === 'asyncEnd').map((e) => e.span as unknown as RefreshSpan);
    expect(ends).toHaveLength(3);
    expect(ends[0]).toMatchObject({ project: 'shop', environment: 'prod', provider: undefined, changed: false });
    expect(ends[1]).toMatchObject({ changed: true });
    expect(ends[2]).toMatchObject({ changed: undefined, error: expect.objectContaining({ code: 'BAXTER_UNAUTHORIZED' }) });
    // Each check made its request(s) as request spans of their own: a hash, a hash + full set, a failed hash.
    expect(requests.events.filter((e) => e.event === 'start')).toHaveLength(4);
    expect(JSON.stringify(refreshes.events)).not.toContain('sk_live');
  });

  it('publishes nothing when no one subscribes (and the client works the same)', async () => {
    const { emulator, apiKey } = setup();
    expect(diagnostics_channel.tracingChannel(TRACING_CHANNELS.request).hasSubscribers).toBe(false);
    client = await createBaxterClient({ apiKey, fetch: emulator.fetch, baxterUrl: 'http://bella.test', env: {}, logger: silent });
    expect(client.get('STRIPE_KEY')).toBe(SECRET_VALUE);
  });
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };
