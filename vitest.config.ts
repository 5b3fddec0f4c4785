import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite is long: `npm run test:reliability` (test/reliability/vitest.config.ts) runs it.
    exclude: ['test/reliability/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    restoreMocks: true,
    setupFiles: ['test/support/quiet-sdk-logs.ts'],
  },
});
