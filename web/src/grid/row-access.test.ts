import { describe, expect, it } from 'vitest';
import type { ColumnInfo, QueryResult, TableInfo } from '../api/types';
import { cellRefusal, mayEditCell, rowAccess, rowsWithAccess } from './row-access';

const column = (name: string): ColumnInfo =>
  ({ name, type: 'DECIMAL(18,2)', generated: false, editable: true, nullable: true, insertable: true }) as ColumnInfo;
const table = { key: ['id'], canUpdate: true, columns: [column('id'), column('amount'), column('note')] } as unknown as TableInfo;
const result = (extra: Partial<QueryResult>): QueryResult =>
  ({
    columns: [],
    rows: [
      { id: 1, amount: '10.00' },
      { id: 2, amount: '20.00' },
      { id: 3, amount: '30.00' },
    ],
    ...extra,
  }) as QueryResult;

describe('row access from the server', () => {
  it('lets a row be typed into only where the server said so, and says why not', () => {
    const rows = rowsWithAccess(result({ editable: [['amount', 'note'], [], ['note']], locked: [null, 'The month is closed.', null] }));
    expect(rows.map((r) => mayEditCell(table, column('amount'), r))).toEqual([true, false, false]);
    expect(rows.map((r) => cellRefusal(table, column('amount'), r))).toEqual([null, 'The month is closed.', 'You may not change this row.']);
    expect(cellRefusal(table, column('note'), rows[2]!)).toBeNull();
  });

  it('travels with copies of the row and stays out of its columns and JSON', () => {
    const [row] = rowsWithAccess(result({ editable: [['note'], [], []] }));
    const copy = { ...row!, amount: '11.00' };
    expect(rowAccess(copy)?.editable.has('note')).toBe(true);
    expect(Object.keys(copy)).toEqual(['id', 'amount']);
    expect(JSON.stringify(copy)).toBe('{"id":1,"amount":"11.00"}');
  });

  it('leaves rows as the table allows when the server sent no access (a read-only or past view)', () => {
    const rows = rowsWithAccess(result({}));
    expect(rowAccess(rows[0]!)).toBeUndefined();
    expect(mayEditCell(table, column('amount'), rows[0]!)).toBe(true);
    expect(mayEditCell({ ...table, canUpdate: false }, column('amount'), rows[0]!)).toBe(false);
  });
});
