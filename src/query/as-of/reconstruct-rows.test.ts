import { describe, expect, it } from 'vitest';
import type { TimedCell } from '../../governance/audit/index.js';
import { reconstructRows } from './reconstruct-rows.js';

const cell = (op: 'insert' | 'update' | 'delete', rowKey: string, column: string, oldValue: string | null, newValue: string | null): TimedCell => ({
  cell: { op, rowKey, column, oldValue, newValue },
  committedAt: '',
  username: 'u',
  changesetId: 'c',
});

describe('reconstructRows', () => {
  it('keeps the value a cell had before its first later change', () => {
    expect(reconstructRows([cell('update', 'k1', 'amount', '1.00', '2.00'), cell('update', 'k1', 'amount', '2.00', '3.00')])).toEqual([
      { rowKey: 'k1', existed: true, values: { amount: '1.00' }, deletedSince: false },
    ]);
  });

  it('drops rows inserted later and restores rows deleted later', () => {
    const rows = reconstructRows([
      cell('insert', 'new', 'amount', null, '5.00'),
      cell('update', 'gone', 'amount', '7.00', '8.00'),
      cell('delete', 'gone', 'amount', '8.00', null),
      cell('delete', 'gone', 'comment', 'x', null),
    ]);
    expect(rows).toEqual([
      { rowKey: 'new', existed: false, values: {}, deletedSince: false },
      { rowKey: 'gone', existed: true, values: { amount: '7.00', comment: 'x' }, deletedSince: true },
    ]);
  });
});
