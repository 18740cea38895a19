import { randomBytes } from 'node:crypto';
import type { SqlRunner } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { renderSql, sql, table, valueAs, limitRows, asText, raw } from '../../warehouse/sql.js';
import { column, type TableSpec } from '../../warehouse/table-spec.js';
import { toIso } from '../audit/fetch-history.js';

/** Table name inside the project's audit schema, next to `changesets` and `cell_changes`. */
export const ADMIN_CHANGES_TABLE = 'admin_changes';

/** What an admin change was about. */
export type AdminChangeKind = 'user' | 'token' | 'app' | 'project';

/** One audited change of a user or an API token. Values are JSON-safe and never contain password hashes or token secrets. */
export interface AdminChange {
  /** Who made the change. */
  username: string;
  kind: AdminChangeKind;
  /** The username (`user`), token id (`token`), app name (`app`) or project section (`project`) changed. */
  target: string;
  /** The changed fields before, or null for a creation. */
  oldValue: Record<string, unknown> | null;
  /** The changed fields after. */
  newValue: Record<string, unknown> | null;
}

export interface AdminChangeEntry extends AdminChange {
  changeId: string;
  /** ISO 8601. */
  changedAt: string;
}

/**
 * `admin_changes`, in the warehouse's audit schema so that one SQL client
 * reads every audit trail. Created by the warehouse migrations.
 */
export function adminChangesTableSpec(schema: string): TableSpec {
  const { text, timestamp } = column;
  return {
    schema,
    name: ADMIN_CHANGES_TABLE,
    columns: [
      text('change_id', true),
      timestamp('changed_at', true),
      text('username', true),
      text('kind', true),
      text('target', true),
      text('old_value'),
      text('new_value'),
    ],
    primaryKey: ['change_id'],
  };
}

/** Appends one change and returns its id. */
export async function recordAdminChange(runner: SqlRunner, dialect: Dialect, schema: string, change: AdminChange, now = Date.now()): Promise<string> {
  const changeId = timeOrderedId(now);
  const q = renderSql(
    sql`INSERT INTO ${table(`${schema}.${ADMIN_CHANGES_TABLE}`)} (change_id, changed_at, username, kind, target, old_value, new_value)
        VALUES (${changeId}, ${valueAs(new Date(now).toISOString(), 'timestamp')}, ${change.username}, ${change.kind}, ${change.target},
                ${change.oldValue === null ? null : JSON.stringify(change.oldValue)}, ${change.newValue === null ? null : JSON.stringify(change.newValue)})`,
    dialect,
  );
  await runner.query(q.sql, q.params);
  return changeId;
}

/** The latest admin changes, newest first. */
export async function fetchAdminChanges(runner: SqlRunner, dialect: Dialect, schema: string, limit: number): Promise<AdminChangeEntry[]> {
  const q = renderSql(
    sql`SELECT change_id, ${asText(raw('changed_at'))} AS changed_at, username, kind, target, old_value, new_value
          FROM ${table(`${schema}.${ADMIN_CHANGES_TABLE}`)}
         ORDER BY change_id DESC
         ${limitRows(limit)}`,
    dialect,
  );
  const { rows } = await runner.query(q.sql, q.params);
  return rows.map((r) => ({
    changeId: String(r.change_id),
    changedAt: toIso(String(r.changed_at)),
    username: String(r.username),
    kind: String(r.kind) as AdminChangeKind,
    target: String(r.target),
    oldValue: r.old_value === null ? null : (JSON.parse(String(r.old_value)) as Record<string, unknown>),
    newValue: r.new_value === null ? null : (JSON.parse(String(r.new_value)) as Record<string, unknown>),
  }));
}

let lastMs = 0;
let sequence = 0;

/**
 * Milliseconds, a per-process sequence, then randomness: ids sort by time,
 * and changes one server makes within the same millisecond keep their order.
 */
function timeOrderedId(now: number): string {
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  return `${now.toString(16).padStart(12, '0')}-${sequence.toString(16).padStart(4, '0')}-${randomBytes(8).toString('hex')}`;
}
