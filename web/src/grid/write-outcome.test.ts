import { describe, expect, it } from 'vitest';
import { cellId } from '../ui/row-keys';
import type { UpdateChange } from './cell-changes';
import { conflictsByCell, distinctMessages, issuesByCell } from './write-outcome';

const updates: UpdateChange[] = [
  { op: 'update', key: { line_id: 1 }, set: { amount: '-5.00' }, expect: { amount: '1.00' } },
  { op: 'update', key: { line_id: 2 }, set: { amount: '2000000.00', comment: 'x' }, expect: { amount: '1.00', comment: null } },
];

describe('write outcomes by cell', () => {
  it('gives each refused cell one message, the first rule that refused it', () => {
    const cells = issuesByCell(updates, [
      { changeIndex: 0, column: 'amount', rule: 'required', message: 'Amount is required.' },
      { changeIndex: 0, column: 'amount', rule: 'min', message: 'A budget amount is a number from 0 to 50,000,000.' },
      { changeIndex: 1, column: 'comment', rule: 'large_amount_needs_comment', message: 'Lines above 1,500,000 need a comment.' },
    ]);
    expect(cells).toEqual(
      new Map([
        [cellId({ line_id: 1 }, 'amount'), 'Amount is required.'],
        [cellId({ line_id: 2 }, 'comment'), 'Lines above 1,500,000 need a comment.'],
      ]),
    );
  });

  it('puts an issue about a column the change did not set on the cells it did set', () => {
    const cells = issuesByCell(updates, [{ changeIndex: 1, column: 'entity_id', rule: 'gate', message: 'Over the monthly cap.' }]);
    expect([...cells.keys()]).toEqual([cellId({ line_id: 2 }, 'amount'), cellId({ line_id: 2 }, 'comment')]);
  });

  it('finds the conflicted cells by change index', () => {
    const conflict = { changeIndex: 1, key: { line_id: 2 }, column: 'amount', expected: '1.00', actual: '7.00', changedBy: 'director' };
    expect(conflictsByCell(updates, [conflict])).toEqual(new Map([[cellId({ line_id: 2 }, 'amount'), conflict]]));
  });

  it('counts distinct messages for one toast', () => {
    expect(distinctMessages(['a', 'b', 'a'])).toEqual([
      { message: 'a', cells: 2 },
      { message: 'b', cells: 1 },
    ]);
  });
});
