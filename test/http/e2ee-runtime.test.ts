import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function freshNodeEcdh() {
  vi.resetModules();
  return (await import('../../src/http/e2ee-node.js')).nodeEcdh();
}

describe('which E2EE primitives the client uses', () => {
  it('node:crypto on Node itself', async () => {
    expect(await freshNodeEcdh()).not.toBeNull();
  });

  it('Web Crypto on Deno and Bun, whose node:crypto ECDH is not complete everywhere', async () => {
    vi.stubGlobal('Deno', { version: { deno: '2.0.0' } });
    expect(await freshNodeEcdh()).toBeNull();
    vi.unstubAllGlobals();
    vi.stubGlobal('process', { ...process, versions: { ...process.versions, bun: '1.1.0' } });
    expect(await freshNodeEcdh()).toBeNull();
  });
});
