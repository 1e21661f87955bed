import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Crash, fault and 100k-case fuzz runs take minutes: `npm run test:faults` (vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, 'tests/faults/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration tests each run a broker, SQLite and sometimes Chromium.
    maxWorkers: 2,
    // Each worker keeps the modules it has imported from one test file to the next instead of
    // importing the server, fastify, aedes and SQLite again for each of the 200 files: on
    // 2026-12-02 import time fell from 252 s to 56 s of worker time (of a 575 s run on an idle
    // machine) with every file passing. It holds because no test mocks modules or leaves fake
    // timers, spies or environment changes behind (tests/architecture/testIsolation.test.ts),
    // and while a stopped server leaves nothing reachable: a worker's heap is the sum of what its
    // files leave (tests/server/metrics.test.ts; 680 MB of stopped servers before 2026-12-03).
    // https://vitest.dev/config/#isolate
    isolate: false,
    globalSetup: ['tests/globalSetup.ts'],
    setupFiles: ['tests/deterministicProperties.ts'],
  },
});
