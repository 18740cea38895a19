import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/governance/audit/index.js';
import { hashPassword } from '../../src/governance/passwords.js';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Single-row updates under the service identity on PostgreSQL run as ONE
 * statement (guarded UPDATE + changeset + cell rows in data-modifying CTEs,
 * cross-field rules compiled into the guard). These tests hold that path to
 * the same answers as the transaction path: refusals write nothing and audit
 * nothing, and the changesets are sealed into the hash chain afterwards.
 */
let db: TestDatabase;
let dir: string;
let server: TestServer;
let director: ApiClient;
let partner: ApiClient;
const statements: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await db.admin.query(`
    CREATE TABLE budget_lines (line_id INTEGER PRIMARY KEY, entity_id VARCHAR(10) NOT NULL, amount NUMERIC(18,2) NOT NULL, comment VARCHAR(500));
    INSERT INTO budget_lines SELECT i, CASE WHEN i <= 50 THEN 'E01' ELSE 'E02' END, 1000 + i, NULL FROM generate_series(1, 100) i;
    CREATE TABLE forecasts (id INTEGER PRIMARY KEY, value NUMERIC(18,2) NOT NULL, note VARCHAR(200));
    INSERT INTO forecasts SELECT i, 10 * i, NULL FROM generate_series(1, 10) i;
    CREATE TABLE write_log (line_id INTEGER, amount NUMERIC(18,2));
    CREATE FUNCTION log_write() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN INSERT INTO write_log VALUES (NEW.line_id, NEW.amount); RETURN NEW; END $f$;
    CREATE TRIGGER budget_lines_log AFTER UPDATE ON budget_lines FOR EACH ROW EXECUTE FUNCTION log_write();`);
  dir = mkdtempSync(join(tmpdir(), 'roundtrip-pg-one-statement-'));
  mkdirSync(join(dir, 'apps'));
  const hash = await hashPassword('demo');
  writeFileSync(
    join(dir, 'roundtrip.yaml'),
    `name: One-statement writes
warehouse: { type: postgres, host: ${db.host}, port: ${db.port}, database: ${db.database}, user: ${db.user} }
systemStore: { type: duckdb, path: system.duckdb }
roles: { finance_partner: {}, finance_director: {} }
users:
  - { username: partner1, passwordHash: "${hash}", roles: [finance_partner], attributes: { entities: [E01] } }
  - { username: director, passwordHash: "${hash}", roles: [finance_director] }
`,
  );
  writeFileSync(
    join(dir, 'apps', 'budget.yaml'),
    `title: Budget
roles: [finance_partner, finance_director]
tables:
  budget_lines:
    key: [line_id]
    columns: [line_id, entity_id, amount, comment]
    write:
      - { roles: [finance_partner], operations: [update], columns: [amount, comment], rows: row.entity_id in user.entities }
      - { roles: [finance_director], operations: [insert, update, delete], columns: [line_id, entity_id, amount, comment] }
    rules:
      - name: large_needs_comment
        column: comment
        check: row.amount <= 5000.0 || (row.comment != null && row.comment != "")
        message: Amounts above 5,000 need a comment.
      - name: small_steps
        column: amount
        check: row.amount - old.amount <= 100000.0
        message: An amount may grow by at most 100,000 at a time.
  forecasts:
    key: [id]
    columns: [id, value, note]
    write:
      - { roles: [finance_director], operations: [update], columns: [value, note] }
    rules:
      - name: short_note
        column: note
        check: row.note == null || size(row.note) <= 10
        message: Notes are at most 10 characters.
pages:
  - id: main
    title: Budget
    blocks:
      - { id: grid, type: grid, table: budget_lines }
`,
  );
  server = await startTestServer({ projectDir: dir });
  const warehouse = server.runtime.warehouse;
  const query = warehouse.query.bind(warehouse);
  warehouse.query = (text, params, options) => {
    statements.push(text);
    return query(text, params, options);
  };
  director = await ApiClient.login(server.url, 'director');
  partner = await ApiClient.login(server.url, 'partner1');
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const row = async (lineId: number) => (await db.admin.query('SELECT amount::text AS amount, comment FROM budget_lines WHERE line_id = $1', [lineId])).rows[0];
const counts = async () => ({
  changesets: (await db.admin.query('SELECT count(*)::int AS n FROM roundtrip_audit.changesets')).rows[0].n as number,
  cells: (await db.admin.query('SELECT count(*)::int AS n FROM roundtrip_audit.cell_changes')).rows[0].n as number,
  log: (await db.admin.query('SELECT count(*)::int AS n FROM write_log')).rows[0].n as number,
});
/** Runs `work` and tells whether a statement both updated the table and inserted the audit changeset. */
async function oneStatement<T>(work: () => Promise<T>): Promise<{ result: T; fused: number }> {
  statements.length = 0;
  const result = await work();
  const fused = statements.filter(
    (s) => /UPDATE "public"\."budget_lines"|UPDATE "budget_lines"|UPDATE "public"\."forecasts"|UPDATE "forecasts"/.test(s) && s.includes('"changesets"'),
  ).length;
  return { result, fused };
}
const update = (lineId: number, set: Record<string, unknown>, expect: Record<string, unknown>) => ({
  changes: [{ op: 'update', key: { line_id: lineId }, set, expect }],
});

