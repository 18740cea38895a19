import type { ColumnType } from '../column-type.js';
import { parseSqlType } from '../parse-sql-type.js';

const INTEGER_BITS: Record<string, 8 | 16 | 32 | 64 | 128> = {
  Int8: 8,
  Int16: 16,
  Int32: 32,
  Int64: 64,
  Int128: 128,
  UInt8: 8,
  UInt16: 16,
  UInt32: 32,
  UInt64: 64,
};

/** `Nullable(T)` and `LowCardinality(T)` wrap a type without changing what its values are. */
export function unwrapClickhouseType(sqlType: string): { inner: string; nullable: boolean } {
  let inner = sqlType.trim();
  let nullable = false;
  for (;;) {
    const wrapped = /^(Nullable|LowCardinality)\((.*)\)$/s.exec(inner);
    if (!wrapped) return { inner, nullable };
    if (wrapped[1] === 'Nullable') nullable = true;
    inner = wrapped[2]!.trim();
  }
}

/**
 * Parses ClickHouse type names (`Nullable(Decimal(18, 2))`, `Int64`,
 * `DateTime64(6, 'UTC')`, `LowCardinality(String)`) into a `ColumnType`.
 * `sql` is the type values are cast to: always `Nullable(…)`, so that a
 * cast NULL stays NULL (a NOT NULL column refuses it when written). The SQL
 * aliases ClickHouse also accepts (`INTEGER`, `DECIMAL(18,2)`, `VARCHAR`) are
 * read as the ANSI names.
 */
export function parseClickhouseType(sqlType: string): ColumnType {
  const { inner } = unwrapClickhouseType(sqlType);
  const sql = `Nullable(${inner})`;
  const base = inner.replace(/\(.*\)$/s, '');
  const bits = INTEGER_BITS[base];
  if (bits) return { kind: 'integer', sql, bits };
  if (/^Decimal(32|64|128|256)?$/.test(base)) {
    const args = /\((\d+)\s*(?:,\s*(\d+))?\)/.exec(inner);
    const sized = /^Decimal(32|64|128|256)$/.exec(base);
    if (sized) return { kind: 'decimal', sql, precision: { 32: 9, 64: 18, 128: 38, 256: 76 }[sized[1] as '32'], scale: Number(args?.[1] ?? 0) };
    return { kind: 'decimal', sql, precision: Number(args?.[1] ?? 10), scale: Number(args?.[2] ?? 0) };
  }
  if (base === 'Float32' || base === 'Float64' || base === 'BFloat16') return { kind: 'float', sql };
  if (base === 'Bool') return { kind: 'boolean', sql };
  if (base === 'Date' || base === 'Date32') return { kind: 'date', sql };
  // DateTime64(6, 'UTC') and DateTime('Europe/Berlin') are instants: shown and compared in a zone.
  if (base === 'DateTime' || base === 'DateTime64') return { kind: 'timestamp', sql, withTimeZone: true };
  if (base === 'String' || base === 'UUID') return { kind: 'string', sql };
  const fixed = /^FixedString\((\d+)\)$/.exec(inner);
  if (fixed) return { kind: 'string', sql, maxLength: Number(fixed[1]) };
  const ansi = parseSqlType(inner);
  if (ansi.kind === 'other') return { kind: 'other', sql };
  return { ...ansi, sql: `Nullable(${ansiToClickhouse(ansi)})` };
}

/** The ClickHouse spelling of a type parsed from an ANSI name (`VARCHAR(200)` is a String). */
function ansiToClickhouse(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
      return type.bits === 128 ? 'Int128' : `Int${type.bits}`;
    case 'decimal':
      return `Decimal(${type.precision}, ${type.scale})`;
    case 'float':
      return 'Float64';
    case 'boolean':
      return 'Bool';
    case 'date':
      return 'Date32';
    case 'timestamp':
      return "DateTime64(6, 'UTC')";
    case 'string':
      return 'String';
    case 'other':
      return type.sql;
  }
}
