import type { SqlRunner } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { raw, renderSql, sql, table, valueAs, asText } from '../../warehouse/sql.js';
import type { AuditCell } from './audit-records.js';
import { AUDIT_TABLES } from './audit-schema.js';
import { toIso } from './fetch-history.js';

export interface StoredChangeset {
  changesetId: string;
  committedAt: string;
  username: string;
  app: string;
  tableName: string;
  reverts: string | null;
  reason: string | null;
  /** Rows the changeset inserted, updated and deleted. */
  counts: { inserted: number; updated: number; deleted: number };
  cells: AuditCell[];
}

/** One changeset with its cell rows in write order, or undefined. */
export async function fetchChangeset(runner: SqlRunner, dialect: Dialect, schema: string, changesetId: string): Promise<StoredChangeset | undefined> {
  const header = renderSql(
    sql`SELECT changeset_id, ${asText(raw('committed_at'))} AS committed_at, username, app, table_name, reverts, reason, inserted, updated, deleted FROM ${table(`${schema}.${AUDIT_TABLES.changesets}`)} WHERE changeset_id = ${changesetId}`,
    dialect,
  );
  const row = (await runner.query(header.sql, header.params)).rows[0];
  if (!row) return undefined;
  const cells = await fetchCells(runner, dialect, schema, sql`cc.changeset_id = ${changesetId}`);
  return {
    changesetId,
    committedAt: toIso(String(row.committed_at)),
    username: String(row.username),
    app: String(row.app),
    tableName: String(row.table_name),
    reverts: row.reverts === null ? null : String(row.reverts),
    reason: row.reason === null ? null : String(row.reason),
    counts: { inserted: Number(row.inserted), updated: Number(row.updated), deleted: Number(row.deleted) },
    cells: cells.map((c) => c.cell),
  };
}

/** The changesets that reverted (part of) a changeset, oldest first. */
export async function fetchRevertedBy(runner: SqlRunner, dialect: Dialect, schema: string, changesetId: string): Promise<string[]> {
  const q = renderSql(
    sql`SELECT changeset_id FROM ${table(`${schema}.${AUDIT_TABLES.changesets}`)} WHERE reverts = ${changesetId} ORDER BY committed_at, changeset_id`,
    dialect,
  );
  return (await runner.query(q.sql, q.params)).rows.map((r) => String(r.changeset_id));
}

export interface TimedCell {
  cell: AuditCell;
  committedAt: string;
  username: string;
  changesetId: string;
}

/** Cell changes of one table committed after `after` (and not after `until`), oldest first. */
export async function fetchCellsBetween(
  runner: SqlRunner,
  dialect: Dialect,
  schema: string,
  tableName: string,
  after: string,
  until?: string,
): Promise<TimedCell[]> {
  const upper = until ? sql` AND c.committed_at <= ${valueAs(until, 'timestamp')}` : raw('');
  return fetchCells(runner, dialect, schema, sql`c.table_name = ${tableName} AND c.committed_at > ${valueAs(after, 'timestamp')}${upper}`);
}

async function fetchCells(runner: SqlRunner, dialect: Dialect, schema: string, where: ReturnType<typeof sql>): Promise<TimedCell[]> {
  const q = renderSql(
    sql`SELECT cc.changeset_id AS changeset_id, ${asText(raw('c.committed_at'))} AS committed_at, c.username AS username, cc.op AS op, cc.row_key AS row_key,
               cc.column_name AS column_name, cc.old_value AS old_value, cc.new_value AS new_value
          FROM ${table(`${schema}.${AUDIT_TABLES.cellChanges}`)} cc
          JOIN ${table(`${schema}.${AUDIT_TABLES.changesets}`)} c ON c.changeset_id = cc.changeset_id
         WHERE ${where}
         ORDER BY c.committed_at, c.changeset_id, cc.seq`,
    dialect,
  );
  return (await runner.query(q.sql, q.params)).rows.map((r) => ({
    changesetId: String(r.changeset_id),
    committedAt: toIso(String(r.committed_at)),
    username: String(r.username),
    cell: {
      op: r.op as AuditCell['op'],
      rowKey: String(r.row_key),
      column: String(r.column_name),
      oldValue: r.old_value === null ? null : String(r.old_value),
      newValue: r.new_value === null ? null : String(r.new_value),
    },
  }));
}