describe('single-row updates as one statement on PostgreSQL', () => {
  it('writes the cell, its changeset and cell rows in one statement, sealed into the chain right after', async () => {
    const before = await counts();
    const { result, fused } = await oneStatement(() =>
      director.changeset('budget', 'budget_lines', { ...update(1, { amount: '1500' }, { amount: '1001.00' }), reason: 'plan' }),
    );
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(fused).toBe(1);
    expect(await row(1)).toEqual({ amount: '1500.00', comment: null });
    expect(await counts()).toEqual({ changesets: before.changesets + 1, cells: before.cells + 1, log: before.log + 1 });
    const { rows } = await db.admin.query(
      `SELECT c.username, c.reason, c.updated, cc.row_key, cc.column_name, cc.old_value, cc.new_value
         FROM roundtrip_audit.changesets c JOIN roundtrip_audit.cell_changes cc USING (changeset_id) WHERE c.changeset_id = $1`,
      [result.body.changesetId],
    );
    expect(rows).toEqual([
      { username: 'director', reason: 'plan', updated: 1, row_key: '{"line_id":1}', column_name: 'amount', old_value: '1001.00', new_value: '1500.00' },
    ]);
    await server.runtime.sealer.flush();
    const sealed = await db.admin.query('SELECT seq, hash FROM roundtrip_audit.changesets WHERE changeset_id = $1', [result.body.changesetId]);
    expect(sealed.rows[0].seq).not.toBeNull();
    expect(await verifyAuditChain(server.runtime.warehouse, server.runtime.warehouse.dialect, 'roundtrip_audit')).toEqual({
      checked: before.changesets + 1,
      problems: [],
    });
  });

  it('refuses a row breaking a cross-field rule in SQL: 422 with the rule, nothing written, nothing audited', async () => {
    const before = await counts();
    const { result, fused } = await oneStatement(() => director.changeset('budget', 'budget_lines', update(2, { amount: '9000' }, { amount: '1002.00' })));
    expect(fused).toBe(1);
    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(result.body.error.code).toBe('WB_VALIDATION');
    expect(result.body.error.details.issues).toEqual([
      expect.objectContaining({ rule: 'large_needs_comment', column: 'comment', message: 'Amounts above 5,000 need a comment.' }),
    ]);
    expect(await row(2)).toEqual({ amount: '1002.00', comment: null });
    expect(await counts()).toEqual(before);
    // With the comment the same value passes.
    const ok = await director.changeset('budget', 'budget_lines', update(2, { amount: '9000', comment: 'campaign' }, { amount: '1002.00', comment: null }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await row(2)).toEqual({ amount: '9000.00', comment: 'campaign' });
  });

  it('compares old and new values in SQL (old.*)', async () => {
    const before = await counts();
    const refused = await director.changeset('budget', 'budget_lines', update(3, { amount: '200000', comment: 'jump' }, { amount: '1003.00', comment: null }));
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.details.issues).toEqual([expect.objectContaining({ rule: 'small_steps' })]);
    expect(await counts()).toEqual(before);
    expect(await row(3)).toEqual({ amount: '1003.00', comment: null });
  });

  it('answers a stale expected value with 409 naming who changed it, and a foreign row with 403, writing nothing', async () => {
    await director.changeset('budget', 'budget_lines', update(4, { amount: '1100' }, { amount: '1004.00' }));
    const before = await counts();
    const stale = await partner.changeset('budget', 'budget_lines', update(4, { amount: '1200' }, { amount: '1004.00' }));
    expect(stale.status, JSON.stringify(stale.body)).toBe(409);
    expect(stale.body.error.code).toBe('WB_CONFLICT');
    expect(stale.body.error.details.conflicts).toEqual([
      expect.objectContaining({ column: 'amount', expected: '1004.00', actual: '1100.00', changedBy: 'director' }),
    ]);
    const foreign = await partner.changeset('budget', 'budget_lines', update(60, { amount: '1' }, { amount: '1060.00' }));
    expect(foreign.status, JSON.stringify(foreign.body)).toBe(403);
    expect(foreign.body.error.code).toBe('GOV_FORBIDDEN_ROW');
    const missing = await director.changeset('budget', 'budget_lines', update(999, { amount: '2' }, { amount: '1.00' }));
    expect(missing.status, JSON.stringify(missing.body)).toBe(404);
    expect(missing.body.error.code).toBe('ROW_NOT_FOUND');
    expect(await counts()).toEqual(before);
    expect(await row(60)).toEqual({ amount: '1060.00', comment: null });
  });

  it('replays an idempotent retry instead of writing twice', async () => {
    const before = await counts();
    const body = { ...update(5, { amount: '1105' }, { amount: '1005.00' }), idempotencyKey: 'retry-5' };
    const first = await director.changeset('budget', 'budget_lines', body);
    const second = await director.changeset('budget', 'budget_lines', body);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual({ changesetId: first.body.changesetId, applied: 1, replayed: true });
    expect((await counts()).changesets).toBe(before.changesets + 1);
  });

  it('takes the transaction path for several changes and for rules SQL cannot run, with the same guarantees', async () => {
    const several = await oneStatement(() =>
      director.changeset('budget', 'budget_lines', {
        changes: [...update(6, { amount: '1' }, { amount: '1006.00' }).changes, ...update(7, { amount: '2' }, { amount: '1007.00' }).changes],
      }),
    );
    expect(several.result.status, JSON.stringify(several.result.body)).toBe(200);
    expect(several.fused).toBe(0);
    expect([await row(6), await row(7)]).toEqual([
      { amount: '1.00', comment: null },
      { amount: '2.00', comment: null },
    ]);

    const before = await counts();
    const change = (note: string) => ({ changes: [{ op: 'update', key: { id: 1 }, set: { note }, expect: { note: null } }] });
    const refused = await oneStatement(() => director.changeset('budget', 'forecasts', change('far too long a note')));
    expect(refused.fused).toBe(0);
    expect(refused.result.status, JSON.stringify(refused.result.body)).toBe(422);
    expect(refused.result.body.error.details.issues).toEqual([expect.objectContaining({ rule: 'short_note' })]);
    expect(await counts()).toEqual(before);
    const ok = await oneStatement(() => director.changeset('budget', 'forecasts', change('ok')));
    expect([ok.result.status, ok.fused]).toEqual([200, 0]);
  });
});
