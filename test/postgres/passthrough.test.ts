import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/index.js';
import { identityWriteBatcherOf } from '../../src/writeback/identity-write-batcher.js';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createGuardedBudget, writeGuardedProject } from './fixture.js';

let db: TestDatabase;
let server: TestServer;
let partner: ApiClient;
let partner2: ApiClient;
let director: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  await createGuardedBudget(db);
  server = await startTestServer({ projectDir: await writeGuardedProject(db) });
  partner = await ApiClient.login(server.url, 'partner1');
  partner2 = await ApiClient.login(server.url, 'partner2');
  director = await ApiClient.login(server.url, 'director');
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const amountOf = async (lineId: number) => String((await db.admin.query('SELECT amount FROM budget_lines WHERE line_id = $1', [lineId])).rows[0].amount);
const auditCount = async () => Number((await db.admin.query('SELECT count(*) AS n FROM roundtrip_audit.cell_changes')).rows[0].n);
const update = (lineId: number, set: Record<string, unknown>, expect: Record<string, unknown>) => ({
  changes: [{ op: 'update', key: { line_id: lineId }, set, expect }],
});

describe('identity passthrough on PostgreSQL', () => {
  it("runs the write under the user's database role with their claims", async () => {
    const response = await partner.changeset('budget', 'budget_lines', update(10, { amount: '1500' }, { amount: await amountOf(10) }));
    expect(response.status).toBe(200);
    const { rows } = await db.admin.query('SELECT db_role, claim_sub, claim_entities, user_setting FROM write_log WHERE line_id = 10');
    expect(rows).toEqual([{ db_role: 'rt_partner', claim_sub: 'partner1', claim_entities: '["E01", "E02"]', user_setting: 'partner1' }]);
    const audit = await db.admin.query(`SELECT old_value, new_value FROM roundtrip_audit.cell_changes WHERE row_key = '{"line_id":10}'`);
    expect(audit.rows).toEqual([{ old_value: '1010.00', new_value: '1500.00' }]);
  });

  it('sends a single-cell write and its audit rows to the database in one round trip, role switch included', async () => {
    const driver = server.runtime.warehouse;
    const calls: string[] = [];
    const original = { query: driver.query, transaction: driver.transaction, writeAs: driver.writeAs };
    const amount = await amountOf(12);
    // Earlier writes are sealed into the audit chain first; sealing this one starts only after it committed.
    await server.runtime.sealer.flush();
    driver.query = (...args) => (calls.push('query'), original.query.apply(driver, args));
    driver.transaction = (...args) => (calls.push('transaction'), original.transaction.apply(driver, args as never)) as never;
    driver.writeAs = (...args) => (calls.push('writeAs'), original.writeAs!.apply(driver, args));
    try {
      const response = await partner.changeset('budget', 'budget_lines', update(12, { amount: '1212' }, { amount }));
      expect(response.status).toBe(200);
    } finally {
      Object.assign(driver, original);
    }
    expect(calls.slice(0, calls.indexOf('writeAs') + 1)).toEqual(['writeAs']);
    const { rows } = await db.admin.query('SELECT db_role, claim_sub FROM write_log WHERE line_id = 12');
    expect(rows).toEqual([{ db_role: 'rt_partner', claim_sub: 'partner1' }]);
    expect(await auditCount()).toBeGreaterThan(0);
  });

  it('refuses a column the database does not grant, though Roundtrip allows it: 403, nothing written, no audit row', async () => {
    const before = await auditCount();
    const response = await partner.changeset('budget', 'budget_lines', update(11, { comment: 'not granted' }, { comment: null }));
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_WAREHOUSE_DENIED');
    expect(response.body.error.message).toMatch(/lacks a privilege/);
    expect(response.body.error.message).not.toMatch(/permission denied/);
    const { rows } = await db.admin.query('SELECT comment FROM budget_lines WHERE line_id = 11');
    expect(rows[0].comment).toBeNull();
    expect(await auditCount()).toBe(before);
  });

  it("refuses a row the database's row-level security protects, though Roundtrip allows it", async () => {
    const before = await auditCount();
    const amount = await amountOf(3);
    const response = await partner.changeset('budget', 'budget_lines', update(3, { amount: '1' }, { amount }));
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_WAREHOUSE_DENIED');
    expect(await amountOf(3)).toBe(amount);
    expect(await auditCount()).toBe(before);
  });

  it("refuses an insert the database's WITH CHECK policy rejects, and accepts one it allows", async () => {
    const before = await auditCount();
    const refused = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'insert', values: { line_id: 500, entity_id: 'E99', amount: '1' } }],
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('GOV_WAREHOUSE_DENIED');
    expect((await db.admin.query('SELECT count(*) AS n FROM budget_lines WHERE line_id = 500')).rows[0].n).toBe('0');
    expect(await auditCount()).toBe(before);
    const allowed = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'insert', values: { line_id: 501, entity_id: 'E03', amount: '1' } }],
    });
    expect(allowed.status).toBe(200);
    const { rows } = await db.admin.query('SELECT db_role FROM write_log WHERE line_id = 501');
    expect(rows).toEqual([{ db_role: 'rt_director' }]);
  });

  it("still applies Roundtrip's own row policy inside the statement: another entity is refused", async () => {
    const amount = await amountOf(120);
    const response = await partner.changeset('budget', 'budget_lines', update(120, { amount: '7' }, { amount }));
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_FORBIDDEN_ROW');
    expect(await amountOf(120)).toBe(amount);
  });

  it('reports a stale edit as a conflict with who changed the cell', async () => {
    const amount = await amountOf(20);
    expect((await director.changeset('budget', 'budget_lines', update(20, { amount: '2222' }, { amount }))).status).toBe(200);
    const stale = await partner.changeset('budget', 'budget_lines', update(20, { amount: '3333' }, { amount }));
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.conflicts[0]).toMatchObject({ column: 'amount', actual: '2222.00', changedBy: 'director' });
  });

  it('lets concurrent writes of several users share calls, each under its own role and claims, each applied or refused on its own', async () => {
    const batcher = identityWriteBatcherOf(server.runtime.warehouse);
    const before = { ...batcher.stats };
    const auditBefore = await auditCount();
    const own = [
      ...Array.from({ length: 10 }, (_, i) => ({ client: partner, line: 31 + i })),
      ...Array.from({ length: 10 }, (_, i) => ({ client: partner2, line: 101 + i })),
    ];
    const amounts = new Map(await Promise.all([...own.map((w) => w.line), 53, 21].map(async (line) => [line, await amountOf(line)] as const)));
    // The database holds the writes behind a table lock until all of them are sent, as a busy database
    // would: however the requests happen to arrive, writes queue behind the calls waiting on it.
    const locker = await db.admin.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE budget_lines IN SHARE ROW EXCLUSIVE MODE');
    const burst = Promise.all([
      ...own.map(({ client, line }) =>
        client.changeset('budget', 'budget_lines', update(line, { amount: String(5000 + line) }, { amount: amounts.get(line) })),
      ),
      // Locked: the database's row-level security hides it from the partner's role.
      partner2.changeset('budget', 'budget_lines', update(53, { amount: '1' }, { amount: amounts.get(53) })),
      // E01 is not partner2's: Roundtrip's own row policy, inside the statement.
      partner2.changeset('budget', 'budget_lines', update(21, { amount: '1' }, { amount: amounts.get(21) })),
    ]);
    try {
      await expect.poll(() => batcher.stats.writes - before.writes, { timeout: 30_000 }).toBe(22);
    } finally {
      await locker.query('COMMIT');
      locker.release();
    }
    const responses = await burst;
    expect(responses.map((r) => r.status)).toEqual([...own.map(() => 200), 403, 403]);
    expect(responses.at(-2)!.body.error.code).toBe('GOV_WAREHOUSE_DENIED');
    expect(responses.at(-1)!.body.error.code).toBe('GOV_FORBIDDEN_ROW');
    const writes = batcher.stats.writes - before.writes;
    expect(writes).toBe(22);
    expect(batcher.stats.statements - before.statements).toBeLessThan(writes);
    const { rows } = await db.admin.query(
      'SELECT line_id, db_role, claim_sub, claim_entities, user_setting FROM write_log WHERE line_id = ANY($1) ORDER BY line_id',
      [[...own.map((w) => w.line), 53, 21]],
    );
    expect(rows).toEqual(
      own.map(({ client, line }) => {
        const user = client === partner ? 'partner1' : 'partner2';
        return {
          line_id: line,
          db_role: 'rt_partner',
          claim_sub: user,
          claim_entities: client === partner ? '["E01", "E02"]' : '["E02", "E03"]',
          user_setting: user,
        };
      }),
    );
    for (const { line } of own) expect(await amountOf(line)).toBe(`${5000 + line}.00`);
    expect(await amountOf(53)).toBe(amounts.get(53));
    expect(await auditCount()).toBe(auditBefore + own.length);
  });

  it('runs several writes in one call all or nothing: one failing write leaves none applied', async () => {
    const driver = server.runtime.warehouse;
    const identity = (user: string) => ({ role: 'rt_director', settings: { 'roundtrip.claims': JSON.stringify({ sub: user }), 'roundtrip.user_id': user } });
    const statement = (amount: string | null, line: number) => ({
      sql: 'UPDATE budget_lines SET amount = CAST($1 AS NUMERIC(18,2)) WHERE line_id = $2 RETURNING line_id',
      params: [amount, line],
    });
    const columns = [{ name: 'line_id', type: 'integer' }];
    const [a, b] = [await amountOf(111), await amountOf(112)];
    // The second violates NOT NULL: the call fails and the first write is not kept.
    const failed = await driver.writeAs!(
      [
        { identity: identity('d1'), statement: statement('7', 111) },
        { identity: identity('d2'), statement: statement(null, 112) },
      ],
      columns,
    ).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect([await amountOf(111), await amountOf(112)]).toEqual([a, b]);
    const done = await driver.writeAs!(
      [
        { identity: identity('d1'), statement: statement('7', 111) },
        { identity: identity('d2'), statement: statement('8', 112) },
      ],
      columns,
    );
    expect(done.rows).toEqual([{ line_id: 111 }, { line_id: 112 }]);
    const { rows } = await db.admin.query('SELECT line_id, user_setting FROM write_log WHERE line_id IN (111, 112) ORDER BY line_id');
    expect(rows).toEqual([
      { line_id: 111, user_setting: 'd1' },
      { line_id: 112, user_setting: 'd2' },
    ]);
  });

  it('runs writes whose parameters are lists themselves one call each, in one transaction: all or nothing too', async () => {
    const driver = server.runtime.warehouse;
    const identity = { role: 'rt_director', settings: { 'roundtrip.claims': '{"sub":"d3"}', 'roundtrip.user_id': 'd3' } };
    const statement = (amount: string | null, line: number) => ({
      sql: 'UPDATE budget_lines SET amount = CAST($1 AS NUMERIC(18,2)) WHERE line_id = ANY($2::integer[]) RETURNING line_id',
      params: [amount, [line]],
    });
    const columns = [{ name: 'line_id', type: 'integer' }];
    const [a, b] = [await amountOf(113), await amountOf(114)];
    const failed = await driver.writeAs!(
      [
        { identity, statement: statement('9', 113) },
        { identity, statement: statement(null, 114) },
      ],
      columns,
    ).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect([await amountOf(113), await amountOf(114)]).toEqual([a, b]);
    const done = await driver.writeAs!(
      [
        { identity, statement: statement('9', 113) },
        { identity, statement: statement('10', 114) },
      ],
      columns,
    );
    expect(done.rows).toEqual([{ line_id: 113 }, { line_id: 114 }]);
    expect([await amountOf(113), await amountOf(114)]).toEqual(['9.00', '10.00']);
  });

  it("reads datasets as the user's role too", async () => {
    const response = await partner.query('budget', 'budget_lines', { filters: [{ column: 'line_id', op: 'eq', value: 1 }] });
    expect(response.status).toBe(200);
    expect(response.body.rows).toEqual([{ line_id: 1, entity_id: 'E01', amount: '1001.00', comment: null }]);
  });
});

