import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time: most of a file's time is waiting on its server, PostgreSQL or Chromium,
    // so on a 2-core machine the tests take 19–20 minutes instead of 24, and every suite passes so.
    maxWorkers: 2,
  },
});
