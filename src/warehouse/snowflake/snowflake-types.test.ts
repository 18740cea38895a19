import { describe, expect, it } from 'vitest';
import { parseSnowflakeType, toCell } from './snowflake-types.js';

const column = (type: string, precision = 0, scale = 0) => ({ getName: () => 'c', getType: () => type, getPrecision: () => precision, getScale: () => scale });

describe('Snowflake types', () => {
  it.each([
    ['INTEGER', { kind: 'integer', bits: 128 }],
    ['NUMBER(38,0)', { kind: 'integer', bits: 128 }],
    ['NUMBER(5,0)', { kind: 'decimal', precision: 5, scale: 0 }],
    ['number(18, 2)', { kind: 'decimal', precision: 18, scale: 2, sql: 'NUMBER(18, 2)' }],
    ['FLOAT', { kind: 'float' }],
    ['VARCHAR(200)', { kind: 'string', maxLength: 200 }],
    ['TIMESTAMP_TZ(9)', { kind: 'timestamp', withTimeZone: true }],
    ['TIMESTAMP_NTZ', { kind: 'timestamp', withTimeZone: false }],
    ['DATE', { kind: 'date' }],
    ['BOOLEAN', { kind: 'boolean' }],
    ['VARIANT', { kind: 'other' }],
  ])('%s', (name, expected) => {
    expect(parseSnowflakeType(name)).toMatchObject(expected);
  });

  it('reads the full 16 MB VARCHAR as text without a length limit', () => {
    expect(parseSnowflakeType('VARCHAR(16777216)')).toEqual({ kind: 'string', sql: 'VARCHAR(16777216)' });
  });

  it('maps results to JSON cells without losing NUMBER digits', () => {
    expect(toCell('9007199254740993', column('fixed', 38, 0))).toBe('9007199254740993');
    expect(toCell('12.5', column('fixed', 10, 2))).toBe('12.50');
    expect(toCell('-0.5', column('fixed', 10, 3))).toBe('-0.500');
    expect(toCell('42', column('fixed', 9, 0))).toBe(42);
    expect(toCell('1.25', column('real'))).toBe(1.25);
    expect(toCell(new Date(Date.UTC(2024, 1, 29)), column('date'))).toBe('2024-02-29');
    expect(toCell(new Date('2024-03-01T10:20:30.123+02:00'), column('timestamp_tz'))).toBe('2024-03-01T08:20:30.123Z');
    expect(toCell(true, column('boolean'))).toBe(true);
    expect(toCell('{"a":1}', column('variant'))).toBe('{"a":1}');
    expect(toCell(null, column('fixed', 10, 2))).toBeNull();
  });
});