describe('PostgreSQL introspection', () => {
  it('reads keys, column grants, check constraints, foreign keys and row-level security', async () => {
    await db.admin.query(`CREATE TABLE plan_notes (note_id INTEGER PRIMARY KEY, line_id INTEGER REFERENCES budget_lines (line_id),
      score INTEGER CONSTRAINT score_range CHECK (score BETWEEN 1 AND 5))`);
    const catalog = await server.runtime.warehouse.introspect();
    const budget = catalog.tables.find((t) => t.name === 'budget_lines')!;
    expect(budget.primaryKey).toEqual(['line_id']);
    expect(budget.rowLevelSecurity).toBe(true);
    const amount = budget.columns.find((c) => c.name === 'amount')!;
    expect(amount.type).toBe('NUMERIC(18,2)');
    expect(amount.privileges).toEqual(
      expect.arrayContaining([
        { grantee: 'rt_partner', privilege: 'UPDATE' },
        { grantee: 'rt_director', privilege: 'UPDATE' },
      ]),
    );
    expect(budget.columns.find((c) => c.name === 'comment')!.privileges).not.toContainEqual({ grantee: 'rt_partner', privilege: 'UPDATE' });
    const notes = catalog.tables.find((t) => t.name === 'plan_notes')!;
    expect(notes.foreignKeys).toEqual([
      { name: 'plan_notes_line_id_fkey', columns: ['line_id'], references: { schema: 'public', table: 'budget_lines', columns: ['line_id'] } },
    ]);
    expect(notes.checks).toEqual([{ name: 'score_range', definition: 'CHECK (((score >= 1) AND (score <= 5)))' }]);
  });
});
