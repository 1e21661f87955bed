import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: kill -9 of the real server, broker restarts, storage faults, a slow
 * subscriber and the fixed-count fuzz runs. Slower than `npm test`; `.ci/run` runs both.
 */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    // Two cores: each file runs a server, and the crash test restarts one in a child process.
    maxWorkers: 2,
    globalSetup: ['tests/globalSetup.ts'],
    setupFiles: ['tests/deterministicProperties.ts'],
  },
});
