import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { openEventStream } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createGuardedBudget, writeGuardedProject } from './fixture.js';

let db: TestDatabase;
let serverA: TestServer;
let serverB: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await createGuardedBudget(db);
  const projectDir = await writeGuardedProject(db, { systemStore: 'postgres' });
  serverA = await startTestServer({ projectDir });
  serverB = await startTestServer({ projectDir });
});
afterAll(async () => {
  await serverA?.close();
  await serverB?.close();
  await db?.drop();
});

it('shares sessions between two servers on one PostgreSQL system store', async () => {
  const onA = await ApiClient.login(serverA.url, 'partner1');
  const onB = new ApiClient(serverB.url);
  onB.cookie = onA.cookie;
  onB.csrfToken = onA.csrfToken;
  const me = await onB.request('GET', '/api/auth/me');
  expect(me.status).toBe(200);
  expect(me.body.user.username).toBe('partner1');
  const write = await onB.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key: { line_id: 30 }, set: { amount: '31' }, expect: { amount: '1030' } }] });
  expect(write.status).toBe(200);
});

it('delivers a write made through server A to an SSE client of server B', async () => {
  const watcher = await ApiClient.login(serverB.url, 'director');
  const events = await openEventStream(serverB.url, watcher.cookie);
  try {
    const writer = await ApiClient.login(serverA.url, 'partner1');
    const write = await writer.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key: { line_id: 31 }, set: { amount: '32' }, expect: { amount: '1031' } }] });
    expect(write.status).toBe(200);
    const event = await events.waitFor((e) => e.event === 'change', 5000);
    expect(event.data).toEqual({ app: 'budget', table: 'budget_lines', keys: [{ line_id: 31 }], changesetId: write.body.changesetId, user: 'partner1' });
  } finally {
    events.close();
  }
});
