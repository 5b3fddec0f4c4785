import { defineConfig, type Options } from 'tsup';

const common: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  outDir: 'dist',
};

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts', random: 'src/random.ts', testing: 'src/testing.ts' },
    splitting: true,
  },
  {
    ...common,
    // The webhooks entry runs in Lambda cold starts and edge runtimes: zod/mini is bundled in,
    // tree-shaken to what the contracts use, instead of loading the ~100 modules of the package
    // (about 60 ms of a Node cold start). Its types still come from the `zod` dependency.
    entry: { webhooks: 'src/webhooks.ts' },
    splitting: false,
    noExternal: ['zod'],
  },
  {
    ...common,
    entry: { 'bin/bella-emulator': 'src/bin/bella-emulator.ts' },
    format: ['esm'],
    dts: false,
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
