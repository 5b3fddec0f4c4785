import { setupServer } from 'msw/node';
import type { FetchLike } from '../../src/index.js';
import { createBaxterEmulator, type BaxterEmulator, type BaxterEmulatorOptions } from '../../src/testing.js';

/**
 * The two ways our tests reach the emulator (one fake, two paths):
 * - `msw`: the emulator's msw handlers intercept `fetch` in process; the client gets `fetch`.
 * - `loopback`: the emulator listens on 127.0.0.1 and the client uses its default undici transport.
 */
export const PATHS = ['msw', 'loopback'] as const;
export type EmulatorPath = (typeof PATHS)[number];

export interface EmulatorHarness {
  emulator: BaxterEmulator;
  baxterUrl: string;
  /** Client options that select the path's transport. */
  transport: { fetch?: FetchLike };
  close(): Promise<void>;
}

export async function startEmulator(path: EmulatorPath, options: BaxterEmulatorOptions = {}): Promise<EmulatorHarness> {
  const emulator = createBaxterEmulator(options);
  if (path === 'msw') {
    const server = setupServer(...emulator.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    return {
      emulator,
      baxterUrl: 'http://emulator.localhost',
      // Looked up at call time, so msw's patched fetch is the one used.
      transport: { fetch: (input, init) => globalThis.fetch(input, init) },
      close: async () => {
        server.close();
        await emulator.close();
      },
    };
  }
  const server = await emulator.listen();
  return {
    emulator,
    baxterUrl: server.url,
    transport: {},
    close: async () => {
      await server.close();
      await emulator.close();
    },
  };
}
