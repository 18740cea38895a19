import { describe, expect, it } from 'vitest';
import type { ColumnInfo, FormFieldSpec } from '../api/types';
import { checkField, checkInputs, parseField } from './form-fields';

const amount: ColumnInfo = { name: 'amount', type: 'DECIMAL(18,2)', generated: false, editable: true, insertable: true, nullable: false };
const period: ColumnInfo = { name: 'period', type: 'DATE', generated: false, editable: true, insertable: true, nullable: false };
const comment: ColumnInfo = { name: 'comment', type: 'VARCHAR', generated: false, editable: true, insertable: true, nullable: true };
const ratio: ColumnInfo = { name: 'ratio', type: 'DOUBLE', generated: false, editable: true, insertable: true, nullable: true };
const field = (column: string, extra: Partial<FormFieldSpec> = {}): FormFieldSpec => ({ column, ...extra });

describe('form fields', () => {
  it('reads numbers as the grid does: thousands separators yes, European decimals no, exact digits kept', () => {
    expect(parseField('150,000', field('amount'), amount)).toEqual({ ok: true, value: '150000.00' });
    expect(parseField(' 1,250.50 ', field('amount'), amount)).toEqual({ ok: true, value: '1250.50' });
    expect(parseField('1,25', field('amount', { label: 'Amount' }), amount)).toEqual({ ok: false, message: expect.stringContaining('Amount takes a number') });
    expect(parseField('1.005', field('amount'), amount)).toMatchObject({ ok: false });
    expect(parseField('2.5', field('ratio'), ratio)).toEqual({ ok: true, value: 2.5 });
  });

  it('reads dates as YYYY-MM-DD and months as their first day', () => {
    expect(parseField('2026-03-31', field('period', { input: 'date' }), period)).toEqual({ ok: true, value: '2026-03-31' });
    expect(parseField('03/31/2026', field('period', { input: 'date', label: 'Period' }), period)).toEqual({
      ok: false,
      message: 'Period is a date written YYYY-MM-DD, like 2026-03-31.',
    });
    expect(parseField('2026-03', field('period', { input: 'month' }), period)).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseField('2026-13', field('period', { input: 'month' }), period)).toEqual({ ok: false, message: 'Choose a month.' });
  });

  it('reports required fields and leaves empty optional ones out', () => {
    expect(parseField('  ', field('comment'), comment)).toEqual({ ok: true, value: undefined });
    expect(checkField('', field('amount'), amount)).toBe('Required.');
    expect(checkField('', field('comment'), comment)).toBeNull();
    expect(
      checkInputs(
        { amount: 'lots', period: '2026-02' },
        [field('amount'), field('period', { input: 'month' }), field('comment')],
        new Map([
          ['amount', amount],
          ['period', period],
          ['comment', comment],
        ]),
      ),
    ).toEqual({ amount: expect.stringContaining('takes a number') });
  });
});
