import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The demo's apps (and the built-in activity app) are one set of definitions for every warehouse:
// each dataset runs on each engine with its default parameters, and answers the same columns.

describe.each(ENGINES)('the demo datasets on $name', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine });
  }, 120_000);
  afterAll(() => server?.close());

  it('runs every dataset of every app with its defaults and answers its columns', async () => {
    const admin = await ApiClient.login(server.url, 'admin');
    const failures: string[] = [];
    let count = 0;
    for (const [name, app] of server.runtime.current().apps) {
      for (const dataset of Object.keys(app.config.datasets ?? {})) {
        count += 1;
        const answer = await admin.request('POST', `/api/apps/${name}/datasets/${dataset}/query`, {});
        if (answer.status !== 200) failures.push(`${name}.${dataset}: ${answer.status} ${answer.body?.error?.code}`);
        else if (!Array.isArray(answer.body.columns) || answer.body.columns.length === 0) failures.push(`${name}.${dataset}: no columns`);
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(30);
  }, 120_000);
});
