import { describe, expect, it } from 'vitest';
import { formatDecimal, parseSqlserverType, resultTypeName, toCell } from './sqlserver-types.js';

const column = (declaration: string, extra: { precision?: number; scale?: number } = {}) => ({ name: 'c', type: { declaration }, ...extra });

describe('parseSqlserverType', () => {
  it('reads SQL Server type names', () => {
    expect(parseSqlserverType('decimal(18, 2)')).toEqual({ kind: 'decimal', sql: 'DECIMAL(18,2)', precision: 18, scale: 2 });
    expect(parseSqlserverType('MONEY')).toMatchObject({ kind: 'decimal', scale: 4 });
    expect(parseSqlserverType('BIGINT')).toEqual({ kind: 'integer', sql: 'BIGINT', bits: 64 });
    expect(parseSqlserverType('NVARCHAR(MAX)')).toEqual({ kind: 'string', sql: 'NVARCHAR(MAX)' });
    expect(parseSqlserverType('VARCHAR(40)')).toEqual({ kind: 'string', sql: 'VARCHAR(40)', maxLength: 40 });
    expect(parseSqlserverType('BIT')).toEqual({ kind: 'boolean', sql: 'BIT' });
    expect(parseSqlserverType('DATETIMEOFFSET(6)')).toEqual({ kind: 'timestamp', sql: 'DATETIMEOFFSET(6)', withTimeZone: true });
    expect(parseSqlserverType('DATETIME2(7)')).toMatchObject({ kind: 'timestamp', withTimeZone: false });
    expect(parseSqlserverType('FLOAT')).toEqual({ kind: 'float', sql: 'FLOAT' });
    expect(parseSqlserverType('VARBINARY(MAX)')).toEqual({ kind: 'other', sql: 'VARBINARY(MAX)' });
  });

  it('casts ANSI names to their T-SQL types, text without a length to NVARCHAR(MAX)', () => {
    expect(parseSqlserverType('VARCHAR')).toEqual({ kind: 'string', sql: 'NVARCHAR(MAX)' });
    expect(parseSqlserverType('TEXT')).toEqual({ kind: 'string', sql: 'NVARCHAR(MAX)' });
    expect(parseSqlserverType('INTEGER')).toEqual({ kind: 'integer', sql: 'INT', bits: 32 });
    expect(parseSqlserverType('BOOLEAN')).toEqual({ kind: 'boolean', sql: 'BIT' });
    expect(parseSqlserverType('DOUBLE')).toEqual({ kind: 'float', sql: 'FLOAT' });
    expect(parseSqlserverType('TIMESTAMPTZ')).toEqual({ kind: 'timestamp', sql: 'DATETIMEOFFSET(6)', withTimeZone: true });
    expect(parseSqlserverType('TIMESTAMP')).toEqual({ kind: 'timestamp', sql: 'DATETIME2(6)', withTimeZone: false });
    expect(parseSqlserverType('ROWVERSION')).toEqual({ kind: 'other', sql: 'ROWVERSION' });
  });
});

describe('toCell', () => {
  it('gives decimals with their scale and 64-bit integers as strings', () => {
    expect(toCell(12.5, column('decimal', { precision: 18, scale: 2 }))).toBe('12.50');
    expect(toCell(-0.1, column('numeric', { precision: 9, scale: 3 }))).toBe('-0.100');
    expect(toCell(3, column('money'))).toBe('3.0000');
    expect(toCell('9223372036854775807', column('bigint'))).toBe('9223372036854775807');
    expect(formatDecimal(1e22, 2)).toBe('10000000000000000000000.00');
  });

  it('gives dates, timestamps (with the digits past the millisecond) and bits', () => {
    expect(toCell(new Date(Date.UTC(2024, 1, 29)), column('date'))).toBe('2024-02-29');
    const at = Object.defineProperty(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 123)), 'nanosecondsDelta', { value: 0.000456 });
    expect(toCell(at, column('datetimeoffset', { scale: 6 }))).toBe('2024-01-02T03:04:05.123456Z');
    expect(toCell(new Date(Date.UTC(2024, 0, 2)), column('datetime2', { scale: 7 }))).toBe('2024-01-02T00:00:00.000Z');
    expect(toCell(true, column('bit'))).toBe(true);
    expect(toCell(null, column('decimal', { scale: 2 }))).toBeNull();
    expect(toCell(1.5, column('float'))).toBe(1.5);
    expect(toCell(Buffer.from([1, 171]), column('varbinary'))).toBe('0x01AB');
  });

  it('names result columns with precision and scale', () => {
    expect(resultTypeName(column('decimal', { precision: 18, scale: 2 }))).toBe('DECIMAL(18,2)');
    expect(resultTypeName(column('datetimeoffset', { scale: 6 }))).toBe('DATETIMEOFFSET(6)');
    expect(resultTypeName(column('nvarchar'))).toBe('NVARCHAR');
  });
});
