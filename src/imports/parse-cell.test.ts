import { describe, expect, it } from 'vitest';
import { parseSqlType } from '../warehouse/parse-sql-type.js';
import { cellInput, localDate, localeFormat, localNumber } from './parse-cell.js';

const de = localeFormat('de-DE');
const us = localeFormat('en-US');
const gb = localeFormat('en-GB');

describe('reading cells in the person’s locale', () => {
  it('reads numbers as each locale writes them', () => {
    expect(localNumber('1.234,50', de)).toBe('1234.50');
    expect(localNumber('1.234', de)).toBe('1234');
    expect(localNumber('1,234.50', us)).toBe('1234.50');
    expect(localNumber('-12.5', de)).toBe('-12.5');
    expect(localNumber('(300)', gb)).toBe('-300');
    expect(localNumber('1 234,5', localeFormat('fr-FR'))).toBe('1234.5');
    expect(localNumber('12,34,56', us)).toBe('123456');
    expect(localNumber('abc', gb)).toBeUndefined();
  });

  it('reads dates in the locale’s order or as ISO 8601, and refuses impossible ones', () => {
    expect(localDate('31.01.2025', de)).toBe('2025-01-31');
    expect(localDate('01/31/2025', us)).toBe('2025-01-31');
    expect(localDate('31/01/2025', gb)).toBe('2025-01-31');
    expect(localDate('2025-01-31', us)).toBe('2025-01-31');
    expect(localDate('31/02/2025', gb)).toBeUndefined();
    expect(localDate('01/31/2025', gb)).toBeUndefined();
  });

  it('refuses formulas and error cells, and numbers in date columns', () => {
    const decimal = parseSqlType('DECIMAL(18,2)');
    expect(cellInput({ kind: 'formula', formula: 'A1*2', result: 4 }, decimal, gb)).toMatchObject({ ok: false, rule: 'formula' });
    expect(cellInput({ kind: 'error', value: '#REF!' }, decimal, gb)).toMatchObject({ ok: false, rule: 'error' });
    expect(cellInput({ kind: 'number', value: 45000 }, parseSqlType('DATE'), gb)).toMatchObject({ ok: false, rule: 'date' });
    expect(cellInput({ kind: 'date', value: new Date(Date.UTC(2025, 2, 1)) }, parseSqlType('DATE'), gb)).toEqual({ ok: true, value: '2025-03-01' });
    expect(cellInput({ kind: 'text', value: '4000' }, parseSqlType('VARCHAR'), gb)).toEqual({ ok: true, value: '4000' });
  });
});
