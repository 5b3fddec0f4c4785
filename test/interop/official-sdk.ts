/**
 * Shared setup of the interop tests: our emulator on a real loopback port, and
 * the official published SDK (`bella-official`, an npm alias of
 * `@bella-baxter/sdk@0.1.1-preview.115`) pointed at it, exactly as a user would.
 */
import { createBaxterEmulator, type BaxterEmulator, type BaxterEmulatorOptions } from '../../src/testing.js';
import type { ListeningServer } from '../../src/testing.js';

export interface InteropHarness {
  emulator: BaxterEmulator;
  server: ListeningServer;
  close(): Promise<void>;
}

export async function startInterop(options: BaxterEmulatorOptions = {}): Promise<InteropHarness> {
  const emulator = createBaxterEmulator(options);
  const server = await emulator.listen();
  return {
    emulator,
    server,
    close: async () => {
      await server.close();
      await emulator.close();
    },
  };
}

/** Resolves once `predicate` holds for a value passed to the returned callback. */
export function waitForCall<T>(predicate: (value: T) => boolean = () => true): { callback: (value: T) => void; called: Promise<T> } {
  let resolve!: (value: T) => void;
  const called = new Promise<T>((r) => (resolve = r));
  return {
    callback: (value) => {
      if (predicate(value)) resolve(value);
    },
    called,
  };
}
