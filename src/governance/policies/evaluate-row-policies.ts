import type { Expression, ResolvedTable } from '../../app-model/index.js';
import { coerceValue, toComparable } from '../../warehouse/coerce-value.js';
import { expressionUser, type Principal } from '../principal.js';

/** A row with numbers as JS numbers, as expressions compare them. */
export function comparableRow(table: ResolvedTable, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of table.columns) {
    const coerced = coerceValue(row[column.name], column.type);
    out[column.name] = coerced.ok ? toComparable(coerced.value, column.type) : row[column.name];
  }
  return out;
}

/** The same policies the SQL enforces, evaluated in JS on a row already in hand (e.g. to filter live events). */
export function rowSatisfies(policies: readonly Expression[], table: ResolvedTable, principal: Principal, row: Record<string, unknown>): boolean {
  if (policies.length === 0) return true;
  const context = { row: comparableRow(table, row), user: expressionUser(principal) };
  return policies.some((p) => {
    try {
      return p.evaluate(context) === true;
    } catch {
      return false;
    }
  });
}
