import type { ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { fetchLastCellChange } from '../governance/audit/index.js';
import type { Principal } from '../governance/principal.js';
import type { SqlRunner } from '../warehouse/driver.js';
import type { Dialect } from '../warehouse/dialect.js';
import { renderSql } from '../warehouse/sql.js';
import { buildDiagnosis } from './build-statements.js';
import { coerceValue } from '../warehouse/coerce-value.js';
import type { PreparedChange } from './prepare-changes.js';

export type ChangeFailure =
  | { kind: 'forbidden'; changeIndex: number; key: Record<string, unknown>; message: string }
  | { kind: 'missing'; changeIndex: number; key: Record<string, unknown> }
  | { kind: 'conflict'; conflicts: Conflict[] }
  | { kind: 'unexplained'; changeIndex: number; key: Record<string, unknown> };

export interface Conflict {
  changeIndex: number;
  key: Record<string, unknown>;
  /** Audit row key, for looking up who changed the cell. */
  rowKey: string;
  column: string;
  expected: unknown;
  actual: unknown;
  changedBy?: string;
  changedAt?: string;
}

/** Explains a guarded statement that matched no row: missing, forbidden, or stale. */
export async function diagnoseFailure(
  tx: SqlRunner,
  dialect: Dialect,
  table: ResolvedTable,
  principal: Principal,
  change: PreparedChange,
): Promise<ChangeFailure> {
  if (change.op === 'insert') {
    return { kind: 'forbidden', changeIndex: change.index, key: {}, message: 'the new row is outside the rows you may write' };
  }
  const q = renderSql(buildDiagnosis(table, principal, change), dialect);
  const row = (await tx.query(q.sql, q.params)).rows[0];
  if (!row) return { kind: 'missing', changeIndex: change.index, key: change.clientKey };
  if (row['policy:old'] !== true)
    return { kind: 'forbidden', changeIndex: change.index, key: change.clientKey, message: 'this row is outside the rows you may write' };
  if (row['policy:new'] !== true) {
    return { kind: 'forbidden', changeIndex: change.index, key: change.clientKey, message: 'the change would move the row outside the rows you may write' };
  }
  const conflicts: Conflict[] = [];
  for (const [column, expected] of change.expect) {
    const raw = row[`actual:${column}`] ?? null;
    const coerced = coerceValue(raw, table.columnByName.get(column)!.type);
    const actual = coerced.ok ? coerced.value : raw;
    if (actual === expected) continue;
    conflicts.push({ changeIndex: change.index, key: change.clientKey, rowKey: change.rowKey, column, expected, actual });
  }
  // Every guard of Roundtrip holds on the current row: the warehouse itself hid or refused it.
  return conflicts.length ? { kind: 'conflict', conflicts } : { kind: 'unexplained', changeIndex: change.index, key: change.clientKey };
}

/**
 * Turns the failures of one attempt into the single error the caller gets,
 * most fundamental first. Runs as the service identity (it reads the audit).
 */
export async function failureError(
  tx: SqlRunner,
  dialect: Dialect,
  auditSchema: string,
  failures: ChangeFailure[],
  table: ResolvedTable,
  underUserIdentity: boolean,
): Promise<AppError> {
  const forbidden = failures.filter((f) => f.kind === 'forbidden');
  if (forbidden.length) {
    return new AppError(
      'GOV_FORBIDDEN_ROW',
      `You may not write ${forbidden.length === 1 ? 'this row' : `${forbidden.length} of these rows`} of ${table.title}: ${forbidden[0]!.message}.`,
      {
        rows: forbidden.map(({ changeIndex, key, message }) => ({ changeIndex, key, message })),
      },
    );
  }
  const missing = failures.filter((f) => f.kind === 'missing');
  if (missing.length) {
    return new AppError(
      'ROW_NOT_FOUND',
      `${missing.length === 1 ? 'A row' : `${missing.length} rows`} of ${table.title} no longer exist${missing.length === 1 ? 's' : ''}.`,
      {
        rows: missing.map(({ changeIndex, key }) => ({ changeIndex, key })),
      },
    );
  }
  const stale = failures.flatMap((f) => (f.kind === 'conflict' ? f.conflicts : []));
  if (stale.length) {
    const conflicts = [];
    for (const { rowKey, ...conflict } of stale) {
      const last = await fetchLastCellChange(tx, dialect, auditSchema, table.qualifiedName, rowKey, conflict.column);
      conflicts.push({ ...conflict, changedBy: last?.user, changedAt: last?.at });
    }
    const first = conflicts[0]!;
    const by = first.changedBy ? ` by ${first.changedBy}` : '';
    return new AppError('WB_CONFLICT', `${first.column} was changed${by} to ${String(first.actual)} since you read it; nothing was written.`, { conflicts });
  }
  const unexplained = failures.filter((f) => f.kind === 'unexplained');
  if (underUserIdentity && unexplained.length) {
    return new AppError(
      'GOV_WAREHOUSE_DENIED',
      "The warehouse's own row-level security does not let your database role change this row; nothing was written.",
      {
        rows: unexplained.map(({ changeIndex, key }) => ({ changeIndex, key })),
      },
    );
  }
  // Without a database identity this only happens when another transaction raced this one: retry.
  return new AppError('DRV_TRANSACTION_CONFLICT', 'A concurrent transaction changed the same rows; retry.');
}
