import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalOf } from '../../src/governance/identity/local-users.js';
import { fetchUser } from '../../src/governance/identity/user-store.js';
import type { TransactionRunner, WarehouseDriver } from '../../src/warehouse/driver.js';
import { runSql, sql, typed } from '../../src/warehouse/sql.js';
import { applyChangeset } from '../../src/writeback/apply-changeset.js';
import type { Change } from '../../src/writeback/changeset-schema.js';
import { recoverInterruptedWrites, useSystemStore } from '../../src/writeback/table-write-lock.js';
import { writeContextFactory } from '../../src/writeback/write-context.js';
import { journaledTables } from '../../src/writeback/write-journal.js';
import type { ApprovalRequest } from '../../src/workflows/approval-records.js';
import { fetchRequest, fetchSteps } from '../../src/workflows/fetch-requests.js';
import { insertRequest, recordTransition } from '../../src/workflows/record-steps.js';
import { ApiClient } from '../support/api-client.js';
import { bulkProject, regionOf } from '../support/bulk-project.js';
import { STRATEGY_ENGINES } from '../support/engines.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts } from '../support/warehouse-probe.js';

/**
 * A changeset cut off mid-way (the warehouse connection lost after its first
 * applied statement, so the writer cannot take anything back either) leaves
 * no trace once the table's next writer, or the next start, has run: rolled
 * back by the engine where it has transactions, taken back from the system
 * store's write journal where it has not.
 */
describe.each(STRATEGY_ENGINES)('interrupted writes on $label', (engine) => {
  let fixture: FixtureProject;
  let server: TestServer;
  let boss: ApiClient;

  beforeAll(async () => {
    fixture = await bulkProject();
    server = await startTestServer({ projectDir: fixture.dir, engine });
    boss = await ApiClient.login(server.url, 'boss', FIXTURE_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    fixture?.remove();
  });

  /** Rows with line_id in [from, to), and any with line_id ≥ 2,000,000 (this file's inserts), as text. */
  async function rowsOf(from: number, to: number): Promise<string[]> {
    const integer = server.runtime.warehouse.dialect.parseType('INTEGER');
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT line_id, region, amount, note FROM lines
        WHERE (line_id >= ${typed(from, integer)} AND line_id < ${typed(to, integer)}) OR line_id >= ${typed(2_000_000, integer)} ORDER BY line_id`,
    );
    return rows.map((r) => `${r.line_id} ${r.region} ${Number(r.amount).toFixed(2)} ${r.note}`);
  }

  /** Updates of lines [from, from+40), deletes of the next 10, 10 inserts: three groups. */
  async function mixed(from: number): Promise<Change[]> {
    const integer = server.runtime.warehouse.dialect.parseType('INTEGER');
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT line_id, CAST(amount AS VARCHAR) AS amount FROM lines WHERE line_id >= ${typed(from, integer)} AND line_id < ${typed(from + 50, integer)} ORDER BY line_id`,
    );
    return [
      ...rows
        .slice(0, 40)
        .map((r): Change => ({ op: 'update', key: { line_id: Number(r.line_id) }, set: { note: `cut ${r.line_id}` }, expect: { note: null } })),
      ...rows.slice(40).map((r): Change => ({ op: 'delete', key: { line_id: Number(r.line_id) }, expect: { note: null } })),
      ...Array.from({ length: 10 }, (_, i): Change => ({ op: 'insert', values: { line_id: 2_000_000 + from + i, region: regionOf(i), amount: '1' } })),
    ];
  }

  async function contextOn(driver: WarehouseDriver) {
    const principal = principalOf((await fetchUser(server.runtime.system, 'boss'))!);
    const app = server.runtime.current().apps.get('lines')!;
    const contexts = writeContextFactory({
      driver,
      auditSchema: () => 'roundtrip_audit',
      identityFor: (p) => server.runtime.identityFor(p),
      publish: () => undefined,
    });
    return contexts(app, app.tables.get('lines')!, principal);
  }

  /** The warehouse journals to the project's system store; `cut` gets the same system store. */
  function cutAfterFirstWrite(): WarehouseDriver {
    const driver = cutAfterFirstWriteOf(server.runtime.warehouse);
    useSystemStore(driver, server.runtime.system);
    return driver;
  }

  it('takes back a changeset cut off after its first statement before the next write of the table', async () => {
    const before = await rowsOf(1_000, 1_050);
    const audit = await auditCounts(server.runtime);
    await expect(applyChangeset(await contextOn(cutAfterFirstWrite()), { changes: await mixed(1_000) })).rejects.toThrow(/connection lost/);
    // Rolled back by the engine, or journaled for taking back.
    expect((await journaledTables(server.runtime.system)).length > 0).toBe(!server.runtime.warehouse.capabilities.transactions);

    const next = await boss.changeset('lines', 'lines', {
      changes: [{ op: 'update', key: { line_id: 1_100 }, set: { note: 'next' }, expect: { note: null } }],
    });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(await rowsOf(1_000, 1_050)).toEqual(before);
    expect(await auditCounts(server.runtime)).toEqual({ changesets: audit.changesets + 1, cells: audit.cells + 1 });
    expect(await journaledTables(server.runtime.system)).toEqual([]);
  });

  it('takes back a cut-off changeset at start, before anyone reads', async () => {
    const before = await rowsOf(3_000, 3_050);
    const audit = await auditCounts(server.runtime);
    await expect(applyChangeset(await contextOn(cutAfterFirstWrite()), { changes: await mixed(3_000) })).rejects.toThrow(/connection lost/);
    expect(await recoverInterruptedWrites(server.runtime.warehouse)).toBe(server.runtime.warehouse.capabilities.transactions ? 0 : 1);
    expect(await rowsOf(3_000, 3_050)).toEqual(before);
    expect(await auditCounts(server.runtime)).toEqual(audit);
    expect(await journaledTables(server.runtime.system)).toEqual([]);
  });

  it('keeps a committed changeset whose journal entry could not be removed', async () => {
    const driver = Object.create(server.runtime.warehouse) as WarehouseDriver;
    useSystemStore(driver, refusingJournalRemoval(server.runtime.system));
    const changes = await mixed(5_000);
    const audit = await auditCounts(server.runtime);
    const result = await applyChangeset(await contextOn(driver), { changes });
    expect(result.applied).toBe(60);
    expect((await journaledTables(server.runtime.system)).length > 0).toBe(!server.runtime.warehouse.capabilities.transactions);
    const after = await rowsOf(5_000, 5_050);

    expect(await recoverInterruptedWrites(server.runtime.warehouse)).toBe(server.runtime.warehouse.capabilities.transactions ? 0 : 1);
    expect(await rowsOf(5_000, 5_050)).toEqual(after);
    expect(after.filter((row) => row.endsWith(' cut 5001'))).toHaveLength(1);
    expect(after.filter((row) => row.startsWith('20050'))).toHaveLength(10);
    expect((await auditCounts(server.runtime)).changesets).toBe(audit.changesets + 1);
    expect(await journaledTables(server.runtime.system)).toEqual([]);
  });

  it('takes back an approval transition cut off after its first statement', async () => {
    const schema = 'roundtrip_audit';
    const warehouse = server.runtime.warehouse;
    const store = { runner: warehouse, dialect: warehouse.dialect, schema };
    const at = '2026-11-02T09:00:00.000Z';
    const request: ApprovalRequest = {
      requestId: `cut-${engine.name}`,
      app: 'lines',
      table: 'lines',
      submittedBy: 'boss',
      submittedAt: at,
      status: 'pending',
      amount: 12.5,
      route: [{ name: 'finance', roles: ['boss'], mode: 'any' }],
      currentLevel: 0,
      changes: [{ op: 'update', key: { line_id: 1 }, set: { amount: '2' }, expect: { amount: '1.00' } }],
      reason: 'cut',
      resubmits: null,
      changesetId: null,
      updatedAt: at,
      lastSeq: 1,
    };
    await insertRequest(warehouse, schema, request, { action: 'submit', level: null, actor: 'boss', onBehalfOf: null, comment: null });
    const stored = await fetchRequest(store, request.requestId);
    const approve = [{ action: 'approve' as const, level: 'finance', actor: 'boss', onBehalfOf: null, comment: 'ok' }];
    const cut = cutAfterFirstWriteOf(warehouse, /^\s*(INSERT|UPDATE|DELETE|ALTER)\b[\s\S]*approval_/i);
    useSystemStore(cut, server.runtime.system);
    await expect(recordTransition(cut, schema, stored!, approve, { status: 'approved', currentLevel: 1 }, new Date())).rejects.toThrow(/connection lost/);

    await recoverInterruptedWrites(warehouse);
    expect(await fetchRequest(store, request.requestId)).toEqual(stored);
    expect([...(await fetchSteps(store, [request.requestId])).values()].flat().map((step) => step.action)).toEqual(['submit']);
    // And the transition, run again, goes through.
    await recordTransition(warehouse, schema, stored!, approve, { status: 'approved', currentLevel: 1 }, new Date());
    expect((await fetchRequest(store, request.requestId))?.status).toBe('approved');
  });
});

