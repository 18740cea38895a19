import { describe, expect, it } from 'vitest';
import { parseClickhouseType, unwrapClickhouseType } from './clickhouse-types.js';

describe('ClickHouse type names', () => {
  it.each([
    ['Int32', { kind: 'integer', bits: 32, sql: 'Nullable(Int32)' }],
    ['Nullable(UInt64)', { kind: 'integer', bits: 64 }],
    ['Nullable(Decimal(18, 2))', { kind: 'decimal', precision: 18, scale: 2, sql: 'Nullable(Decimal(18, 2))' }],
    ['Decimal64(4)', { kind: 'decimal', precision: 18, scale: 4 }],
    ['Float64', { kind: 'float' }],
    ['Bool', { kind: 'boolean' }],
    ['Date32', { kind: 'date' }],
    ["Nullable(DateTime64(6, 'UTC'))", { kind: 'timestamp', withTimeZone: true }],
    ['LowCardinality(Nullable(String))', { kind: 'string', sql: 'Nullable(String)' }],
    ['FixedString(3)', { kind: 'string', maxLength: 3 }],
    ['VARCHAR(200)', { kind: 'string', maxLength: 200, sql: 'Nullable(String)' }],
    ['DECIMAL(10,3)', { kind: 'decimal', precision: 10, scale: 3, sql: 'Nullable(Decimal(10, 3))' }],
    ['Array(String)', { kind: 'other' }],
  ])('%s', (name, expected) => {
    expect(parseClickhouseType(name)).toMatchObject(expected);
  });

  it('sees through Nullable and LowCardinality in any order, telling nullability', () => {
    expect(unwrapClickhouseType('LowCardinality(Nullable(String))')).toEqual({ inner: 'String', nullable: true });
    expect(unwrapClickhouseType('LowCardinality(String)')).toEqual({ inner: 'String', nullable: false });
  });
});
