import type { ResolvedApprovals, ResolvedTable, WriteOperation } from '../app-model/index.js';
import { coerceValue, toComparable } from '../warehouse/coerce-value.js';
import type { Row } from '../warehouse/driver.js';
import type { Change } from '../writeback/changeset-schema.js';
import type { RouteLevel } from './approval-records.js';

/** What `when` expressions see. */
export interface RouteInput {
  amount: number;
  user: Record<string, unknown>;
  changes: readonly Change[];
}

/**
 * The levels a submission must pass, in configured order: those whose `when`
 * holds or is absent. An expression that fails to evaluate counts as true, so
 * a broken rule adds a level rather than skipping one. Pure.
 */
export function buildRoute(approvals: ResolvedApprovals, input: RouteInput): RouteLevel[] {
  const context = { amount: input.amount, user: input.user, changes: input.changes.map(expressionChange) };
  return approvals.levels
    .filter((level) => {
      if (!level.when) return true;
      try {
        return level.when.evaluate(context) === true;
      } catch {
        return true;
      }
    })
    .map((level) => ({ name: level.name, roles: [...level.roles], mode: level.mode }));
}

/**
 * A submission's amount: the sum of the amount column over the rows it
 * inserts or updates, as the statements would write them (for an update the
 * new value, or the row's value when the update leaves it alone). Deletes add
 * nothing. 0 without an amount column.
 */
export function submissionAmount(table: ResolvedTable, approvals: ResolvedApprovals, rows: readonly { op: WriteOperation; row: Row }[]): number {
  const column = approvals.amountColumn;
  if (!column) return 0;
  let total = 0;
  for (const { op, row } of rows) {
    if (op === 'delete') continue;
    const coerced = coerceValue(row[column.name], table.columnByName.get(column.name)?.type ?? column.type);
    const value = coerced.ok ? toComparable(coerced.value, column.type) : null;
    if (typeof value === 'number' && Number.isFinite(value)) total += value;
  }
  return Math.round(total * 1e6) / 1e6;
}

/** A change as `when` expressions read it: `op`, `key`, `values` (new values), `expect` (values seen). */
function expressionChange(change: Change): Record<string, unknown> {
  if (change.op === 'insert') return { op: 'insert', key: {}, values: change.values, expect: {} };
  if (change.op === 'update') return { op: 'update', key: change.key, values: change.set, expect: change.expect };
  return { op: 'delete', key: change.key, values: {}, expect: change.expect };
}