const WRITES_LINES = /^\s*(INSERT|UPDATE|DELETE|ALTER)\b[\s\S]*\blines\b/i;

/**
 * The warehouse, except that once a statement writing `lines` (or matching `writes`) has run, every
 * later statement fails as on a lost connection (undo statements included).
 */
function cutAfterFirstWriteOf(inner: WarehouseDriver, writes = WRITES_LINES): WarehouseDriver {
  let cut = false;
  const through = async <T>(text: string, run: () => Promise<T>): Promise<T> => {
    if (cut) throw new Error('connection lost');
    const result = await run();
    if (writes.test(text)) cut = true;
    return result;
  };
  const driver = Object.create(inner) as WarehouseDriver;
  Object.assign(driver, {
    query: (text: string, params?: readonly unknown[]) => through(text, () => inner.query(text, params)),
    transaction: <T>(work: (tx: TransactionRunner) => Promise<T>, options?: Parameters<WarehouseDriver['transaction']>[1]) =>
      inner.transaction(
        (tx) =>
          work({
            dialect: tx.dialect,
            query: (text, params) => through(text, () => tx.query(text, params)),
            useServiceIdentity: () => tx.useServiceIdentity(),
          }),
        options,
      ),
  });
  return driver;
}

/** The system store, except that removing write-journal entries fails. */
function refusingJournalRemoval(inner: WarehouseDriver): WarehouseDriver {
  const system = Object.create(inner) as WarehouseDriver;
  Object.assign(system, {
    query: (text: string, params?: readonly unknown[]) =>
      /^\s*DELETE FROM write_journal/i.test(text) ? Promise.reject(new Error('system store unreachable')) : inner.query(text, params),
  });
  return system;
}
