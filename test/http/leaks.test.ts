import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { paths } from '../../src/api/paths.js';
import { secretsHashSchema } from '../../src/api/schemas.js';
import { bearerAuthenticator } from '../../src/http/auth.js';
import { HttpClient } from '../../src/http/http-client.js';
import { createFetchTransport, type FetchLike } from '../../src/http/transport.js';
import { isBaxterNetworkError, isBaxterResponseError } from '../../src/index.js';
import { maskUrlPassword } from '../../src/shared/redact.js';

const CANARY = 'canary-7f3a9c2e1b';

function renderings(error: unknown): string {
  const chain: string[] = [];
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) chain.push(String(e), (e as Error).stack ?? '');
  return [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), ...chain].join('\n');
}

function client(fetchFn: FetchLike, token = 'ok-token'): HttpClient {
  return new HttpClient({
    baseUrl: 'http://api.localhost',
    transport: createFetchTransport(fetchFn),
    authenticate: bearerAuthenticator(token),
    clientHeaders: {},
    timeoutMs: 1_000,
    maxAttempts: 1,
  });
}

const hashPath = paths.envSecretsHash({ project: 'shop', environment: 'prod' });

describe('what errors never carry', () => {
  it('an access token with CR/LF is not quoted by the BaxterNetworkError of the fetch transport', async () => {
    const token = `${CANARY}-token\r\nX-Evil: 1`;
    // The real fetch refuses the header and quotes it in its TypeError.
    const error = await client((input, init) => fetch(input, init), token)
      .request({ method: 'GET', path: hashPath, schema: secretsHashSchema() })
      .catch((e: unknown) => e);
    expect(isBaxterNetworkError(error)).toBe(true);
    expect(renderings(error)).not.toContain(CANARY);
  });

  it("a body that is not JSON: the JSON.parse SyntaxError (which quotes the body) is not kept as cause", async () => {
    const answer: FetchLike = async () => new Response(`{"hash":"${CANARY}`, { headers: { 'content-type': 'application/json' } });
    const error = await client(answer).request({ method: 'GET', path: hashPath, schema: secretsHashSchema() }).catch((e: unknown) => e);
    expect(isBaxterResponseError(error)).toBe(true);
    expect((error as Error).cause).toBeUndefined();
    expect(renderings(error)).not.toContain(CANARY.slice(0, 8));
  });

  it('connection URLs mask a user standing alone (https://TOKEN@host) and the fragment', () => {
    expect(maskUrlPassword(`https://${CANARY}@db.example.com/x`)).not.toContain(CANARY);
    expect(maskUrlPassword(`https://db.example.com/x#access_token=${CANARY}`)).not.toContain(CANARY);
    expect(maskUrlPassword('postgres://app:pw@db.example.com/x')).toBe('postgres://app:***@db.example.com/x');
  });
});
