import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/longest-first.js';

const BROWSER = 'test/browser/**/*.test.ts';
/** Cloud accounts: only `npm run test:live -- --engine <name>` runs these (scripts/test-live.ts). */
const LIVE = 'test/live/**/*.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['./test/support/global-setup.ts'],
    setupFiles: ['./test/support/file-hooks.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        // Servers, warehouses and CLIs: two files at a time. A worker process runs file after file (isolate: false):
        // a fresh process per file spent minutes of the run importing the same modules again.
        extends: true,
        test: {
          name: 'core',
          include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: process.env.ROUNDTRIP_LIVE_ENGINE ? [BROWSER] : [BROWSER, LIVE],
          maxWorkers: 2,
          isolate: false,
        },
      },
      {
        // Real Chromium typing at full speed: one browser at a time, after the rest, so no other file competes for the CPU.
        extends: true,
        test: { name: 'browser', include: [BROWSER], maxWorkers: 1, isolate: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
