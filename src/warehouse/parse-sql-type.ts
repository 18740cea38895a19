import type { ColumnType } from './column-type.js';

const INTEGER_BITS: Record<string, 8 | 16 | 32 | 64 | 128> = {
  TINYINT: 8,
  INT1: 8,
  SMALLINT: 16,
  INT2: 16,
  INTEGER: 32,
  INT: 32,
  INT4: 32,
  BIGINT: 64,
  INT8: 64,
  HUGEINT: 128,
  UTINYINT: 8,
  USMALLINT: 16,
  UINTEGER: 32,
  UBIGINT: 64,
};

/**
 * Parses the type names ANSI-ish warehouses report (DuckDB, PostgreSQL) into a
 * `ColumnType`. Unknown names become `other` and are bound without coercion.
 */
export function parseSqlType(sqlType: string): ColumnType {
  const sql = sqlType.trim().toUpperCase();
  const base = sql.replace(/\(.*\)/, '').trim();
  if (INTEGER_BITS[base]) return { kind: 'integer', sql, bits: INTEGER_BITS[base] };
  const decimal = /^(DECIMAL|NUMERIC)\s*(?:\((\d+)\s*(?:,\s*(\d+))?\))?$/.exec(sql);
  if (decimal) {
    return { kind: 'decimal', sql, precision: Number(decimal[2] ?? 18), scale: Number(decimal[3] ?? (decimal[2] ? 0 : 3)) };
  }
  if (['DOUBLE', 'FLOAT', 'REAL', 'FLOAT4', 'FLOAT8', 'DOUBLE PRECISION'].includes(base)) return { kind: 'float', sql };
  if (['BOOLEAN', 'BOOL'].includes(base)) return { kind: 'boolean', sql };
  if (base === 'DATE') return { kind: 'date', sql };
  if (base.startsWith('TIMESTAMP')) {
    return { kind: 'timestamp', sql, withTimeZone: /WITH TIME ZONE|TIMESTAMPTZ/.test(sql) };
  }
  const varchar = /^(VARCHAR|CHARACTER VARYING|TEXT|STRING|CHAR|CHARACTER|BPCHAR)\s*(?:\((\d+)\))?$/.exec(sql);
  if (varchar) return varchar[2] ? { kind: 'string', sql, maxLength: Number(varchar[2]) } : { kind: 'string', sql };
  return { kind: 'other', sql };
}
