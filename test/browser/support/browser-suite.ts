import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';
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
