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
    globalSetup: ['tests/globalSetup.ts'],
    setupFiles: ['tests/deterministicProperties.ts'],
  },
});
