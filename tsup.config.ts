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

export default defineConfig([
  ...byFormat({
    ...common,
    entry: { index: 'src/index.ts', random: 'src/random.ts', testing: 'src/testing.ts' },
    splitting: true,
    noExternal: ['zod', 'jose'],
  }),
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
  // The cli entry is a build of its own: its agent config uses classic zod, whose whole core (every
  // locale) would otherwise land in the chunk the root entry shares with it (~700 KB imported by
  // `@bella-baxter/sdk`). zod stays external here (a dependency); jose is bundled (it is not one).
  ...byFormat({
    ...common,
    entry: { cli: 'src/cli.ts' },
    splitting: true,
    noExternal: ['jose'],
  }),
  // Shared idempotency stores: entries of their own, so `webhooks` stays dependency-free. Their
  // client libraries are optional peers (external): Redis is only typed, DynamoDB's SDK loads on first use.
  ...byFormat({
    ...common,
    entry: { 'idempotency/redis': 'src/idempotency/redis.ts', 'idempotency/dynamodb': 'src/idempotency/dynamodb.ts' },
    splitting: true,
  }),
  {
    ...common,
    entry: { 'bin/bella-emulator': 'src/bin/bella-emulator.ts' },
    format: ['esm'],
    dts: false,
    splitting: false,
    // zod stays a dependency here (a bin's start-up is not the root entry's); jose is not one.
    noExternal: ['jose'],
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    // `bella`: each command is its own chunk, loaded only when run.
    entry: { 'bin/bella': 'src/bin/bella.ts' },
    format: ['esm'],
    dts: false,
    splitting: true,
    noExternal: ['jose'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
