import { describe, expect, it } from 'vitest';
import { createAnswerSealer } from '../../src/webhooks/idempotency-seal.js';

/** Runs `fn` as on a runtime without node:crypto (Workers, browsers): the Web Crypto path. */
async function withoutNodeCrypto<T>(fn: () => Promise<T>): Promise<T> {
  const original = process.getBuiltinModule;
  (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
  try {
    return await fn();
  } finally {
    process.getBuiltinModule = original;
  }
}

describe('sealed idempotency answers', () => {
  const answer = { newValue: 'sk_canary_seal', newHandle: 'key_1' };

  it('opens what it sealed, for the same key only, and hides the value', async () => {
    const sealer = createAnswerSealer(['whsec-a']);
    const sealed = await sealer.seal('request:r1', answer);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('canary');
    expect(await sealer.open('request:r1', sealed)).toEqual(answer);
    expect(await sealer.open('request:r2', sealed)).toBeUndefined();
    expect(await createAnswerSealer(['whsec-b']).open('request:r1', sealed)).toBeUndefined();
    expect(await sealer.open('request:r1', `${sealed.slice(0, -2)}AA`)).toBeUndefined();
  });

  it('opens with any of the signing secrets, sealing with the first', async () => {
    const sealed = await createAnswerSealer(['old']).seal('request:r', answer);
    expect(await createAnswerSealer(['new', 'old']).open('request:r', sealed)).toEqual(answer);
  });

  it('writes the same format on node:crypto and on Web Crypto, so instances on either open each other', async () => {
    const fromNode = await createAnswerSealer(['whsec-x']).seal('request:r', answer);
    const web = createAnswerSealer(['whsec-x']);
    const fromWeb = await withoutNodeCrypto(() => web.seal('request:r', answer));
    expect(await withoutNodeCrypto(() => web.open('request:r', fromNode))).toEqual(answer);
    expect(await createAnswerSealer(['whsec-x']).open('request:r', fromWeb)).toEqual(answer);
  });
});
