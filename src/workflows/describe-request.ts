import type { ResolvedApp, ResolvedTable } from '../app-model/index.js';
import { humanize } from './humanize.js';
import { coerceValue, toComparable, type CanonicalValue } from '../warehouse/coerce-value.js';
import { AppError } from '../errors/index.js';
import { readRowPolicies } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import { fetchRowsByKey } from '../query/index.js';
import type { Row, WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import type { Change } from '../writeback/changeset-schema.js';
import { formatRowKey } from '../writeback/row-key.js';
import { summarizeRequest, type ApprovalRequest, type ApprovalStep } from './approval-records.js';

export interface CellDiff {
  column: string;
  /** The value the submitter saw (the `expect` of submission time); null for inserts. */
  old: CanonicalValue;
  /** The value the request writes; null for deletes. */
  new: CanonicalValue;
  /** The value in the warehouse now: null when the row does not exist, or when the change is not `visible`. */
  current: CanonicalValue;
  /** True when `current` differs from `old`: applying now would conflict (updates and deletes); null when the change is not `visible`. */
  changedSince: boolean | null;
}

export interface ChangeDiff {
  op: Change['op'];
  key: Record<string, unknown>;
  /**
   * Whether the viewer may see the row at this key as it is now. False when
   * the row is not one their read policy lets them read, and, for a viewer
   * whose policy limits the rows they read, also when no row has the key:
   * the two look the same, so a detail never tells whether a row the viewer
   * may not read exists. Then `rowExists`, every `current` and `changedSince`
   * are null.
   */
  visible: boolean;
  /** Whether a row has this key now; null when the change is not `visible`. */
  rowExists: boolean | null;
  cells: CellDiff[];
}

/** Sums of the amount column over the cells the request changes. */
export interface AmountTotals {
  column: string;
  before: number;
  after: number;
  delta: number;
  /** The same cells as they are now; null when a change is not `visible` to the viewer. */
  current: number | null;
}

/** Who is looking at a request, and under which database identity their reads run. */
export interface RequestViewer {
  principal: Principal;
  identity: WarehouseIdentity | undefined;
}

/**
 * A request for the approval screen: its summary, route, every step, and per
 * change the key with each cell's old → new value and its value now, plus
 * the totals affected. The values now are read as the viewer: through their
 * read policy and under their database identity, so a request shows no more
 * of a row than the viewer's own queries would (callers decide first whether
 * the viewer may see the request at all).
 */
export async function describeRequest(
  warehouse: WarehouseDriver,
  app: ResolvedApp | undefined,
  table: ResolvedTable | undefined,
  request: ApprovalRequest,
  steps: readonly ApprovalStep[],
  viewer: RequestViewer,
) {
  const changes = table ? await diffChanges(warehouse, table, request.changes, viewer) : [];
  const amountColumn = table?.approvals?.amountColumn?.name;
  return {
    ...summarizeRequest(request),
    appTitle: app?.config.title ?? humanize(request.app),
    tableTitle: table?.title && table.title !== request.table ? table.title : humanize(request.table),
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

async function diffChanges(warehouse: WarehouseDriver, table: ResolvedTable, changes: readonly Change[], viewer: RequestViewer): Promise<ChangeDiff[]> {
  const canonical = (column: string, value: unknown) => canonicalValue(table, column, value);
  const keys = changes.map((change) => changeKey(table, change));
  const current = await fetchReadable(warehouse, table, viewer, keys);
  // A viewer who reads every row learns nothing from a missing row; anyone else sees missing and unreadable alike.
  const readsEveryRow = readsAllRows(table, viewer.principal);
  return changes.map((change, i) => {
    const row = current.get(formatRowKey(table, keys[i]!));
    const visible = row !== undefined || readsEveryRow;
    const now = (column: string) => (row ? canonical(column, row[column] ?? null) : null);
    const cell = (column: string, old: CanonicalValue, value: CanonicalValue, compare: boolean): CellDiff =>
      visible
        ? { column, old, new: value, current: now(column), changedSince: compare && now(column) !== old }
        : { column, old, new: value, current: null, changedSince: null };
    const cells =
      change.op === 'update'
        ? Object.entries(change.set).map(([column, value]) => cell(column, canonical(column, change.expect[column] ?? null), canonical(column, value), true))
        : change.op === 'insert'
          ? Object.entries(change.values).map(([column, value]) => cell(column, null, canonical(column, value), false))
          : Object.entries(change.expect).map(([column, value]) => cell(column, canonical(column, value), null, true));
    const key = JSON.parse(formatRowKey(table, keys[i]!)) as Record<string, unknown>;
    return { op: change.op, key, visible, rowExists: visible ? row !== undefined : null, cells };
  });
}

/** A change's row key, values in canonical form. */
export function changeKey(table: ResolvedTable, change: Change): Record<string, CanonicalValue> {
  const source = change.op === 'insert' ? change.values : change.key;
  return Object.fromEntries(table.key.map((k) => [k, canonicalValue(table, k, source[k] ?? null)]));
}

/** A value of a column in canonical form (as given when it does not coerce). */
export function canonicalValue(table: ResolvedTable, column: string, value: unknown): CanonicalValue {
  const type = table.columnByName.get(column)?.type;
  if (!type) return value as CanonicalValue;
  const coerced = coerceValue(value, type);
  return coerced.ok ? coerced.value : (value as CanonicalValue);
}

/** The rows at these keys that the viewer may read now, by audit row key (none when they may read no row of the table). */
export async function fetchReadable(
  warehouse: WarehouseDriver,
  table: ResolvedTable,
  viewer: RequestViewer,
  keys: readonly Record<string, CanonicalValue>[],
): Promise<Map<string, Row>> {
  const rows = await fetchRowsByKey(warehouse, table, viewer.principal, keys, viewer.identity).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'GOV_FORBIDDEN_ROW') return [];
    throw error;
  });
  const canonicalKey = (row: Row) =>
    Object.fromEntries(
      table.key.map((k) => {
        const coerced = coerceValue(row[k], table.columnByName.get(k)!.type);
        return [k, coerced.ok ? coerced.value : (row[k] ?? null)];
      }),
    ) as Record<string, CanonicalValue>;
  return new Map(rows.map((row) => [formatRowKey(table, canonicalKey(row)), row]));
}

function readsAllRows(table: ResolvedTable, principal: Principal): boolean {
  try {
    return readRowPolicies(table, principal).length === 0;
  } catch {
    return false;
  }
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
  let currentKnown = true;
  for (const change of changes) {
    const found = change.cells.find((c) => c.column === column);
    if (!found) continue;
    before += number(found.old);
    after += number(found.new);
    current += number(found.current);
    if (!change.visible) currentKnown = false;
  }
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { column, before: round(before), after: round(after), delta: round(after - before), current: currentKnown ? round(current) : null };
}
