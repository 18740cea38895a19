import type { ResolvedTable } from '../app-model/index.js';
import type { AuditCell } from '../governance/audit/index.js';
import type { Row } from '../warehouse/driver.js';
import { coerceValue, type CanonicalValue } from '../warehouse/coerce-value.js';
import type { PreparedChange } from './prepare-changes.js';
import { formatRowKey } from './row-key.js';

/** The audit cell rows of one applied change: old and new value of every written cell. */
export function auditCells(table: ResolvedTable, change: PreparedChange, row: Row): AuditCell[] {
  const text = (v: CanonicalValue) => (v === null ? null : String(v));
  if (change.op === 'update') {
    return [...change.set].map(([column, value]) => ({
      op: 'update',
      rowKey: change.rowKey,
      column,
      oldValue: text(change.expect.get(column) ?? null),
      newValue: text(value),
    }));
  }
  const values = canonicalRow(table, row);
  const rowKey = formatRowKey(table, values);
  return table.columns
    .filter((c) => values[c.name] !== null)
    .map((c) => ({
      op: change.op,
      rowKey,
      column: c.name,
      oldValue: change.op === 'delete' ? text(values[c.name]!) : null,
      newValue: change.op === 'insert' ? text(values[c.name]!) : null,
    }));
}

/** A returned row in canonical form (what audits store and keys compare). */
function canonicalRow(table: ResolvedTable, row: Row): Record<string, CanonicalValue> {
  const out: Record<string, CanonicalValue> = {};
  for (const column of table.columns) {
    const coerced = coerceValue(row[column.name], column.type);
    out[column.name] = coerced.ok ? coerced.value : (row[column.name] ?? null);
  }
  return out;
}
