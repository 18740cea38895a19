import { describe, expect, it } from 'vitest';
import { axisMembers, cellsUnder, indexBaseRows, lockReason, matrixLines, sumUnits } from './matrix-model';

const accounts = [
  { account_id: '4000', label: 'Product revenue', pl: 'Revenue' },
  { account_id: '5000', label: 'Materials', pl: 'Cost of sales' },
  { account_id: '4100', label: 'Service revenue', pl: 'Revenue' },
  { account_id: '4100', label: 'duplicate', pl: 'Revenue' },
  { account_id: '8100', label: 'FX', pl: null },
];

describe('matrix model', () => {
  it('takes axis members in dataset order, once each, with labels and groups', () => {
    const members = axisMembers(accounts, { key: 'account_id', label: 'label', group: 'pl' }, [], String);
    expect(members.map((m) => [m.id, m.label, m.group])).toEqual([
      ['4000', 'Product revenue', 'Revenue'],
      ['5000', 'Materials', 'Cost of sales'],
      ['4100', 'Service revenue', 'Revenue'],
      ['8100', 'FX', null],
    ]);
  });

  it('takes the values present, sorted, without a dataset', () => {
    const members = axisMembers(null, { key: 'period' }, ['2026-02-01', '2026-01-01', '2026-02-01', 10, 9], (v) => `m ${v}`);
    expect(members.map((m) => m.id)).toEqual(['9', '10', '2026-01-01', '2026-02-01']);
    expect(members[0]!.label).toBe('m 9');
  });

  it('groups lines with a subtotal after each group and a grand total', () => {
    const members = axisMembers(accounts, { key: 'account_id', label: 'label', group: 'pl' }, [], String);
    const lines = matrixLines(members, true);
    expect(lines.map((l) => `${l.kind}:${l.label}:${l.rowIds.join('+')}`)).toEqual([
      'member:Product revenue:4000',
      'member:Service revenue:4100',
      'subtotal:Revenue:4000+4100',
      'member:Materials:5000',
      'subtotal:Cost of sales:5000',
      'member:FX:8100',
      'subtotal:Other:8100',
      'total:Total:4000+5000+4100+8100',
    ]);
    expect(matrixLines(members.slice(0, 1), false).map((l) => l.kind)).toEqual(['member']);
  });

  it('indexes table rows under their cells and adds them up exactly', () => {
    const rows = [
      { id: 1, account: '4000', period: '2026-01-01', amount: '100.10' },
      { id: 2, account: '4000', period: '2026-02-01', amount: '200.20' },
      { id: 3, account: '4100', period: '2026-01-01', amount: null },
      { id: 4, account: '4000', period: '2026-01-01', amount: '0.01' },
    ];
    const index = indexBaseRows(rows, [['amount'], ['amount'], [], ['comment']], [null, null, null, null], {
      key: ['id'],
      value: 'amount',
      rowColumn: 'account',
      colColumn: 'period',
      scale: 2,
    });
    const jan = cellsUnder(index, ['4000'], ['2026-01-01']);
    expect(jan.map((c) => c.key)).toEqual([{ id: 1 }, { id: 4 }]);
    expect(jan.map((c) => c.editable)).toEqual([true, false]);
    expect(sumUnits(jan)).toBe(10011n);
    expect(sumUnits(cellsUnder(index, ['4000', '4100'], ['2026-01-01', '2026-02-01']))).toBe(30031n);
    expect(lockReason(cellsUnder(index, ['4100'], ['2026-01-01']))).toMatch(/Locked/);
    expect(lockReason(cellsUnder(index, ['4100'], ['2026-02-01']))).toMatch(/No line/);
    expect(lockReason(jan)).toBeNull();
    const closed = indexBaseRows([rows[0]!], [[]], ['January is closed.'], {
      key: ['id'],
      value: 'amount',
      rowColumn: 'account',
      colColumn: 'period',
      scale: 2,
    });
    expect(lockReason(cellsUnder(closed, ['4000'], ['2026-01-01']))).toBe('Locked: January is closed.');
  });
});
