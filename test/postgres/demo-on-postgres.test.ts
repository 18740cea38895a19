import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initCommand } from '../../src/cli/init-command.js';
import { checkDatasets } from '../../src/query/index.js';
import { openProject, type ProjectRuntime } from '../../src/runtime/open-project.js';
import { buildServer } from '../../src/server/build-server.js';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

let db: TestDatabase;
let root: string;
let runtime: ProjectRuntime;
const env = { ...process.env };

beforeAll(async () => {
  db = await createTestDatabase();
  root = mkdtempSync(join(tmpdir(), 'roundtrip-pg-demo-'));
  Object.assign(process.env, { PGHOST: db.host, PGPORT: String(db.port), PGDATABASE: db.database, PGUSER: db.user });
});
afterAll(async () => {
  await runtime?.close();
  await db?.drop();
  rmSync(root, { recursive: true, force: true });
  process.env = env;
});

it('scaffolds the demo on PostgreSQL, generates its data there and serves the budget app', async () => {
  const dir = initCommand(join(root, 'demo'), 'postgres');
  const config = readFileSync(join(dir, 'roundtrip.yaml'), 'utf8');
  expect(config).toMatch(/type: postgres/);
  expect(config).toMatch(/# Roundtrip demo project/);
  runtime = await openProject(dir, { dataDir: join(root, 'data') });
  const counts = await db.admin.query(
    'SELECT (SELECT count(*) FROM journal_lines) AS journals, (SELECT count(*) FROM budget_lines) AS budget, (SELECT count(*) FROM entities) AS entities',
  );
  expect(counts.rows[0]).toEqual({ journals: '1248000', budget: '19200', entities: '40' });
  expect(await checkDatasets(runtime.warehouse, runtime.current().apps.get('budget')!)).toEqual([]);

  const { app } = await buildServer(runtime, { logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const partner = await ApiClient.login(url, 'partner1');
    const lines = await partner.query('budget', 'budget_lines', { withTotal: true, limit: 1, sort: [{ column: 'line_id', direction: 'asc' }] });
    expect(lines.body.total).toBe(2400);
    const monthly = await partner.query('budget', 'monthly');
    expect(monthly.body.rows).toHaveLength(24);
    expect(monthly.body.rows[0].month).toBe('2025-01');
    const amount = lines.body.rows[0].amount as string;
    const write = await partner.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 1 }, set: { amount: '1000' }, expect: { amount } }],
    });
    expect(write.status).toBe(200);
  } finally {
    await app.close();
  }
}, 180_000);
