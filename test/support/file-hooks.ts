import { afterAll, expect } from 'vitest';
import { closeLeftoverServers } from './test-server.js';

// Runs in every test file (vitest.config.ts setupFiles), after the file's own hooks.
afterAll(async () => {
  const left = await closeLeftoverServers();
  if (left) console.warn(`${expect.getState().testPath ?? 'a test file'} left ${left} test server(s) open; closed them`);
});
