import { describe, expect, it } from 'vitest';
import { bigqueryCell, isoFromMicros, parseBigqueryType } from './bigquery-types.js';

describe('BigQuery type names', () => {
  it.each([
    ['INT64', { kind: 'integer', bits: 64, sql: 'INT64' }],
    ['BIGINT', { kind: 'integer', bits: 64, sql: 'INT64' }],
    ['NUMERIC(18, 2)', { kind: 'decimal', precision: 18, scale: 2, sql: 'NUMERIC(18, 2)' }],
    ['DECIMAL(18,2)', { kind: 'decimal', precision: 18, scale: 2, sql: 'NUMERIC(18, 2)' }],
    ['NUMERIC', { kind: 'decimal', precision: 38, scale: 9, sql: 'NUMERIC' }],
    ['BIGNUMERIC', { kind: 'decimal', precision: 76, scale: 38, sql: 'BIGNUMERIC' }],
    ['FLOAT64', { kind: 'float', sql: 'FLOAT64' }],
    ['DOUBLE PRECISION', { kind: 'float', sql: 'FLOAT64' }],
    ['BOOLEAN', { kind: 'boolean', sql: 'BOOL' }],
    ['STRING(200)', { kind: 'string', maxLength: 200, sql: 'STRING(200)' }],
    ['VARCHAR', { kind: 'string', sql: 'STRING' }],
    ['DATE', { kind: 'date', sql: 'DATE' }],
    ['DATETIME', { kind: 'timestamp', withTimeZone: false, sql: 'DATETIME' }],
    ['TIMESTAMP', { kind: 'timestamp', withTimeZone: true, sql: 'TIMESTAMP' }],
    ['TIMESTAMP WITH TIME ZONE', { kind: 'timestamp', withTimeZone: true, sql: 'TIMESTAMP' }],
    ['ARRAY<STRING>', { kind: 'other', sql: 'ARRAY<STRING>' }],
    ['JSON', { kind: 'other', sql: 'JSON' }],
  ])('%s', (name, expected) => {
    expect(parseBigqueryType(name)).toEqual(expected);
  });
});

describe('BigQuery cells', () => {
  it('keeps floats that JSON cannot carry as text, and NUMERIC without a declared scale as given', () => {
    expect(bigqueryCell({ type: 'FLOAT64' }, 'NaN')).toBe('NaN');
    expect(bigqueryCell({ type: 'FLOAT64' }, '-0.5')).toBe(-0.5);
    expect(bigqueryCell({ type: 'NUMERIC' }, '1.5')).toBe('1.5');
    expect(bigqueryCell({ type: 'NUMERIC', scale: '3' }, '-2')).toBe('-2.000');
    expect(bigqueryCell({ type: 'BOOL' }, null)).toBeNull();
  });

  it('writes timestamps before 1970 and with microseconds exactly', () => {
    expect(isoFromMicros(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(isoFromMicros(1_772_273_472_000_000n)).toBe('2026-02-28T10:11:12.000Z');
  });
});
