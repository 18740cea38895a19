import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalOf } from '../../src/governance/identity/local-users.js';
import { fetchUser } from '../../src/governance/identity/user-store.js';
import type { TransactionRunner, WarehouseDriver } from '../../src/warehouse/driver.js';
import { verifyAuditChain } from '../../src/governance/audit/verify-audit-chain.js';
import { applyChangeset } from '../../src/writeback/apply-changeset.js';
import type { Change } from '../../src/writeback/changeset-schema.js';
import { writeContextFactory } from '../../src/writeback/write-context.js';
import { runSql, sql, table, typed } from '../../src/warehouse/sql.js';
import { ApiClient } from '../support/api-client.js';
import { BULK_ROWS, bulkProject, regionOf } from '../support/bulk-project.js';
import { STRATEGY_ENGINES } from '../support/engines.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, tableFingerprint } from '../support/warehouse-probe.js';

type Line = { line_id: number; region: string; amount: string; note: string | null };

describe.each(STRATEGY_ENGINES)('set-based changesets on $label', (engine) => {
  let fixture: FixtureProject;
  let server: TestServer;
  let boss: ApiClient;
  let planner: ApiClient;

  beforeAll(async () => {
    fixture = await bulkProject();
    server = await startTestServer({ projectDir: fixture.dir, engine });
    [boss, planner] = await Promise.all([ApiClient.login(server.url, 'boss', FIXTURE_PASSWORD), ApiClient.login(server.url, 'planner', FIXTURE_PASSWORD)]);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    fixture?.remove();
  });

  /** Current rows by line id, read straight from the warehouse. */
  async function readLines(from: number, to: number): Promise<Map<number, Line>> {
    const integer = server.runtime.warehouse.dialect.parseType('INTEGER');
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT line_id, region, amount, note FROM lines WHERE line_id >= ${typed(from, integer)} AND line_id < ${typed(to, integer)} ORDER BY line_id`,
    );
    return new Map(
      rows.map((r) => [Number(r.line_id), { line_id: Number(r.line_id), region: String(r.region), amount: String(r.amount), note: r.note as string | null }]),
    );
  }

  async function snapshot() {
    return { table: await tableFingerprint(server.runtime, 'lines'), audit: await auditCounts(server.runtime) };
  }

  async function cellsOf(changesetId: string) {
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT op, row_key, column_name, old_value, new_value FROM ${table('roundtrip_audit.cell_changes')} WHERE changeset_id = ${changesetId}`,
    );
    return rows.map((r) => `${r.op} ${r.row_key} ${r.column_name} ${r.old_value} → ${r.new_value}`).sort();
  }

  const update = (line: Line, set: Partial<Line>): Change => ({
    op: 'update',
    key: { line_id: line.line_id },
    set,
    expect: Object.fromEntries(Object.keys(set).map((c) => [c, line[c as keyof Line]])),
  });

  /**
   * `size` changes over lines [from, from + size): 80 % updates (every other
   * one also writes the note), 10 % deletes, 10 % inserts of new ids. Returns
   * the changes and the audit cells they must produce.
   */
  function mixedChanges(lines: Map<number, Line>, from: number, size: number) {
    const changes: Change[] = [];
    const cells: string[] = [];
    for (let i = 0; i < size; i += 1) {
      const line = lines.get(from + i)!;
      const rowKey = `{"line_id":${line.line_id}}`;
      if (i % 10 === 8) {
        changes.push({ op: 'delete', key: { line_id: line.line_id }, expect: { amount: line.amount } });
        cells.push(
          `delete ${rowKey} amount ${line.amount} → null`,
          `delete ${rowKey} line_id ${line.line_id} → null`,
          `delete ${rowKey} region ${line.region} → null`,
        );
        if (line.note !== null) cells.push(`delete ${rowKey} note ${line.note} → null`);
      } else if (i % 10 === 9) {
        const id = 1_000_000 + line.line_id;
        changes.push({ op: 'insert', values: { line_id: id, region: regionOf(id), amount: '7.50', note: `new ${id}` } });
        const key = `{"line_id":${id}}`;
        cells.push(
          `insert ${key} amount null → 7.50`,
          `insert ${key} line_id null → ${id}`,
          `insert ${key} note null → new ${id}`,
          `insert ${key} region null → ${regionOf(id)}`,
        );
      } else {
        const amount = `${(Number(line.amount) + 0.25).toFixed(2)}`;
        const set: Partial<Line> = i % 2 === 0 ? { amount } : { amount, note: `n${i}` };
        changes.push(update(line, set));
        cells.push(`update ${rowKey} amount ${line.amount} → ${amount}`);
        if (set.note) cells.push(`update ${rowKey} note ${line.note} → ${set.note}`);
      }
    }
    return { changes, cells: cells.sort() };
  }

  it.each([1, 100, 10_000])('applies a changeset of %i mixed updates, inserts and deletes, with exactly one audit row per changed cell', async (size) => {
    const from = size === 1 ? 1 : size === 100 ? 100 : 5_000;
    const before = await readLines(from, from + size);
    const { changes, cells } = mixedChanges(before, from, size);
    const response = await boss.changeset('lines', 'lines', { changes, reason: `bulk ${size}` });
    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
    expect(response.body.applied).toBe(size);
    expect(await cellsOf(response.body.changesetId)).toEqual(cells);
    const after = await readLines(from, from + size);
    for (const change of changes) {
      if (change.op === 'update') expect(after.get(Number(change.key.line_id))).toMatchObject(change.set);
      if (change.op === 'delete') expect(after.has(Number(change.key.line_id))).toBe(false);
    }
    const inserted = changes.filter((c) => c.op === 'insert').map((c) => Number((c as { values: Record<string, unknown> }).values.line_id));
    if (inserted.length) {
      const { rows } = await server.runtime.warehouse.query(`SELECT count(*) AS n FROM lines WHERE line_id IN (${inserted.map(Number).join(',')})`);
      expect(Number(rows[0]!.n)).toBe(inserted.length);
    }
  });

  it('refuses one stale expected value among 10,000 changes with 409 naming it; nothing written, no audit row', async () => {
    const lines = [...(await readLines(0, BULK_ROWS)).values()].slice(0, 10_000);
    const changes = lines.map((line) => update(line, { amount: '1.00' }));
    const stale = lines[7_777]!;
    (changes[7_777] as { expect: Record<string, unknown> }).expect.amount = '999999.99';
    const before = await snapshot();
    const response = await boss.changeset('lines', 'lines', { changes });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('WB_CONFLICT');
    expect(response.body.error.details.conflicts).toEqual([
      expect.objectContaining({ changeIndex: 7_777, key: { line_id: stale.line_id }, column: 'amount', expected: '999999.99', actual: stale.amount }),
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses one row outside the row policy among 10,000 with 403 naming it; nothing written', async () => {
    // planner writes north and east; line 18,002 is south, which planner may read.
    const lines = [...(await readLines(0, BULK_ROWS)).values()].filter((l) => l.region === 'north' || l.region === 'east').slice(0, 9_999);
    const changes = lines.map((line) => update(line, { amount: '2.00' }));
    const south = (await readLines(18_002, 18_003)).get(18_002)!;
    expect(south.region).toBe('south');
    changes.splice(4_321, 0, update(south, { amount: '2.00' }));
    const before = await snapshot();
    const response = await planner.changeset('lines', 'lines', { changes });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_FORBIDDEN_ROW');
    expect(response.body.error.details.rows).toEqual([{ changeIndex: 4_321, key: { line_id: 18_002 }, message: expect.any(String) }]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers a row the user may not read exactly like a key that does not exist', async () => {
    const west = (await readLines(18_003, 18_004)).get(18_003)!;
    expect(west.region).toBe('west');
    const foreign = await planner.changeset('lines', 'lines', { changes: [update(west, { amount: '3.00' })] });
    const missing = await planner.changeset('lines', 'lines', { changes: [update({ ...west, line_id: 987_654 }, { amount: '3.00' })] });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.body.error.code).toBe('ROW_NOT_FOUND');
    expect(foreign.body.error.message).toBe(missing.body.error.message);
    expect(foreign.body.error.details.rows).toEqual([{ changeIndex: 0, key: { line_id: 18_003 } }]);
  });

  it('refuses a cross-field rule broken by one of 5,000 rows with 422 naming it; nothing written', async () => {
    const lines = [...(await readLines(20_000, 25_000)).values()];
    expect(lines[4_999]!.note).toBeNull();
    const changes = lines.map((line, i) => update(line, { amount: i === 4_999 ? '2000000' : '5.00' }));
    const before = await snapshot();
    const response = await boss.changeset('lines', 'lines', { changes });
    expect(response.status).toBe(422);
    expect(response.body.error.details.issues).toEqual([expect.objectContaining({ changeIndex: 4_999, rule: 'large_needs_note' })]);
    expect(await snapshot()).toEqual(before);
  });

  it('enforces the cross-field rule inside the insert statement too, naming the one of 1,000 new rows that breaks it', async () => {
    const changes = Array.from({ length: 1_000 }, (_, i) => ({
      op: 'insert',
      values: { line_id: 4_000_000 + i, region: 'north', amount: i === 640 ? '1500000' : '10', ...(i % 2 ? { note: 'odd' } : {}) },
    }));
    const before = await snapshot();
    const response = await boss.changeset('lines', 'lines', { changes });
    expect(response.status).toBe(422);
    expect(response.body.error.details.issues).toEqual([expect.objectContaining({ changeIndex: 640, rule: 'large_needs_note' })]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an insert whose key exists, naming it; nothing written', async () => {
    const before = await snapshot();
    const response = await boss.changeset('lines', 'lines', {
      changes: [
        { op: 'insert', values: { line_id: 2_000_001, region: 'north', amount: '1' } },
        { op: 'insert', values: { line_id: 17, region: 'east', amount: '1' } },
      ],
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('WB_KEY_EXISTS');
    expect(response.body.error.details.rows).toEqual([{ changeIndex: 1, key: { line_id: 17 } }]);
    expect(await snapshot()).toEqual(before);
  });

  it('leaves nothing of 1,000 changes whose last group is refused (deletes and updates undone or never run, no audit row)', async () => {
    const lines = [...(await readLines(20_000, 21_000)).values()];
    const before = await snapshot();
    // Deletes and updates run before inserts: the insert of an existing key is refused after both were applied
    // (in a transaction), or by its check before any group is written (engines without transactions).
    const changes: Change[] = [
      ...lines.slice(0, 300).map((line): Change => ({ op: 'delete', key: { line_id: line.line_id }, expect: { amount: line.amount } })),
      ...lines.slice(300, 999).map((line) => update(line, { amount: '7.00', note: 'undone' })),
      { op: 'insert', values: { line_id: 5, region: 'north', amount: '1' } },
    ];
    const response = await boss.changeset('lines', 'lines', { changes });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('WB_KEY_EXISTS');
    expect(response.body.error.details.rows).toEqual([{ changeIndex: 999, key: { line_id: 5 } }]);
    expect(await snapshot()).toEqual(before);
    expect([...(await readLines(20_000, 21_000)).values()]).toEqual(lines);
  });

  it('refuses two changes of one row in one changeset', async () => {
    const line = (await readLines(30, 31)).get(30)!;
    const response = await boss.changeset('lines', 'lines', { changes: [update(line, { amount: '1' }), { op: 'delete', key: { line_id: 30 } }] });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('WB_DUPLICATE_ROW');
    expect(response.body.error.details.rows).toEqual([{ changeIndex: 1, firstChangeIndex: 0, key: { line_id: 30 } }]);
  });

  it('reverts a 10,000-cell changeset and restores every value', async () => {
    const from = 25_000;
    const original = await readLines(from, from + 5_000);
    const edit = await boss.changeset('lines', 'lines', {
      changes: [...original.values()].map((line) => update(line, { amount: '42.00', note: 'bulk' })),
    });
    expect(edit.status).toBe(200);
    expect((await cellsOf(edit.body.changesetId)).length).toBe(10_000);
    const revert = await boss.request('POST', `/api/apps/lines/tables/lines/changesets/${edit.body.changesetId}/revert`, {});
    expect(revert.status, JSON.stringify(revert.body).slice(0, 300)).toBe(200);
    expect(await readLines(from, from + 5_000)).toEqual(original);
    expect((await cellsOf(revert.body.changesetId)).length).toBe(10_000);
  });

  it('takes 50,000 changes in one changeset and refuses more with 413 naming the limit', async () => {
    const lines = [...(await readLines(0, BULK_ROWS)).values()];
    const changes = Array.from({ length: 50_000 }, (_, i) => {
      const id = 3_000_000 + i;
      return { op: 'insert', values: { line_id: id, region: regionOf(id), amount: String(i % 100) } };
    });
    const big = await boss.changeset('lines', 'lines', { changes });
    expect(big.status, JSON.stringify(big.body).slice(0, 300)).toBe(200);
    expect(big.body.applied).toBe(50_000);
    const tooBig = await boss.changeset('lines', 'lines', { changes: [...changes, update(lines[0]!, { amount: '1' })] });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: 'WB_CHANGESET_TOO_LARGE', details: { limit: 50_000, changes: 50_001 } });
  }, 120_000);

  it('runs the same number of statements for 1, 100 and 10,000 changes', async () => {
    const principal = principalOf((await fetchUser(server.runtime.system, 'boss'))!);
    const app = server.runtime.current().apps.get('lines')!;
    const table = app.tables.get('lines')!;
    const counts: number[] = [];
    for (const [from, size] of [
      [40_000, 1],
      [40_100, 100],
      [50_000, 10_000],
    ] as const) {
      // Inserts, then updates and deletes of what was inserted: every kind of change at each size.
      const counted = countingDriver(server.runtime.warehouse);
      const contexts = writeContextFactory({
        driver: counted.driver,
        auditSchema: () => 'roundtrip_audit',
        identityFor: (p) => server.runtime.identityFor(p),
        publish: () => undefined,
      });
      const context = contexts(app, table, principal);
      const ids = Array.from({ length: size }, (_, i) => from + i);
      await applyChangeset(context, { changes: ids.map((id) => ({ op: 'insert', values: { line_id: id, region: regionOf(id), amount: '1' } })) });
      counted.reset();
      const half = Math.ceil(size / 2);
      await applyChangeset(context, {
        changes: ids.map((id, i) =>
          i < half
            ? { op: 'update', key: { line_id: id }, set: { amount: '2' }, expect: { amount: '1.00' } }
            : { op: 'delete', key: { line_id: id }, expect: { amount: '1.00' } },
        ),
      });
      counts.push(counted.statements());
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts.slice(1)).size, `statements per changeset: ${counts.join(', ')}`).toBe(1);
    // A single change is one update group (no delete group), so it may run one statement fewer.
    expect(counts[0]).toBeLessThanOrEqual(counts[1]!);
  }, 120_000);

  it('seals every changeset of the suite into an audit chain that verifies', async () => {
    await server.runtime.sealer.flush();
    const { rows } = await runSql(server.runtime.warehouse, sql`SELECT count(*) AS n FROM ${table('roundtrip_audit.changesets')} WHERE seq IS NULL`);
    expect(Number(rows[0]!.n)).toBe(0);
    const report = await verifyAuditChain(server.runtime.warehouse, server.runtime.warehouse.dialect, 'roundtrip_audit');
    expect(report.problems).toEqual([]);
    expect(report.checked).toBeGreaterThan(5);
  }, 120_000);
});

/** Wraps a driver so every statement it runs (inside transactions too) is counted. */
function countingDriver(inner: WarehouseDriver) {
  let statements = 0;
  const driver: WarehouseDriver = Object.create(inner);
  driver.query = (sql, params, options) => {
    statements += 1;
    return inner.query(sql, params, options);
  };
  driver.transaction = (work, options) =>
    inner.transaction((tx) => {
      const counted: TransactionRunner = {
        dialect: tx.dialect,
        query: (sql, params) => {
          statements += 1;
          return tx.query(sql, params);
        },
        useServiceIdentity: () => tx.useServiceIdentity(),
      };
      return work(counted);
    }, options);
  return { driver, statements: () => statements, reset: () => (statements = 0) };
}
