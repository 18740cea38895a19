import { describe, expect, it } from 'vitest';
import { parseDatabricksType, resultTypeName, toCell } from './databricks-types.js';

describe('Databricks type names', () => {
  it.each([
    ['INT', { kind: 'integer', bits: 32, sql: 'INT' }],
    ['integer', { kind: 'integer', bits: 32, sql: 'INT' }],
    ['BIGINT', { kind: 'integer', bits: 64, sql: 'BIGINT' }],
    ['TINYINT', { kind: 'integer', bits: 8 }],
    ['DECIMAL(18,2)', { kind: 'decimal', precision: 18, scale: 2, sql: 'DECIMAL(18,2)' }],
    ['decimal', { kind: 'decimal', precision: 10, scale: 0 }],
    ['DOUBLE PRECISION', { kind: 'float', sql: 'DOUBLE' }],
    ['FLOAT', { kind: 'float', sql: 'FLOAT' }],
    ['BOOLEAN', { kind: 'boolean' }],
    ['DATE', { kind: 'date' }],
    ['TIMESTAMP', { kind: 'timestamp', withTimeZone: true, sql: 'TIMESTAMP' }],
    ['TIMESTAMP WITH TIME ZONE', { kind: 'timestamp', withTimeZone: true, sql: 'TIMESTAMP' }],
    ['TIMESTAMP_NTZ', { kind: 'timestamp', withTimeZone: false, sql: 'TIMESTAMP_NTZ' }],
    ['STRING', { kind: 'string', sql: 'STRING' }],
    ['VARCHAR(20)', { kind: 'string', maxLength: 20, sql: 'STRING' }],
    ['CHAR(3)', { kind: 'string', maxLength: 3, sql: 'STRING' }],
    ['ARRAY<STRING>', { kind: 'other', sql: 'ARRAY<STRING>' }],
    ['VARIANT', { kind: 'other' }],
  ])('%s', (name, expected) => {
    expect(parseDatabricksType(name)).toMatchObject(expected);
  });

  it('names result columns from the Hive type ids, with precision and scale', () => {
    const column = (type: number, qualifiers?: Record<string, { i32Value: number }>) => ({
      columnName: 'c',
      typeDesc: { types: [{ primitiveEntry: { type, typeQualifiers: qualifiers ? { qualifiers } : null } }] },
    });
    expect(resultTypeName(column(15, { precision: { i32Value: 18 }, scale: { i32Value: 2 } }))).toBe('DECIMAL(18,2)');
    expect(resultTypeName(column(4))).toBe('BIGINT');
    expect(resultTypeName(column(8))).toBe('TIMESTAMP');
    expect(resultTypeName(column(18, { characterMaximumLength: { i32Value: 20 } }))).toBe('VARCHAR(20)');
  });
});

describe('Databricks result values', () => {
  it.each([
    [9007199254740993n, 'BIGINT', '9007199254740993'],
    [42, 'BIGINT', '42'],
    [7, 'INT', 7],
    ['12345678.91', 'DECIMAL(18,2)', '12345678.91'],
    [2.5, 'DECIMAL(18,2)', '2.50'],
    [0.25, 'DOUBLE', 0.25],
    [true, 'BOOLEAN', true],
    [new Date('2026-02-28T00:00:00Z'), 'DATE', '2026-02-28'],
    [new Date('2026-02-28T10:11:12.345Z'), 'TIMESTAMP', '2026-02-28T10:11:12.345Z'],
    ['2026-02-28 10:11:12', 'TIMESTAMP', '2026-02-28T10:11:12.000Z'],
    ['2026-02-28 10:11:12', 'TIMESTAMP_NTZ', '2026-02-28T10:11:12.000Z'],
    [{ a: 1, b: [1n, 2n] }, 'STRUCT', '{"a":1,"b":["1","2"]}'],
    [Buffer.from('hi'), 'BINARY', 'aGk='],
    [null, 'DECIMAL(18,2)', null],
  ])('%s as %s', (value, type, expected) => {
    expect(toCell(value, type)).toEqual(expected);
  });
});
