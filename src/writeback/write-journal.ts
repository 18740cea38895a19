import type { WarehouseDriver } from '../warehouse/driver.js';
import { join, raw, runSql, sql, type RenderedSql } from '../warehouse/sql.js';
import { column, type TableSpec } from '../warehouse/table-spec.js';

/**
 * The system store's journal of writes in progress on engines without
 * transactions (see `withUndoableWrite`): before a statement of such a write
 * runs, the statements taking it back are recorded here, with the query that
 * tells whether the write committed. A write that ends, either way, removes
 * its entries; a server that dies mid-write leaves them, and the next holder
 * of the table's write lock (or the next start) takes the write back.
 *
 * Entries are statements Roundtrip built from validated definitions, stored
 * rendered (text and bound values) so any writer can replay them.
 */
export const WRITE_JOURNAL_TABLE = 'write_journal';

export const WRITE_JOURNAL_TABLE_SPEC: TableSpec = {
  name: WRITE_JOURNAL_TABLE,
  columns: [
    column.text('write_id', true),
    column.integer('seq', true),
    column.text('table_name', true),
    // 'committed': the query returning a row once the write committed; 'undo': a statement taking part of it back.
    column.text('kind', true),
    column.text('statement', true),
    column.text('params', true),
    column.bigint('created_at', true),
  ],
  primaryKey: ['write_id', 'seq'],
  indexes: [{ name: 'write_journal_table', columns: ['table_name'] }],
};

/** One interrupted (or running) write: its commit check and its undo statements, in the order they were recorded. */
export interface JournaledWrite {
  writeId: string;
  committed: RenderedSql;
  undo: RenderedSql[];
}

const journal = raw(WRITE_JOURNAL_TABLE);

/**
 * Records undo statements `seq`, `seq + 1`, … of the write, in one
 * statement; with `committed`, the write's commit check first (seq 0: the
 * first entry of every write).
 */
export async function journalUndo(
  system: WarehouseDriver,
  writeId: string,
  table: string,
  seq: number,
  statements: readonly RenderedSql[],
  committed?: RenderedSql,
): Promise<void> {
  const entries = [
    ...(committed ? [{ seq: 0, kind: 'committed', statement: committed }] : []),
    ...statements.map((statement, i) => ({ seq: seq + i, kind: 'undo', statement })),
  ];
  if (!entries.length) return;
  const now = Date.now();
  const rows = entries.map((e) => sql`(${writeId}, ${e.seq}, ${table}, ${e.kind}, ${e.statement.sql}, ${encodeParams(e.statement.params)}, ${now})`);
  await runSql(system, sql`INSERT INTO ${journal} (write_id, seq, table_name, kind, statement, params, created_at) VALUES ${join(rows, ', ')}`);
}

/** Forgets the write: it committed, or it was taken back. */
export async function journalEnd(system: WarehouseDriver, writeId: string): Promise<void> {
  await runSql(system, sql`DELETE FROM ${journal} WHERE write_id = ${writeId}`);
}

/** Journaled writes of `table`, oldest first. */
export async function journaledWrites(system: WarehouseDriver, table: string): Promise<JournaledWrite[]> {
  const { rows } = await runSql(
    system,
    sql`SELECT write_id, seq, kind, statement, params FROM ${journal} WHERE table_name = ${table} ORDER BY created_at, write_id, seq`,
  );
  const writes = new Map<string, JournaledWrite>();
  for (const row of rows) {
    const writeId = String(row.write_id);
    const entry: RenderedSql = { sql: String(row.statement), params: decodeParams(String(row.params)) };
    let write = writes.get(writeId);
    if (!write) {
      write = { writeId, committed: { sql: 'SELECT 1 WHERE FALSE', params: [] }, undo: [] };
      writes.set(writeId, write);
    }
    if (row.kind === 'committed') write.committed = entry;
    else write.undo.push(entry);
  }
  return [...writes.values()];
}

/** Tables with journaled writes (checked at start). */
export async function journaledTables(system: WarehouseDriver): Promise<string[]> {
  const { rows } = await runSql(system, sql`SELECT DISTINCT table_name FROM ${journal}`);
  return rows.map((r) => String(r.table_name));
}

/** Bound values as JSON, at any depth (arrays of values included), with what JSON has no type for tagged. */
export function encodeParams(params: readonly unknown[]): string {
  return JSON.stringify(
    params.map((value) => (value === undefined ? null : value)),
    function (key, value: unknown) {
      // `this[key]` is the value before toJSON: a Date is still a Date here.
      const original = (this as Record<string, unknown>)[key];
      if (typeof original === 'bigint') return { $bigint: original.toString() };
      if (original instanceof Date) return { $date: original.toISOString() };
      if (original instanceof Uint8Array) return { $bytes: Buffer.from(original).toString('base64') };
      return value;
    },
  );
}

export function decodeParams(text: string): unknown[] {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const tagged = value as Record<string, unknown>;
    if ('$bigint' in tagged) return BigInt(String(tagged.$bigint));
    if ('$date' in tagged) return new Date(String(tagged.$date));
    if ('$bytes' in tagged) return Buffer.from(String(tagged.$bytes), 'base64');
    return value;
  }) as unknown[];
}
