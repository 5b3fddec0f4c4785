import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the chaos run, the canary leak scan, the path-safety sweep and the
// fast-check properties (100k runs each under RELIABILITY=full). Kept out of the default `npm test`.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts', 'test/**/*.property.test.ts'],
    environment: 'node',
    // RELIABILITY=full runs 100k fast-check runs per property: minutes, not seconds.
    testTimeout: process.env.RELIABILITY === 'full' ? 3_600_000 : 120_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    // One file at a time: the chaos run's timings and heap figures must not share the CPU.
    fileParallelism: false,
  },
});
