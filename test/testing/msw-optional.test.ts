import { describe, expect, it, vi } from 'vitest';

// What Node throws from require('msw') when msw is not installed.
vi.mock('node:module', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:module')>();
  return {
    ...actual,
    createRequire: () => (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /app/node_modules/@bella-baxter/sdk/dist/testing.js`), { code: 'MODULE_NOT_FOUND' });
    },
  };
});

const { createBaxterEmulator } = await import('../../src/testing.js');
const { createBaxterClient, isBaxterConfigError } = await import('../../src/index.js');

describe('the testing entry without msw installed', () => {
  it('imports, serves with listen() and fetch, and only handlers fails, saying npm i -D msw', async () => {
    const emulator = createBaxterEmulator();
    const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'dev', secrets: { A: '1' } });
    const server = await emulator.listen();
    const client = await createBaxterClient({ baxterUrl: server.url, apiKey, env: {} });
    const inProcess = await createBaxterClient({ baxterUrl: 'http://bella.localhost', apiKey, fetch: emulator.fetch, env: {} });
    try {
      expect(client.get('A')).toBe('1');
      expect(inProcess.get('A')).toBe('1');
      let thrown: unknown;
      try {
        void emulator.handlers;
      } catch (error) {
        thrown = error;
      }
      expect(isBaxterConfigError(thrown)).toBe(true);
      expect((thrown as Error).message).toContain('npm i -D msw');
      expect((thrown as Error).message).toContain('emulator.handlers');
    } finally {
      await client.close();
      await inProcess.close();
      await server.close();
      await emulator.close();
    }
  });
});
