import type { ResolvedTable } from '../app-model/index.js';
import type { ColumnType } from '../warehouse/column-type.js';
import type { CanonicalValue } from '../warehouse/coerce-value.js';
import type { StagedColumn, StagedValue } from '../warehouse/dialect.js';
import { ident, join, sql, type SqlFragment, stagedRowsOf, typed } from '../warehouse/sql.js';
import type { ChangeGroup } from './group-changes.js';

/** Alias of the staged changes in every set-based statement. */
export const STAGED = 's';
/** Alias of the target table in every set-based statement. */
export const TARGET = 't';

/** Up to this many changes, the statement also names their keys as bound values (`keyFilter`). */
const KEY_FILTER_CHANGES = 8;

const BOOLEAN: ColumnType = { kind: 'boolean', sql: 'BOOLEAN' };
const INTEGER: ColumnType = { kind: 'integer', sql: 'INTEGER', bits: 32 };

/** Staged column names: the change index, key values, written values and flags, expected values and flags. */
export const staged = {
  index: '__i',
  key: (column: string) => `k:${column}`,
  value: (column: string) => `v:${column}`,
  writes: (column: string) => `w:${column}`,
  expected: (column: string) => `e:${column}`,
  expects: (column: string) => `x:${column}`,
};

/**
 * A group's changes as a staged relation (`… AS s`): one row per change with
 * its index, key, new values and expected values, bound as a fixed number of
 * parameters. A column that only some changes write or compare gets a
 * boolean flag saying which; a column every change writes needs none.
 */
export interface StagedGroup {
  relation: SqlFragment;
  /** Written by some changes only: the statement reads `w:<column>`. */
  partlyWritten: Set<string>;
  /** Compared by some changes only: the statement reads `x:<column>`. */
  partlyExpected: Set<string>;
  /**
   * For a few changes to existing rows: their keys as a predicate on the
   * target with bound values, redundant with the join on the staged keys but
   * one the warehouse can answer from the key's index instead of scanning.
   */
  keyFilter?: SqlFragment;
}

export function stageGroup(table: ResolvedTable, group: ChangeGroup): StagedGroup {
  const typeOf = (column: string) => table.columnByName.get(column)!.type;
  const columns: StagedColumn[] = [{ name: staged.index, type: INTEGER }];
  const readers: ((change: ChangeGroup['changes'][number]) => StagedValue)[] = [(c) => String(c.index)];
  const add = (name: string, type: ColumnType, read: (change: ChangeGroup['changes'][number]) => StagedValue) => {
    columns.push({ name, type });
    readers.push(read);
  };
  const partlyWritten = new Set(group.written.filter((c) => !group.changes.every((change) => change.set.has(c))));
  const partlyExpected = new Set(group.expected.filter((c) => !group.changes.every((change) => change.expect.has(c))));
  if (group.op !== 'insert') for (const k of table.key) add(staged.key(k), typeOf(k), (c) => text(c.key[k] ?? null));
  for (const column of group.written) {
    add(staged.value(column), typeOf(column), (c) => text(c.set.get(column) ?? null));
    if (partlyWritten.has(column)) add(staged.writes(column), BOOLEAN, (c) => String(c.set.has(column)));
  }
  for (const column of group.expected) {
    add(staged.expected(column), typeOf(column), (c) => text(c.expect.get(column) ?? null));
    if (partlyExpected.has(column)) add(staged.expects(column), BOOLEAN, (c) => String(c.expect.has(column)));
  }
  const rows = group.changes.map((change) => readers.map((read) => read(change)));
  const keyFilter =
    group.op !== 'insert' && group.changes.length <= KEY_FILTER_CHANGES
      ? sql`(${join(
          group.changes.map(
            (change) =>
              sql`(${join(
                table.key.map((k) => sql`${targetColumn(k)} = ${typed(text(change.key[k] ?? null), typeOf(k))}`),
                ' AND ',
              )})`,
          ),
          ' OR ',
        )})`
      : undefined;
  return { relation: stagedRowsOf(columns, rows, STAGED), partlyWritten, partlyExpected, ...(keyFilter ? { keyFilter } : {}) };
}

/** `s."<name>"`: a staged column. */
export function stagedColumn(name: string): SqlFragment {
  return sql`${ident(STAGED)}.${ident(name)}`;
}

/** `t."<column>"`: a column of the target row. */
export function targetColumn(column: string): SqlFragment {
  return sql`${ident(TARGET)}.${ident(column)}`;
}

function text(value: CanonicalValue): StagedValue {
  return value === null ? null : String(value);
}
