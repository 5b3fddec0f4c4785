/**
 * Path-safety sweep: every public method that puts a slug or key in a URL path, with every
 * value that could change which endpoint is hit. Each call is either refused before anything is
 * sent (a typed error), or every request it sends keeps the value as exactly one path segment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaxterClient, isBaxterError, type BaxterClient, type FetchLike } from '../../src/index.js';
import { createBaxterEmulator, type BaxterEmulator } from '../../src/testing.js';
import { recordFigures } from '../support/reliability.js';

const HOSTILE = ['', '.', '..', '%2e', '%2e%2e', '.%2e', '/', '../x', 'a/../b', '?', '?x=1', '#', '#x', '\r\n', 'a\r\nX-Injected: 1', '\\..', ' .. ', '...', '%00', '\u0000'];
const REF = { project: 'shop', environment: 'prod' };
const ORIGIN = 'http://emulator.localhost';

let emulator: BaxterEmulator;
let apiKey: string;
let client: BaxterClient;
const sent: URL[] = [];
const recordingFetch: FetchLike = (input, init) => {
  sent.push(new URL(input instanceof Request ? input.url : String(input)));
  return emulator.fetch(input, init);
};

beforeAll(async () => {
  emulator = createBaxterEmulator();
  ({ apiKey } = emulator.addEnvironment({ ...REF, secrets: { A: '1' }, providers: [{ slug: 'vault', secrets: { K: 'v' } }] }));
  client = await createBaxterClient({ baxterUrl: ORIGIN, apiKey, ...REF, env: {}, fetch: recordingFetch, maxAttempts: 1 });
});
afterAll(async () => {
  await client.close();
  await emulator.close();
});

/** Segment positions (after /api/v1/) of each parameter. */
const POSITION = { project: 4, environment: 6, provider: 8, key: 10 } as const;

let cases = 0;
let refused = 0;
let sentIntact = 0;

/**
 * `expected` is the segment that must arrive: the value itself, or for a client option that trims
 * to nothing (an option left empty means "not set"), the key's own scope (`shop`/`prod`, no provider).
 */
async function sweep(param: keyof typeof POSITION, value: string, call: () => Promise<unknown>, expected: string | null = value): Promise<void> {
  cases++;
  sent.length = 0;
  const outcome = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (sent.length === 0) {
    expect(isBaxterError(outcome), `${param}=${JSON.stringify(value)}: refused with ${String(outcome)}`).toBe(true);
    refused++;
    return;
  }
  for (const url of sent) {
    expect(url.search, `${param}=${JSON.stringify(value)} query`).toBe('');
    expect(url.hash).toBe('');
    if (url.pathname === '/api/v1/keys/me') continue;
    const segments = url.pathname.split('/');
    expect(segments.slice(0, 4)).toEqual(['', 'api', 'v1', 'projects']);
    // A 404 for an unknown provider is followed by GET .../providers (to name the known ones): no slug of ours in it.
    const providerList = segments.length === 8 && segments[7] === 'providers' && param !== 'project' && param !== 'environment';
    if (expected === null || providerList) expect(segments.slice(4, 8), `${param}=${JSON.stringify(value)} sent to ${url.pathname}`).toEqual(['shop', 'environments', 'prod', segments[7]]);
    else expect(decodeURIComponent(segments[POSITION[param]]!), `${param}=${JSON.stringify(value)} sent to ${url.pathname}`).toBe(expected);
  }
  sentIntact++;
}

describe('path-safety sweep', () => {
  it('every slug and key either refused up front or sent as exactly one segment', async () => {
    const policy = { strategy: 'GenerateRandom', randomFormat: 'uuid', intervalDays: 7 } as const;
    for (const value of HOSTILE) {
      for (const param of ['project', 'environment', 'provider'] as const) {
        await sweep(param, value, async () => {
          const c = await createBaxterClient({ baxterUrl: ORIGIN, apiKey, ...REF, env: {}, fetch: recordingFetch, maxAttempts: 1, [param]: value });
          await c.close();
        }, value.trim() === '' ? null : value.trim());
      }
      await sweep('provider', value, () => client.credentials.generate({ provider: value }));
      await sweep('provider', value, () => client.credentials.listRoles({ provider: value }));
      await sweep('provider', value, () => client.credentials.lease({ provider: value }).then((l) => l.close()));
      for (const param of ['provider', 'key'] as const) {
        const target = () => ({ provider: 'vault', key: 'K', [param]: value });
        await sweep(param, value, () => client.rotation.setPolicy({ ...target(), policy }));
        await sweep(param, value, () => client.rotation.getPolicy(target()));
        await sweep(param, value, () => client.rotation.disablePolicy(target()));
        await sweep(param, value, () => client.rotation.rotate(target()));
        await sweep(param, value, () => client.rotation.waitForRotation({ ...target(), timeoutMs: 200 }));
        await sweep(param, value, () => client.rotation.rotateSigningSecret(target()));
        await sweep(param, value, () => client.rotation.versions(target()));
      }
      // The same values from the server: a /keys/me answer filling in project and environment.
      for (const field of ['projectSlug', 'environmentSlug'] as const) {
        const remove = emulator.injectFault({ route: 'keyContext', answerJson: { keyId: 'k', role: 'Reader', projectSlug: 'shop', environmentSlug: 'prod', [field]: value } });
        await sweep(field === 'projectSlug' ? 'project' : 'environment', value, async () => {
          const c = await createBaxterClient({ baxterUrl: ORIGIN, apiKey, env: {}, fetch: recordingFetch, maxAttempts: 1 });
          await c.close();
        });
        remove();
      }
    }
    recordFigures({ pathSweep: { values: HOSTILE.length, cases, refused, sentIntact, traversals: 0 } });
    expect(cases).toBeGreaterThan(300);
  });
});
