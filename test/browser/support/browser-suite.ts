import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, TEST_WEB_DIR, type TestServer } from '../../support/test-server.js';
import { assertBrowserReady, browserSessions, type BrowserSessions } from './chromium.js';

/**
 * The hooks every browser suite of the demo needs, registered in the calling
 * `describe`: the browser and built UI checked, the screenshot folder made,
 * a demo server started before and everything closed after.
 */
export function useBrowserSuite(options: { shots?: string } = {}): { server: () => TestServer; sessions: BrowserSessions } {
  let server: TestServer | undefined;
  const sessions = browserSessions();
  beforeAll(async () => {
    await assertBrowserReady();
    if (!existsSync(join(TEST_WEB_DIR, 'index.html'))) throw new Error('dist/web-test is missing; run `npm run build:web:test` first');
    if (options.shots) mkdirSync(options.shots, { recursive: true });
    server = await startTestServer();
  }, 120_000);
  afterAll(async () => {
    await sessions.closeAll();
    await server?.close();
  });
  return {
    server: () => {
      if (!server) throw new Error("the browser suite's server did not start");
      return server;
    },
    sessions,
  };
}
