import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { watchProject, type ReloadOutcome } from '../../src/runtime/watch-project.js';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let client: ApiClient;
let stopWatching: () => void;
const outcomes: ReloadOutcome[] = [];

beforeAll(async () => {
  server = await startTestServer();
  client = await ApiClient.login(server.url, 'director');
  stopWatching = watchProject(server.runtime, (outcome) => outcomes.push(outcome), 50);
});
afterAll(async () => {
  stopWatching?.();
  await server?.close();
});

const appFile = () => join(server.projectDir, 'apps/budget.yaml');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held. */
async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}

const title = async () => (await client.request('GET', '/api/apps/budget')).body.title as string;

it('serves an edited app definition without a restart', async () => {
  expect(await title()).toBe('Budget');
  writeFileSync(appFile(), readFileSync(appFile(), 'utf8').replace(/^title: Budget$/m, 'title: Budget 2027'));
  // The new definition is served as soon as it is swapped in; the outcome is reported once the reload (and its audit row) finished.
  expect(await eventually(async () => (await title()) === 'Budget 2027' && outcomes.at(-1)?.ok === true)).toBe(true);
  expect(outcomes.at(-1)).toEqual({ ok: true });
  const apps = await client.request('GET', '/api/apps');
  expect(apps.body.apps.find((a: { name: string }) => a.name === 'budget')).toEqual(expect.objectContaining({ title: 'Budget 2027' }));
});

it('keeps serving the previous definition after an invalid edit, and reports it', async () => {
  const valid = readFileSync(appFile(), 'utf8');
  const failuresBefore = outcomes.filter((o) => !o.ok).length;
  writeFileSync(appFile(), valid.replace(/^title: Budget 2027$/m, 'title: Budget broken\ncolour: red'));
  expect(await eventually(() => outcomes.filter((o) => !o.ok).length > failuresBefore)).toBe(true);
  const failure = outcomes.filter((o) => !o.ok).at(-1)!;
  expect(failure.error).toMatchObject({ code: 'CFG_INVALID', message: expect.stringContaining('apps/budget.yaml') });

  expect(await title()).toBe('Budget 2027');
  const rows = await client.query('budget', 'budget_lines', { limit: 1 });
  expect(rows.status).toBe(200);

  writeFileSync(appFile(), valid.replace(/^title: Budget 2027$/m, 'title: Budget fixed'));
  expect(await eventually(async () => (await title()) === 'Budget fixed')).toBe(true);
});

it('keeps serving the previous definition when an edit names a table the warehouse lacks', async () => {
  const valid = readFileSync(appFile(), 'utf8');
  const failuresBefore = outcomes.filter((o) => !o.ok).length;
  writeFileSync(
    appFile(),
    valid.replace(/^title: Budget fixed$/m, 'title: Budget mismatched').replace('  account_pl_map:\n', '  account_pl_map:\n    table: no_such_table\n'),
  );
  expect(await eventually(() => outcomes.filter((o) => !o.ok).length > failuresBefore)).toBe(true);
  expect(outcomes.filter((o) => !o.ok).at(-1)!.error).toMatchObject({ code: 'CFG_CATALOG_MISMATCH' });
  expect(await title()).toBe('Budget fixed');
});
