import { createRequire } from 'node:module';
import type * as Msw from 'msw';
import { BaxterConfigError } from '../errors/index.js';

let loaded: typeof Msw | undefined;

/** Whether `error` says that `msw` itself (not something msw needs) could not be found. */
function isMswMissing(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException | undefined;
  return (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') && /['"]msw['"]/.test(String(e?.message));
}

/**
 * Loads msw on first use, synchronously (from the app's `node_modules`, as
 * seen from this package). msw is an optional peer dependency: only
 * `emulator.handlers` needs it, so importing `@bella-baxter/sdk/testing`,
 * `listen()` and `fetch` work without it.
 */
export function loadMsw(): typeof Msw {
  if (loaded) return loaded;
  try {
    // Resolved from this file: `__filename` in the CJS build, `import.meta.url` in the ESM one.
    const from = typeof __filename === 'string' ? __filename : import.meta.url;
    loaded = createRequire(from)('msw') as typeof Msw;
  } catch (error) {
    if (!isMswMissing(error)) throw error;
    throw new BaxterConfigError(
      'emulator.handlers needs msw, which is not installed: run `npm i -D msw` (emulator.listen() and emulator.fetch work without it).',
      { option: 'handlers', cause: error },
    );
  }
  return loaded;
}
