import type { Expression, ResolvedTable, WriteOperation } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { PreparedChange } from './prepare-changes.js';
import { formatRowKey } from './row-key.js';

/**
 * Changes that one set-based statement applies: the same operation and the
 * same row policies (and, for inserts, the same columns, since a column left
 * out takes the warehouse's default). A changeset has a handful of groups
 * whatever its size.
 */
export interface ChangeGroup {
  op: WriteOperation;
  /** The row (before and after) must satisfy one of these; empty: any row. */
  rowPolicies: Expression[];
  changes: PreparedChange[];
  /** Update: columns some change writes. Insert: the columns every change gives. Delete: none. */
  written: string[];
  /** Update and delete: columns some change compares with the value the user saw. */
  expected: string[];
}

/** Order in which groups run: deletes free keys and unique values before updates and inserts use them. */
const OP_ORDER: Record<WriteOperation, number> = { delete: 0, update: 1, insert: 2 };

/** Splits prepared changes into statement groups, in run order; changes keep their order inside a group. */
export function groupChanges(table: ResolvedTable, changes: readonly PreparedChange[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const change of changes) {
    const columns = change.op === 'insert' ? [...change.set.keys()].sort() : [];
    const id = [change.op, policyId(change.rowPolicies), columns.join(',')].join('|');
    let group = groups.get(id);
    if (!group) {
      group = { op: change.op, rowPolicies: change.rowPolicies, changes: [], written: [], expected: [] };
      groups.set(id, group);
    }
    group.changes.push(change);
  }
  for (const group of groups.values()) {
    const written = new Set(group.changes.flatMap((c) => [...c.set.keys()]));
    const expected = new Set(group.changes.flatMap((c) => [...c.expect.keys()]));
    // Table order keeps statement texts stable for the same shape of changeset.
    group.written = table.columns.map((c) => c.name).filter((c) => written.has(c));
    group.expected = table.columns.map((c) => c.name).filter((c) => expected.has(c));
  }
  return [...groups.values()].sort((a, b) => OP_ORDER[a.op] - OP_ORDER[b.op]);
}

function policyId(policies: readonly Expression[]): string {
  return policies
    .map((p) => p.source)
    .sort()
    .join('\n');
}

/**
 * Refuses a changeset that changes one row twice: its changes run as sets,
 * not in sequence, so "update then delete row 5" has no defined order. Each
 * row's changes belong in one change. Inserts count by the key they give.
 */
export function assertOneChangePerRow(table: ResolvedTable, changes: readonly PreparedChange[]): void {
  const seen = new Map<string, number>();
  const repeats: { changeIndex: number; firstChangeIndex: number; key: Record<string, unknown> }[] = [];
  for (const change of changes) {
    const rowKey = change.op === 'insert' ? insertKey(table, change) : change.rowKey;
    if (rowKey === undefined) continue;
    const first = seen.get(rowKey);
    if (first === undefined) seen.set(rowKey, change.index);
    else repeats.push({ changeIndex: change.index, firstChangeIndex: first, key: JSON.parse(rowKey) as Record<string, unknown> });
  }
  if (repeats.length === 0) return;
  const [r] = repeats;
  throw new AppError(
    'WB_DUPLICATE_ROW',
    `Changes ${r!.firstChangeIndex} and ${r!.changeIndex} both change the row ${JSON.stringify(r!.key)}; put each row's changes in one change.`,
    { rows: repeats },
  );
}

/** The row key an insert gives, in the audit's form; undefined when the warehouse makes the key. */
function insertKey(table: ResolvedTable, change: PreparedChange): string | undefined {
  if (!table.key.every((k) => change.set.get(k) != null)) return undefined;
  return formatRowKey(table, Object.fromEntries(table.key.map((k) => [k, change.set.get(k)!])));
}
