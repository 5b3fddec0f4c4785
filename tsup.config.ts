import { defineConfig, type Options } from 'tsup';

/**
 * No source maps: the output is unminified ESM/CJS that reads like the source, so stack traces
 * are already meaningful; maps would point into src/ files the package does not ship, and they
 * were 2.18 MB of the 3.16 MB package.
 */
const common: Options = {
  // @internal members (constructors reached through the client, closeAll(), emulator.use(), HttpClient) stay out of the
  // published types. BELLA_BUILD_JS_ONLY (examples/demo/build-if-stale.mjs, for the demo) skips the slow declaration build.
  dts: process.env.BELLA_BUILD_JS_ONLY ? false : { compilerOptions: { stripInternal: true } },
  sourcemap: false,
  target: 'node20',
  treeshake: true,
  outDir: 'dist',
};

/**
 * jose 6 ships ESM only, and importing the package costs ~60 ms of module loading for the two
 * or three functions we use: both builds bundle those few functions (tree-shaken, a few KB), so
 * `require()` works on Node 20 without the require(esm) fallback and jose is not a runtime
 * dependency. zod is bundled the same way, as tree-shaken `zod/mini` (its types still come from
 * the `zod` dependency).
 */
const byFormat = (options: Options): Options[] => [
  { ...options, format: ['esm'] },
  { ...options, format: ['cjs'] },
];

/** The entries that ship types, in both formats: they share one build, so the code they have in common is in the package once. */
const sdkEntries = { index: 'src/index.ts', random: 'src/random.ts', testing: 'src/testing.ts', cli: 'src/cli.ts' };

export default defineConfig([
  // One build for the root, random, testing and cli entries and the two bins (ESM only; each bin's
  // `#!/usr/bin/env node` is the first line of its source, and esbuild keeps an entry's hashbang):
  // the code they share is in the package once, in chunks each loads from the same files. The cli's
  // agent config is on zod/mini like the root's schemas, so no classic zod lands in a chunk the root
  // imports; yaml and dotenv stay imports of the cli's own chunks. `bella` loads each command's
  // chunks only when it runs; `bella-emulator` shares the testing entry's.
  // esbuild puts each source file in the chunk of the set of entries that reach it, so every entry
  // that reaches a different part of the root's files splits the root's code into one more chunk for
  // `import('@bella-baxter/sdk')` to load (measured: ~0.6 ms each). So the cli side imports the client
  // from the root entry (src/index.ts) and bella-emulator imports the testing entry: each then reaches
  // all of the root's (or testing's) files, and the root loads one small facade more than before
  // (index.js re-exporting a chunk), not a chunk per command.
  {
    ...common,
    entry: { ...sdkEntries, 'bin/bella': 'src/bin/bella.ts', 'bin/bella-emulator': 'src/bin/bella-emulator.ts' },
    format: ['esm'],
    dts: common.dts === false ? false : { entry: sdkEntries, compilerOptions: { stripInternal: true } },
    splitting: true,
    noExternal: ['zod', 'jose'],
  },
  {
    ...common,
    entry: sdkEntries,
    format: ['cjs'],
    splitting: true,
    noExternal: ['zod', 'jose'],
  },
  ...byFormat({
    ...common,
    // The webhooks entry runs in Lambda cold starts and edge runtimes: zod/mini is bundled in,
    // tree-shaken to what the contracts use, instead of loading the ~100 modules of the package
    // (about 60 ms of a Node cold start). Its types still come from the `zod` dependency.
    // The contracts get an internal entry of their own so that they (and the bundled zod) land in a
    // chunk: a bundler importing only verifyWebhookSignature drops that chunk whole (sideEffects: false).
    entry: { webhooks: 'src/webhooks.ts', 'internal/webhook-contracts': 'src/webhooks/contracts.ts' },
    splitting: true,
    noExternal: ['zod', 'jose'],
  }),
  // Shared idempotency stores: entries of their own, so `webhooks` stays dependency-free. Their
  // client libraries are optional peers (external): Redis is only typed, DynamoDB's SDK loads on first use.
  ...byFormat({
    ...common,
    entry: { 'idempotency/redis': 'src/idempotency/redis.ts', 'idempotency/dynamodb': 'src/idempotency/dynamodb.ts' },
    splitting: true,
  }),
]);
