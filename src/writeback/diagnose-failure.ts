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
  | { kind: 'race' };

export interface Conflict {
  changeIndex: number;
  key: Record<string, unknown>;
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
  auditSchema: string,
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
  if (row['policy:old'] !== true) return { kind: 'forbidden', changeIndex: change.index, key: change.clientKey, message: 'this row is outside the rows you may write' };
  if (row['policy:new'] !== true) {
    return { kind: 'forbidden', changeIndex: change.index, key: change.clientKey, message: 'the change would move the row outside the rows you may write' };
  }
  const conflicts: Conflict[] = [];
  for (const [column, expected] of change.expect) {
    const raw = row[`actual:${column}`] ?? null;
    const coerced = coerceValue(raw, table.columnByName.get(column)!.type);
    const actual = coerced.ok ? coerced.value : raw;
    if (actual === expected) continue;
    const last = await fetchLastCellChange(tx, dialect, auditSchema, table.qualifiedName, change.rowKey, column);
    conflicts.push({ changeIndex: change.index, key: change.clientKey, column, expected, actual, changedBy: last?.user, changedAt: last?.at });
  }
  return conflicts.length ? { kind: 'conflict', conflicts } : { kind: 'race' };
}

/** Turns the failures of one attempt into the single error the caller gets, most fundamental first. */
export function failureError(failures: ChangeFailure[], table: ResolvedTable): AppError {
  const forbidden = failures.filter((f) => f.kind === 'forbidden');
  if (forbidden.length) {
    return new AppError('GOV_FORBIDDEN_ROW', `You may not write ${forbidden.length === 1 ? 'this row' : `${forbidden.length} of these rows`} of ${table.title}: ${forbidden[0]!.message}.`, {
      rows: forbidden.map(({ changeIndex, key, message }) => ({ changeIndex, key, message })),
    });
  }
  const missing = failures.filter((f) => f.kind === 'missing');
  if (missing.length) {
    return new AppError('ROW_NOT_FOUND', `${missing.length === 1 ? 'A row' : `${missing.length} rows`} of ${table.title} no longer exist${missing.length === 1 ? 's' : ''}.`, {
      rows: missing.map(({ changeIndex, key }) => ({ changeIndex, key })),
    });
  }
  const conflicts = failures.flatMap((f) => (f.kind === 'conflict' ? f.conflicts : []));
  if (conflicts.length) {
    const first = conflicts[0]!;
    const by = first.changedBy ? ` by ${first.changedBy}` : '';
    return new AppError('WB_CONFLICT', `${first.column} was changed${by} to ${String(first.actual)} since you read it; nothing was written.`, { conflicts });
  }
  return new AppError('DRV_TRANSACTION_CONFLICT', 'A concurrent transaction changed the same rows; retry.');
}
