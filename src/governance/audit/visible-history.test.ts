import { describe, expect, it } from 'vitest';
import type { CellHistoryEntry } from './fetch-history.js';
import { filterVisibleHistory } from './visible-history.js';

let clock = 0;
/** One cell entry; build a history oldest first, then reverse it (the history is newest first). */
const entry = (changesetId: string, op: string, column: string, old: string | null, value: string | null): CellHistoryEntry => ({
  changesetId,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, (clock += 1))).toISOString(),
  user: 'someone',
  op,
  column,
  old,
  new: value,
  reason: null,
  reverts: null,
  changesetRows: 1,
});
const mine = (row: Record<string, unknown>) => row.entity === 'E01';
const ids = (entries: CellHistoryEntry[]) => [...new Set(entries.map((e) => e.changesetId))];

describe('filterVisibleHistory', () => {
  it('hides what was written while the row was outside the reader rows, and the move that brought it in', () => {
    const history = [
      entry('c1', 'update', 'comment', null, 'secret'),
      entry('c2', 'update', 'entity', 'E06', 'E01'),
      entry('c3', 'update', 'comment', 'secret', 'mine'),
    ].reverse();
    expect(ids(filterVisibleHistory(history, { entity: 'E01', comment: 'mine' }, mine))).toEqual(['c3']);
  });

  it('shows an earlier life under the same key only as far as the reader could read it', () => {
    const history = [
      entry('c1', 'insert', 'entity', null, 'E06'),
      entry('c1', 'insert', 'comment', null, 'former'),
      entry('c2', 'delete', 'entity', 'E06', null),
      entry('c2', 'delete', 'comment', 'former', null),
      entry('c3', 'insert', 'entity', null, 'E01'),
      entry('c4', 'update', 'amount', null, '5'),
    ].reverse();
    expect(ids(filterVisibleHistory(history, { entity: 'E01', amount: '5' }, mine))).toEqual(['c4', 'c3']);
  });

  it('keeps every entry for a reader of every row, inserts and deletes included', () => {
    const history = [entry('c1', 'insert', 'entity', null, 'E06'), entry('c2', 'delete', 'entity', 'E06', null), entry('c3', 'insert', 'entity', null, 'E06')];
    expect(ids(filterVisibleHistory(history.reverse(), { entity: 'E06' }, () => true))).toEqual(['c3', 'c2', 'c1']);
  });

  it('undoes several changes of one row in one changeset before judging it', () => {
    const history = [entry('c1', 'update', 'entity', 'E06', 'E02'), entry('c1', 'update', 'entity', 'E02', 'E01')].reverse();
    expect(filterVisibleHistory(history, { entity: 'E01' }, mine)).toEqual([]);
  });

  it('leaves out the oldest changeset when the history was cut at a limit', () => {
    const history = [entry('c1', 'update', 'amount', '1', '2'), entry('c2', 'update', 'amount', '2', '3')].reverse();
    expect(ids(filterVisibleHistory(history, { entity: 'E01', amount: '3' }, mine, true))).toEqual(['c2']);
  });
});
