import { describe, expect, it } from 'vitest';
import { parseSqlType } from './parse-sql-type.js';
import { coerceValue } from './coerce-value.js';

const t = parseSqlType;

describe('coerceValue', () => {
  it('canonicalises decimals to the column scale', () => {
    expect(coerceValue('100', t('DECIMAL(18,2)'))).toEqual({ ok: true, value: '100.00' });
    expect(coerceValue(12.5, t('DECIMAL(18,2)'))).toEqual({ ok: true, value: '12.50' });
    expect(coerceValue('-0.10', t('DECIMAL(18,2)'))).toEqual({ ok: true, value: '-0.10' });
    expect(coerceValue('1.999', t('DECIMAL(18,2)'))).toMatchObject({ ok: false, message: 'at most 2 decimal places' });
    expect(coerceValue('1e9', t('DECIMAL(18,2)'))).toMatchObject({ ok: false });
    expect(coerceValue('10000000000000000', t('DECIMAL(18,2)'))).toMatchObject({ ok: false });
    expect(coerceValue('1; DROP TABLE x', t('DECIMAL(18,2)'))).toMatchObject({ ok: false });
  });

  it('checks integers against the column width', () => {
    expect(coerceValue(42, t('INTEGER'))).toEqual({ ok: true, value: '42' });
    expect(coerceValue('2147483648', t('INTEGER'))).toMatchObject({ ok: false });
    expect(coerceValue(1.5, t('INTEGER'))).toMatchObject({ ok: false });
  });

  it('accepts only real calendar dates', () => {
    expect(coerceValue('2026-02-28', t('DATE'))).toEqual({ ok: true, value: '2026-02-28' });
    expect(coerceValue('2026-02-30', t('DATE'))).toMatchObject({ ok: false });
  });

  it('enforces VARCHAR(n) length and keeps NULL', () => {
    expect(coerceValue('abcd', t('VARCHAR(3)'))).toMatchObject({ ok: false });
    expect(coerceValue(null, t('VARCHAR'))).toEqual({ ok: true, value: null });
  });
});
