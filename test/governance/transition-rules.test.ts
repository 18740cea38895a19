import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hashPassword } from '../../src/governance/passwords.js';
import { ApiClient } from '../support/api-client.js';
import { FIXTURE_PASSWORD, writeProject, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let fixture: FixtureProject;
let server: TestServer;
let clerk: ApiClient;

beforeAll(async () => {
  fixture = writeProject({
    'roundtrip.yaml': stringify({
      name: 'Transitions',
      seed: { whenMissing: 'requests', scripts: ['seed.sql'] },
      roles: { clerk: {} },
      users: [{ username: 'clerk', passwordHash: await hashPassword(FIXTURE_PASSWORD), roles: ['clerk'] }],
    }),
    'seed.sql': `CREATE TABLE requests (id INTEGER PRIMARY KEY, status VARCHAR NOT NULL, amount DECIMAL(12,2) NOT NULL);
INSERT INTO requests VALUES (1, 'draft', 10), (2, 'submitted', 20), (3, 'draft', 30);`,
    'apps/requests.yaml': stringify({
      title: 'Requests',
      roles: ['clerk'],
      tables: {
        requests: {
          key: ['id'],
          write: [{ roles: ['clerk'], operations: ['insert', 'update'], columns: ['id', 'status', 'amount'] }],
          rules: [
            { column: 'status', allowed: ['draft', 'submitted', 'approved'] },
            {
              name: 'status_flow',
              column: 'status',
              check: 'old == null ? row.status == "draft" : (row.status == old.status || (old.status == "draft" && row.status == "submitted"))',
              message: 'Status may only go from draft to submitted; new requests start as draft.',
            },
            {
              name: 'frozen_after_submit',
              column: 'amount',
              check: 'old == null || old.status == "draft" || row.amount == old.amount',
              message: 'The amount is frozen once submitted.',
            },
          ],
        },
      },
      pages: [{ id: 'main', title: 'Requests', blocks: [{ id: 'grid', type: 'grid', table: 'requests' }] }],
    }),
  });
  server = await startTestServer({ projectDir: fixture.dir });
  clerk = await ApiClient.login(server.url, 'clerk', FIXTURE_PASSWORD);
});
afterAll(async () => {
  await server?.close();
  fixture?.remove();
});

const update = (id: number, set: Record<string, unknown>, expect: Record<string, unknown>) =>
  clerk.changeset('requests', 'requests', { changes: [{ op: 'update', key: { id }, set, expect }] });

describe('rules comparing old and new values', () => {
  it('allows draft → submitted', async () => {
    expect((await update(1, { status: 'submitted' }, { status: 'draft' })).status).toBe(200);
  });

  it("refuses submitted → draft with the rule's own message, writing nothing", async () => {
    const response = await update(2, { status: 'draft' }, { status: 'submitted' });
    expect(response.status).toBe(422);
    expect(response.body.error.details.issues).toEqual([
      {
        changeIndex: 0,
        key: { id: 2 },
        column: 'status',
        rule: 'status_flow',
        message: 'Status may only go from draft to submitted; new requests start as draft.',
      },
    ]);
    const { rows } = await server.runtime.warehouse.query('SELECT status FROM requests WHERE id = 2');
    expect(rows[0]!.status).toBe('submitted');
  });

  it('freezes a column once the row left draft, and checks inserts against old == null', async () => {
    expect((await update(2, { amount: '21' }, { amount: '20.00' })).body.error.details.issues[0].rule).toBe('frozen_after_submit');
    expect((await update(3, { amount: '31' }, { amount: '30.00' })).status).toBe(200);
    const insertApproved = await clerk.changeset('requests', 'requests', { changes: [{ op: 'insert', values: { id: 4, status: 'approved', amount: '1' } }] });
    expect(insertApproved.body.error.details.issues[0].rule).toBe('status_flow');
    const insertDraft = await clerk.changeset('requests', 'requests', { changes: [{ op: 'insert', values: { id: 4, status: 'draft', amount: '1' } }] });
    expect(insertDraft.status).toBe(200);
  });
});
