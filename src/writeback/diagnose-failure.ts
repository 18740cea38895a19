import type { ResolvedRule, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { fetchLastCellChanges } from '../governance/audit/index.js';
import { readRowPolicies } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import { coerceValue } from '../warehouse/coerce-value.js';
import type { Dialect } from '../warehouse/dialect.js';
import type { SqlRunner } from '../warehouse/driver.js';
import { renderSql } from '../warehouse/sql.js';
import { buildGroupDiagnosis, buildInsertDiagnosis, diagnosis } from './build-group-statement.js';
import type { ChangeGroup } from './group-changes.js';
import { checkRows } from './check-rows.js';
import { type StagedGroup, staged } from './stage-group.js';
import { type ValidationIssue, validationError } from './validation-issue.js';

export type ChangeFailure =
  | { kind: 'forbidden'; changeIndex: number; key: Record<string, unknown>; message: string }
  /** A lock row (e.g. a closed period) matches the row before or after the change. */
  | { kind: 'locked'; changeIndex: number; key: Record<string, unknown> }
  /** No row has the key, or the user may not read it: one answer for both, so refusals reveal nothing. */
  | { kind: 'missing'; changeIndex: number; key: Record<string, unknown> }
  | { kind: 'conflict'; conflicts: Conflict[] }
  /** A cross-field rule the statement enforced refuses the row as it would be written. */
  | { kind: 'rule'; issues: ValidationIssue[] }
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

/**
 * Explains, in ONE query, why a group's statement did not apply the changes
 * outside `applied` (change indexes it did apply): missing or not readable,
 * forbidden by the row policy (before or after), stale values, or one of the
 * cross-field `rules` the statement enforced (evaluated here in JS on the
 * current row with the new values).
 */
export async function diagnoseGroup(
  runner: SqlRunner,
  dialect: Dialect,
  table: ResolvedTable,
  principal: Principal,
  group: ChangeGroup,
  stage: StagedGroup,
  applied: ReadonlySet<number>,
  rules: readonly ResolvedRule[],
): Promise<ChangeFailure[]> {
  const byIndex = new Map(group.changes.map((c) => [c.index, c]));
  if (group.op === 'insert') {
    const q = renderSql(buildInsertDiagnosis(table, principal, group, stage), dialect);
    const refused = (await runner.query(q.sql, q.params)).rows.map((r) => ({
      change: byIndex.get(Number(r[staged.index]))!,
      allowed: r[diagnosis.newAllowed] === true,
    }));
    if (refused.length) {
      return refused.map(
        ({ change: c, allowed }): ChangeFailure =>
          allowed
            ? { kind: 'locked', changeIndex: c.index, key: insertedKey(table, c) }
            : { kind: 'forbidden', changeIndex: c.index, key: insertedKey(table, c), message: 'the new row is outside the rows you may write' },
      );
    }
    return group.changes
      .filter((c) => !applied.has(c.index))
      .map((c): ChangeFailure => {
        const row = Object.fromEntries(table.columns.map((column) => [column.name, c.set.get(column.name) ?? null]));
        const issues = checkRows(table, principal, c.index, undefined, row, null, rules);
        return issues.length ? { kind: 'rule', issues } : { kind: 'unexplained', changeIndex: c.index, key: insertedKey(table, c) };
      });
  }
  const q = renderSql(buildGroupDiagnosis(table, principal, group, stage, readableBy(table, principal)), dialect);
  const failures: ChangeFailure[] = [];
  for (const row of (await runner.query(q.sql, q.params)).rows) {
    const change = byIndex.get(Number(row[staged.index]))!;
    if (applied.has(change.index)) continue;
    const at = { changeIndex: change.index, key: change.clientKey };
    if (row[diagnosis.found] !== true || row[diagnosis.readable] !== true) failures.push({ kind: 'missing', ...at });
    else if (row[diagnosis.oldAllowed] !== true) failures.push({ kind: 'forbidden', ...at, message: 'this row is outside the rows you may write' });
    else if (row[diagnosis.newAllowed] !== true)
      failures.push({ kind: 'forbidden', ...at, message: 'the change would move the row outside the rows you may write' });
    else if (row[diagnosis.unlockedOld] !== true || row[diagnosis.unlockedNew] !== true) failures.push({ kind: 'locked', ...at });
    else {
      const conflicts: Conflict[] = [];
      for (const [column, expected] of change.expect) {
        const raw = row[diagnosis.actual(column)] ?? null;
        const coerced = coerceValue(raw, table.columnByName.get(column)!.type);
        const actual = coerced.ok ? coerced.value : raw;
        if (actual !== expected) conflicts.push({ ...at, rowKey: change.rowKey, column, expected, actual });
      }
      if (conflicts.length) {
        failures.push({ kind: 'conflict', conflicts });
        continue;
      }
      const current = Object.fromEntries(table.columns.map((c) => [c.name, row[diagnosis.current(c.name)] ?? null]));
      const issues = checkRows(table, principal, change.index, change.clientKey, { ...current, ...Object.fromEntries(change.set) }, current, rules);
      // Every guard of Roundtrip holds on the current row: the warehouse itself hid or refused it, or a concurrent write raced.
      failures.push(issues.length ? { kind: 'rule', issues } : { kind: 'unexplained', ...at });
    }
  }
  return failures;
}

/** The user's read policies for the diagnosis; null when they may read no row of the table. */
function readableBy(table: ResolvedTable, principal: Principal) {
  try {
    return readRowPolicies(table, principal);
  } catch (error) {
    if (error instanceof AppError && error.code === 'GOV_FORBIDDEN_ROW') return null;
    throw error;
  }
}

function insertedKey(table: ResolvedTable, change: ChangeGroup['changes'][number]): Record<string, unknown> {
  return Object.fromEntries(table.key.filter((k) => change.set.has(k)).map((k) => [k, change.set.get(k)]));
}

/**
 * Turns the failures of one attempt into the single error the caller gets,
 * most fundamental first. Who changed each stale cell is read from the audit
 * in one query, so runs as the service identity.
 */
export async function failureError(
  runner: SqlRunner,
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
      { rows: forbidden.map(({ changeIndex, key, message }) => ({ changeIndex, key, message })) },
    );
  }
  const missing = failures.filter((f) => f.kind === 'missing');
  if (missing.length) {
    const rows = missing.length === 1 ? 'A row' : `${missing.length} rows`;
    return new AppError(
      'ROW_NOT_FOUND',
      `${rows} of ${table.title} ${missing.length === 1 ? 'does' : 'do'} not exist or ${missing.length === 1 ? 'is' : 'are'} not visible to you; nothing was written.`,
      {
        rows: missing.map(({ changeIndex, key }) => ({ changeIndex, key })),
      },
    );
  }
  const locked = failures.filter((f) => f.kind === 'locked');
  if (locked.length) {
    const message = table.locks[0]?.message ?? 'This row is locked.';
    const rows = locked.length === 1 ? 'this row' : `${locked.length} of these rows`;
    return new AppError('WB_LOCKED', `${message} Nothing was written (${rows} of ${table.title}).`, {
      rows: locked.map(({ changeIndex, key }) => ({ changeIndex, key })),
    });
  }
  const stale = failures.flatMap((f) => (f.kind === 'conflict' ? f.conflicts : []));
  if (stale.length) {
    const last = await fetchLastCellChanges(runner, dialect, auditSchema, table.qualifiedName, stale);
    const conflicts = stale.map(({ rowKey, ...conflict }) => {
      const change = last.get(`${rowKey}\n${conflict.column}`);
      return { ...conflict, changedBy: change?.user, changedAt: change?.at };
    });
    const first = conflicts[0]!;
    const by = first.changedBy ? ` by ${first.changedBy}` : '';
    const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more cells)` : '';
    return new AppError('WB_CONFLICT', `${first.column} was changed${by} to ${String(first.actual)} since you read it${more}; nothing was written.`, {
      conflicts,
    });
  }
  const issues = failures.flatMap((f) => (f.kind === 'rule' ? f.issues : []));
  if (issues.length) return validationError(issues);
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
