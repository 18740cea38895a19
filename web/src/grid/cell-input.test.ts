import { describe, expect, it } from 'vitest';
import { normalizeNumberText, parseCellInput } from './cell-input';

const amount = { name: 'amount', type: 'DECIMAL(18,2)', nullable: false };
const comment = { name: 'comment', type: 'VARCHAR', nullable: true };
const code = { name: 'code', type: 'VARCHAR', nullable: false };
const units = { name: 'units', type: 'BIGINT', nullable: true };
const small = { name: 'small', type: 'INTEGER', nullable: true };
const ratio = { name: 'ratio', type: 'DOUBLE', nullable: true };
const flag = { name: 'active', type: 'BOOLEAN', nullable: true };
const day = { name: 'period', type: 'DATE', nullable: false };

describe('normalizeNumberText', () => {
  it.each([
    ['1250', '1250'],
    ['1,250.50', '1250.5'],
    [' 1 250 ', '1250'],
    ['$1,250', '1250'],
    ['-€3.10', '-3.1'],
    ['+7', '7'],
    ['(1,250.00)', '-1250'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['007', '7'],
    ['-0', '0'],
    ['1e6', '1000000'],
    ['1.5E-3', '0.0015'],
    ['12345678901234567.89', '12345678901234567.89'],
  ])('%s → %s', (text, digits) => {
    expect(normalizeNumberText(text)).toBe(digits);
  });

  it.each(['', 'abc', '1,25', '1.234,5', '12-3', '--1', '(-1)', '1.2.3', '.', '-', 'e5'])('refuses %j', (text) => {
    expect(normalizeNumberText(text)).toBeNull();
  });
});

describe('parseCellInput', () => {
  it('keeps DECIMAL values as exact digit strings padded to the scale', () => {
    expect(parseCellInput(amount, '95000')).toEqual({ ok: true, value: '95000.00' });
    expect(parseCellInput(amount, '1,250.5')).toEqual({ ok: true, value: '1250.50' });
    expect(parseCellInput(amount, '12345678901234567.89')).toEqual({ ok: true, value: '12345678901234567.89' });
    expect(parseCellInput(amount, '-0.00')).toEqual({ ok: true, value: '0.00' });
  });

  it('refuses what the warehouse would round or cannot read, with one message', () => {
    const third = parseCellInput(amount, '1.005');
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.message).toBe('Amount keeps at most 2 decimals; type it rounded.');
    const european = parseCellInput(amount, '1.234,50');
    expect(european.ok).toBe(false);
    if (!european.ok) expect(european.message).toContain('"1.234,50"');
  });

  it('says once that a required number cannot be empty', () => {
    expect(parseCellInput(amount, '  ')).toEqual({ ok: false, message: "Amount can't be empty." });
    expect(parseCellInput(units, '')).toEqual({ ok: true, value: null });
  });

  it('reads integers, BIGINT as digits and floats as numbers', () => {
    expect(parseCellInput(units, '9,007,199,254,740,993')).toEqual({ ok: true, value: '9007199254740993' });
    expect(parseCellInput(small, '42.0')).toEqual({ ok: true, value: 42 });
    expect(parseCellInput(small, '42.5').ok).toBe(false);
    expect(parseCellInput(ratio, '0.125')).toEqual({ ok: true, value: 0.125 });
  });

  it('keeps text exactly as typed; empty is null only where the column allows it', () => {
    expect(parseCellInput(comment, '  Board ok ')).toEqual({ ok: true, value: '  Board ok ' });
    expect(parseCellInput(comment, 'München · 5 %')).toEqual({ ok: true, value: 'München · 5 %' });
    expect(parseCellInput(comment, '')).toEqual({ ok: true, value: null });
    expect(parseCellInput(code, '')).toEqual({ ok: true, value: '' });
  });

  it('reads booleans and ISO dates', () => {
    expect(parseCellInput(flag, 'Yes')).toEqual({ ok: true, value: true });
    expect(parseCellInput(flag, '0')).toEqual({ ok: true, value: false });
    expect(parseCellInput(flag, 'maybe').ok).toBe(false);
    expect(parseCellInput(day, '2026-02-28')).toEqual({ ok: true, value: '2026-02-28' });
    expect(parseCellInput(day, '2026-02-30').ok).toBe(false);
  });
});
