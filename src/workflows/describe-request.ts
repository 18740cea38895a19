import type { ResolvedTable } from '../app-model/index.js';
import { coerceValue, toComparable, type CanonicalValue } from '../warehouse/coerce-value.js';
import type { Row, WarehouseDriver } from '../warehouse/driver.js';
import { ident, join, renderSql, sql, table as tableRef, typed } from '../warehouse/sql.js';
import type { Change } from '../writeback/changeset-schema.js';
import { formatRowKey } from '../writeback/row-key.js';
import { summarizeRequest, type ApprovalRequest, type ApprovalStep } from './approval-records.js';

export interface CellDiff {
  column: string;
  /** The value the submitter saw (the `expect` of submission time); null for inserts. */
  old: CanonicalValue;
  /** The value the request writes; null for deletes. */
  new: CanonicalValue;
  /** The value in the warehouse now (null when the row does not exist). */
  current: CanonicalValue;
  /** True when `current` differs from `old`: applying now would conflict (updates and deletes). */
  changedSince: boolean;
}

export interface ChangeDiff {
  op: Change['op'];
  key: Record<string, unknown>;
  rowExists: boolean;
  cells: CellDiff[];
}

/** Sums of the amount column over the cells the request changes. */
export interface AmountTotals {
  column: string;
  before: number;
  after: number;
  delta: number;
  /** The same cells as they are now. */
  current: number;
}

/**
 * A request for the approval screen: its summary, route, every step, and per
 * change the key with each cell's old → new value and its value now, plus
 * the totals affected. Reads the current rows by key (service identity: the
 * viewer was already found entitled to the request).
 */
export async function describeRequest(warehouse: WarehouseDriver, table: ResolvedTable | undefined, request: ApprovalRequest, steps: readonly ApprovalStep[]) {
  const changes = table ? await diffChanges(warehouse, table, request.changes) : [];
  const amountColumn = table?.approvals?.amountColumn?.name;
  return {
    ...summarizeRequest(request),
    levels: request.route.map((level, i) => ({ ...level, state: levelState(request, i) })),
    steps,
    changes,
    totals: table && amountColumn ? amountTotals(table, amountColumn, changes) : null,
  };
}

function levelState(request: ApprovalRequest, index: number): 'approved' | 'waiting' | 'pending' | 'skipped' {
  if (index < request.currentLevel) return 'approved';
  if (request.status === 'pending') return index === request.currentLevel ? 'waiting' : 'pending';
  return 'skipped';
}

async function diffChanges(warehouse: WarehouseDriver, table: ResolvedTable, changes: readonly Change[]): Promise<ChangeDiff[]> {
  const canonical = (column: string, value: unknown): CanonicalValue => {
    const type = table.columnByName.get(column)?.type;
    if (!type) return value as CanonicalValue;
    const coerced = coerceValue(value, type);
    return coerced.ok ? coerced.value : (value as CanonicalValue);
  };
  const keyOf = (change: Change) => {
    const source = change.op === 'insert' ? change.values : change.key;
    return Object.fromEntries(table.key.map((k) => [k, canonical(k, source[k] ?? null)]));
  };
  const current = await fetchRowsByKey(warehouse, table, changes.map(keyOf));
  return changes.map((change) => {
    const key = keyOf(change);
    const rowKey = formatRowKey(table, key);
    const row = current.get(rowKey);
    const now = (column: string) => (row ? canonical(column, row[column] ?? null) : null);
    const cells =
      change.op === 'update'
        ? Object.entries(change.set).map(([column, value]) =>
            cell(column, canonical(column, change.expect[column] ?? null), canonical(column, value), now(column), true),
          )
        : change.op === 'insert'
          ? Object.entries(change.values).map(([column, value]) => cell(column, null, canonical(column, value), now(column), false))
          : Object.entries(change.expect).map(([column, value]) => cell(column, canonical(column, value), null, now(column), true));
    return { op: change.op, key: JSON.parse(rowKey) as Record<string, unknown>, rowExists: row !== undefined, cells };
  });
}

function cell(column: string, old: CanonicalValue, value: CanonicalValue, current: CanonicalValue, compare: boolean): CellDiff {
  return { column, old, new: value, current, changedSince: compare && current !== old };
}

function amountTotals(table: ResolvedTable, column: string, changes: readonly ChangeDiff[]): AmountTotals {
  const type = table.columnByName.get(column)!.type;
  const number = (value: CanonicalValue) => {
    const comparable = value === null ? 0 : toComparable(value, type);
    return typeof comparable === 'number' && Number.isFinite(comparable) ? comparable : 0;
  };
  let before = 0;
  let after = 0;
  let current = 0;
  for (const change of changes) {
    const found = change.cells.find((c) => c.column === column);
    if (!found) continue;
    before += number(found.old);
    after += number(found.new);
    current += number(found.current);
  }
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { column, before: round(before), after: round(after), delta: round(after - before), current: round(current) };
}

/** The current rows with these keys, by audit row key (200 keys per query). */
async function fetchRowsByKey(warehouse: WarehouseDriver, table: ResolvedTable, keys: readonly Record<string, CanonicalValue>[]): Promise<Map<string, Row>> {
  const rows = new Map<string, Row>();
  const usable = keys.filter((key) => table.key.every((k) => key[k] !== null && key[k] !== undefined));
  for (let start = 0; start < usable.length; start += 200) {
    const match = usable.slice(start, start + 200).map(
      (key) =>
        sql`(${join(
          table.key.map((k) => sql`${ident(k)} = ${typed(key[k], table.columnByName.get(k)!.type)}`),
          ' AND ',
        )})`,
    );
    const q = renderSql(
      sql`SELECT ${join(
        table.columns.map((c) => ident(c.name)),
        ', ',
      )} FROM ${tableRef(table.qualifiedName)} WHERE ${join(match, ' OR ')}`,
      warehouse.dialect,
    );
    for (const row of (await warehouse.query(q.sql, q.params)).rows) {
      const key = Object.fromEntries(
        table.key.map((k) => {
          const coerced = coerceValue(row[k], table.columnByName.get(k)!.type);
          return [k, coerced.ok ? coerced.value : (row[k] ?? null)];
        }),
      );
      rows.set(formatRowKey(table, key), row);
    }
  }
  return rows;
}
