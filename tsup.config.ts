import { defineConfig, type Options } from 'tsup';

const common: Options = {
  dts: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  outDir: 'dist',
};

/**
 * jose 6 ships ESM only. The ESM build imports it (deduplicated with the app's
 * copy); the CJS build bundles the few functions we use, so `require()` works
 * on Node 20 without the require(esm) fallback.
 */
const byFormat = (options: Options): Options[] => [
  { ...options, format: ['esm'] },
  { ...options, format: ['cjs'], noExternal: [...((options.noExternal as string[]) ?? []), 'jose'] },
];

export default defineConfig([
  ...byFormat({
    ...common,
    entry: { index: 'src/index.ts', random: 'src/random.ts', testing: 'src/testing.ts' },
    splitting: true,
  }),
  ...byFormat({
    ...common,
    // The webhooks entry runs in Lambda cold starts and edge runtimes: zod/mini is bundled in,
    // tree-shaken to what the contracts use, instead of loading the ~100 modules of the package
    // (about 60 ms of a Node cold start). Its types still come from the `zod` dependency.
    entry: { webhooks: 'src/webhooks.ts' },
    splitting: false,
    noExternal: ['zod'],
  }),
  {
    ...common,
    entry: { 'bin/bella-emulator': 'src/bin/bella-emulator.ts' },
    format: ['esm'],
    dts: false,
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
