import type { ColumnType } from '../column-type.js';
import type { CellValue } from '../driver.js';

const INTEGER_BITS: Record<string, 8 | 16 | 32 | 64> = {
  TINYINT: 8,
  BYTE: 8,
  SMALLINT: 16,
  SHORT: 16,
  INT: 32,
  INTEGER: 32,
  BIGINT: 64,
  LONG: 64,
};

const INTEGER_NAMES = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INT', 64: 'BIGINT' } as const;

/**
 * Parses Databricks type names (`DECIMAL(18,2)`, `BIGINT`, `VARCHAR(20)`,
 * `TIMESTAMP_NTZ`, `ARRAY<STRING>`) and the ANSI names core code writes
 * (`INTEGER`, `DOUBLE PRECISION`, `TIMESTAMP WITH TIME ZONE`) into a
 * `ColumnType` whose `sql` is the Databricks spelling values are cast to.
 * Databricks' TIMESTAMP is an instant (shown in the session time zone), its
 * TIMESTAMP_NTZ a wall-clock time
 * (https://docs.databricks.com/sql/language-manual/data-types/timestamp-type).
 */
export function parseDatabricksType(sqlType: string): ColumnType {
  const sql = sqlType.trim().toUpperCase().replace(/\s+/g, ' ');
  const base = sql.replace(/\s*[(<].*$/s, '');
  const bits = INTEGER_BITS[base];
  if (bits) return { kind: 'integer', sql: INTEGER_NAMES[bits], bits };
  const decimal = /^(?:DECIMAL|DEC|NUMERIC)\s*(?:\((\d+)\s*(?:,\s*(\d+))?\))?$/.exec(sql);
  if (decimal) {
    // Databricks' bare DECIMAL is DECIMAL(10,0) (https://docs.databricks.com/sql/language-manual/data-types/decimal-type).
    const precision = Number(decimal[1] ?? 10);
    const scale = Number(decimal[2] ?? 0);
    return { kind: 'decimal', sql: `DECIMAL(${precision},${scale})`, precision, scale };
  }
  if (base === 'FLOAT' || base === 'REAL') return { kind: 'float', sql: 'FLOAT' };
  if (base === 'DOUBLE' || base === 'DOUBLE PRECISION') return { kind: 'float', sql: 'DOUBLE' };
  if (base === 'BOOLEAN' || base === 'BOOL') return { kind: 'boolean', sql: 'BOOLEAN' };
  if (base === 'DATE') return { kind: 'date', sql: 'DATE' };
  if (base === 'TIMESTAMP_NTZ' || base === 'TIMESTAMP WITHOUT TIME ZONE') return { kind: 'timestamp', sql: 'TIMESTAMP_NTZ', withTimeZone: false };
  if (['TIMESTAMP', 'TIMESTAMP_LTZ', 'TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE'].includes(base))
    return { kind: 'timestamp', sql: 'TIMESTAMP', withTimeZone: true };
  const text = /^(STRING|TEXT|VARCHAR|CHAR|CHARACTER|CHARACTER VARYING)\s*(?:\((\d+)\))?$/.exec(sql);
  if (text) {
    // VARCHAR(n) and CHAR(n) are column types only: values are cast to STRING, the length kept for validation
    // (https://docs.databricks.com/sql/language-manual/data-types/varchar-type).
    return text[2] ? { kind: 'string', sql: 'STRING', maxLength: Number(text[2]) } : { kind: 'string', sql: 'STRING' };
  }
  // BINARY, ARRAY<…>, MAP<…>, STRUCT<…>, VARIANT, INTERVAL …: bound without coercion, cast by `castText`.
  return { kind: 'other', sql: sqlType.trim() };
}

/** Hive type ids of the result schema (TCLIService `TTypeId`, stable protocol numbers) by Databricks type name. */
const TYPE_IDS: Record<number, string> = {
  0: 'BOOLEAN',
  1: 'TINYINT',
  2: 'SMALLINT',
  3: 'INT',
  4: 'BIGINT',
  5: 'FLOAT',
  6: 'DOUBLE',
  7: 'STRING',
  8: 'TIMESTAMP',
  9: 'BINARY',
  10: 'ARRAY',
  11: 'MAP',
  12: 'STRUCT',
  13: 'UNION',
  14: 'USER_DEFINED',
  15: 'DECIMAL',
  16: 'VOID',
  17: 'DATE',
  18: 'VARCHAR',
  19: 'CHAR',
  20: 'INTERVAL YEAR TO MONTH',
  21: 'INTERVAL DAY TO SECOND',
};

/** The parts of a result column's description (`TColumnDesc`) the driver reads. */
export interface ResultColumnDesc {
  columnName: string;
  position?: number;
  typeDesc: {
    types: { primitiveEntry?: { type: number; typeQualifiers?: { qualifiers?: Record<string, { i32Value?: number | null } | undefined> } | null } }[];
  };
}

/** A result column's type name as the catalogue spells it (`DECIMAL(18,2)`, `VARCHAR(20)`). */
export function resultTypeName(column: ResultColumnDesc): string {
  const entry = column.typeDesc.types[0]?.primitiveEntry;
  const name = entry ? (TYPE_IDS[entry.type] ?? 'STRING') : 'STRING';
  const qualifiers = entry?.typeQualifiers?.qualifiers ?? {};
  if (name === 'DECIMAL') return `DECIMAL(${qualifiers.precision?.i32Value ?? 10},${qualifiers.scale?.i32Value ?? 0})`;
  const length = qualifiers.characterMaximumLength?.i32Value;
  if ((name === 'VARCHAR' || name === 'CHAR') && length) return `${name}(${length})`;
  return name;
}

/**
 * One result value as the API's JSON cell. The client is opened with
 * `preserveBigNumericPrecision`, so DECIMAL arrives as exact text with its
 * scale and BIGINT as a `bigint` (both kept as strings here); DATE and
 * TIMESTAMP arrive as `Date`s (Arrow results) or text in the session's time
 * zone, which the driver sets to UTC; ARRAY, MAP and STRUCT as decoded
 * JavaScript values (JSON text here); BINARY as a Buffer (base64 text).
 */
export function toCell(value: unknown, typeName: string): CellValue {
  if (value === null || value === undefined) return null;
  const type = parseDatabricksType(typeName);
  switch (type.kind) {
    case 'integer':
      if (type.bits === 64) return typeof value === 'number' ? BigInt(Math.trunc(value)).toString() : String(value);
      return typeof value === 'number' ? value : Number(value);
    case 'decimal':
      // A legacy column-based result gives a number: at least the scale is right.
      return typeof value === 'number' ? value.toFixed(type.scale) : String(value);
    case 'float':
      return typeof value === 'number' ? value : Number(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : String(value).toLowerCase() === 'true';
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'timestamp':
      return timestampText(value);
    case 'string':
      return String(value);
    case 'other':
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (typeof value === 'string') return value;
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

/** ISO 8601 with `Z`: a Date as is; text (`2024-01-02 03:04:05.123`, in the session's UTC) with its zone made explicit. */
function timestampText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value).trim().replace(' ', 'T');
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) return new Date(text).toISOString();
  const parsed = new Date(`${text}Z`);
  return Number.isNaN(parsed.getTime()) ? String(value) : parsed.toISOString();
}
