import { describe, expect, it } from 'vitest';
import { buildUpdates, type CellChange, invertChanges } from './cell-changes';
import { EMPTY_HISTORY, forgetEntry, markRedone, markUndone, nextRedo, nextUndo, rebaseEntry, recordEdit, UNDO_LIMIT, type UndoEntry } from './undo-history';

const change = (line: number, column: string, before: unknown, after: unknown): CellChange => ({ key: { line_id: line }, column, before, after });
const entry = (id: string, ...changes: CellChange[]): UndoEntry => ({ id, label: 'Edit', changes });

describe('undo history', () => {
  it('undoes the newest edit first, writing the old value and expecting the new one', () => {
    let history = recordEdit(EMPTY_HISTORY, entry('a', change(1, 'amount', '10.00', '20.00')));
    history = recordEdit(history, entry('b', change(2, 'comment', null, 'x'), change(2, 'amount', '5.00', '6.00')));
    const undo = nextUndo(history);
    expect(undo?.entry.id).toBe('b');
    // Reversed, so a cell changed twice in one entry ends on its first value.
    expect(undo?.changes).toEqual([change(2, 'amount', '6.00', '5.00'), change(2, 'comment', 'x', null)]);
  });

  it('moves entries between undo and redo only once their write succeeded', () => {
    let history = recordEdit(EMPTY_HISTORY, entry('a', change(1, 'amount', '10.00', '20.00')));
    expect(nextRedo(history)).toBeNull();
    history = markUndone(history, 'a');
    expect(nextUndo(history)).toBeNull();
    expect(nextRedo(history)?.changes).toEqual([change(1, 'amount', '10.00', '20.00')]);
    history = markRedone(history, 'a');
    expect(nextUndo(history)?.entry.id).toBe('a');
    expect(history.redo).toEqual([]);
  });

  it('a new edit ends what could be redone', () => {
    let history = recordEdit(EMPTY_HISTORY, entry('a', change(1, 'amount', '1', '2')));
    history = markUndone(history, 'a');
    history = recordEdit(history, entry('b', change(1, 'amount', '1', '3')));
    expect(nextRedo(history)).toBeNull();
    expect(history.undo.map((e) => e.id)).toEqual(['b']);
  });

  it('forgets an edit that was never written, and keeps at most UNDO_LIMIT entries', () => {
    let history = EMPTY_HISTORY;
    for (let i = 0; i < UNDO_LIMIT + 5; i++) history = recordEdit(history, entry(`e${i}`, change(i, 'amount', '0', '1')));
    expect(history.undo).toHaveLength(UNDO_LIMIT);
    expect(history.undo[0]?.id).toBe('e5');
    history = forgetEntry(history, `e${UNDO_LIMIT + 4}`);
    expect(nextUndo(history)?.entry.id).toBe(`e${UNDO_LIMIT + 3}`);
  });

  it('after "keep mine" the undo restores the value that was overwritten', () => {
    let history = recordEdit(EMPTY_HISTORY, entry('a', change(1, 'amount', '10.00', '20.00')));
    history = rebaseEntry(history, 'a', () => '15.00');
    expect(nextUndo(history)?.changes).toEqual([change(1, 'amount', '20.00', '15.00')]);
  });
});

describe('buildUpdates', () => {
  it('makes one update per row with set and expect', () => {
    expect(buildUpdates([change(1, 'amount', '1', '2'), change(2, 'amount', '3', '4'), change(1, 'comment', null, 'c')])).toEqual([
      { op: 'update', key: { line_id: 1 }, set: { amount: '2', comment: 'c' }, expect: { amount: '1', comment: null } },
      { op: 'update', key: { line_id: 2 }, set: { amount: '4' }, expect: { amount: '3' } },
    ]);
  });

  it('a cell listed twice expects its first value and writes its last', () => {
    expect(buildUpdates([change(1, 'amount', '1', '2'), change(1, 'amount', '2', '3')])).toEqual([
      { op: 'update', key: { line_id: 1 }, set: { amount: '3' }, expect: { amount: '1' } },
    ]);
  });

  it('inverts changes in reverse order', () => {
    expect(invertChanges([change(1, 'a', 1, 2), change(1, 'a', 2, 3)])).toEqual([change(1, 'a', 3, 2), change(1, 'a', 2, 1)]);
  });
});
