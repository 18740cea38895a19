import { describe, expect, it } from 'vitest';
import { changedCells } from './row-diff';

describe('changedCells', () => {
  it('finds the cells that differ between two readings, by row key', () => {
    const before = [
      { line_id: 1, amount: '10.00', comment: null },
      { line_id: 2, amount: '20.00', comment: 'a' },
      { line_id: 3, amount: '30.00', comment: null },
    ];
    const after = [
      { line_id: 2, amount: '20.00', comment: 'b' },
      { line_id: 1, amount: '11.00', comment: null },
      { line_id: 4, amount: '40.00', comment: null },
    ];
    expect(changedCells(before, after, ['line_id'], ['amount', 'comment'])).toEqual([
      { key: { line_id: 2 }, column: 'comment' },
      { key: { line_id: 1 }, column: 'amount' },
    ]);
  });

  it('compares values as the server sends them: null and empty text differ, 10 and "10" do not', () => {
    expect(changedCells([{ id: 1, v: null }], [{ id: 1, v: '' }], ['id'], ['v'])).toHaveLength(1);
    expect(changedCells([{ id: 1, v: 10 }], [{ id: 1, v: '10' }], ['id'], ['v'])).toHaveLength(0);
  });
});
