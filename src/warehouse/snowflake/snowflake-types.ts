import type { ColumnType } from '../column-type.js';
import type { CellValue } from '../driver.js';

/** Snowflake's fixed-size integer aliases: all are NUMBER(38,0) (docs: "Numeric data types"). */
const INTEGER_NAMES = new Set(['INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'BYTEINT']);
const FLOAT_NAMES = new Set(['FLOAT', 'FLOAT4', 'FLOAT8', 'DOUBLE', 'DOUBLE PRECISION', 'REAL']);
const STRING_NAMES = new Set(['VARCHAR', 'STRING', 'TEXT', 'CHAR', 'CHARACTER', 'NCHAR', 'NVARCHAR', 'NVARCHAR2', 'CHAR VARYING', 'NCHAR VARYING']);
/** Semi-structured types: values travel as JSON text and are read with PARSE_JSON. */
export const SEMI_STRUCTURED = new Set(['VARIANT', 'OBJECT', 'ARRAY']);
/** VARCHAR without a length holds 16 MB; a length that large is no limit worth checking. */
const NO_LIMIT = 16_777_216;

/**
 * Parses Snowflake type names (`NUMBER(18,2)`, `VARCHAR(200)`, `TIMESTAMP_TZ(9)`,
 * `INTEGER`, `VARIANT`) into a `ColumnType`. NUMBER with scale 0 and the full
 * precision of 38 (what INTEGER and BIGINT are) is an integer; a narrower
 * NUMBER(p,0) stays a decimal, so that its digit count is checked exactly.
 * TIMESTAMP without a suffix follows TIMESTAMP_TYPE_MAPPING, NTZ by default.
 */
export function parseSnowflakeType(sqlType: string): ColumnType {
  const sql = sqlType.trim().toUpperCase().replace(/\s+/g, ' ');
  const base = sql.replace(/\s*\(.*\)$/, '');
  const args = /\((\d+)\s*(?:,\s*(\d+))?\)$/.exec(sql);
  if (INTEGER_NAMES.has(base)) return { kind: 'integer', sql, bits: 128 };
  if (base === 'NUMBER' || base === 'DECIMAL' || base === 'NUMERIC') {
    const precision = Number(args?.[1] ?? 38);
    const scale = Number(args?.[2] ?? 0);
    return scale === 0 && precision === 38 ? { kind: 'integer', sql, bits: 128 } : { kind: 'decimal', sql, precision, scale };
  }
  if (FLOAT_NAMES.has(base)) return { kind: 'float', sql };
  if (base === 'BOOLEAN') return { kind: 'boolean', sql };
  if (base === 'DATE') return { kind: 'date', sql };
  if (base === 'TIMESTAMP_TZ' || base === 'TIMESTAMP_LTZ') return { kind: 'timestamp', sql, withTimeZone: true };
  if (base === 'TIMESTAMP_NTZ' || base === 'TIMESTAMP' || base === 'DATETIME') return { kind: 'timestamp', sql, withTimeZone: false };
  if (STRING_NAMES.has(base)) {
    const length = args ? Number(args[1]) : undefined;
    return length !== undefined && length < NO_LIMIT ? { kind: 'string', sql, maxLength: length } : { kind: 'string', sql };
  }
  return { kind: 'other', sql };
}

/** What the result metadata of `snowflake-sdk` says about one column (`Column` of a statement). */
export interface ResultColumnInfo {
  getName(): string;
  /** The SDK's lower-case type: `fixed`, `real`, `text`, `boolean`, `date`, `time`, `timestamp_ntz|ltz|tz`, `variant`, `object`, `array`, `binary`. */
  getType(): string;
  getPrecision(): number;
  getScale(): number;
}

/** The column's type in Snowflake's own spelling, for `ResultColumn.type`. */
export function resultTypeName(column: ResultColumnInfo): string {
  const type = column.getType().toLowerCase();
  switch (type) {
    case 'fixed':
      return `NUMBER(${column.getPrecision()},${column.getScale()})`;
    case 'real':
      return 'FLOAT';
    case 'text':
      return 'VARCHAR';
    default:
      return type.toUpperCase();
  }
}

/** Integers this narrow are exact JS numbers; wider NUMBER values stay text. */
const SAFE_INTEGER_PRECISION = 9;

/**
 * One result value as the API's JSON cell. The driver asks the SDK for
 * numbers and semi-structured values as text (`fetchAsString`), so NUMBER
 * keeps every digit: decimals with their scale and wide integers as strings,
 * narrow integers and floats as numbers. Dates and timestamps come as the
 * SDK's `Date` objects (NTZ values as UTC wall time): dates as `YYYY-MM-DD`,
 * timestamps as ISO 8601 in UTC (`…Z`).
 */
export function toCell(value: unknown, column: ResultColumnInfo): CellValue {
  if (value === null || value === undefined) return null;
  switch (column.getType().toLowerCase()) {
    case 'fixed': {
      const text = String(value);
      const scale = column.getScale();
      if (scale === 0) return column.getPrecision() <= SAFE_INTEGER_PRECISION ? Number(text) : text;
      return withScale(text, scale);
    }
    case 'real': {
      const number = Number(value);
      // NaN and ±inf have no JSON number: kept as Snowflake writes them.
      return Number.isFinite(number) ? number : String(value);
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : String(value).toUpperCase() === 'TRUE';
    case 'date':
      return asDate(value).toISOString().slice(0, 10);
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'timestamp_tz':
      return asDate(value).toISOString();
    case 'variant':
    case 'object':
    case 'array':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'binary':
      return Buffer.isBuffer(value) ? value.toString('hex').toUpperCase() : String(value);
    default:
      return typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  }
}

function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** `12.5` at scale 2 as `12.50`: the canonical text of decimals (see coerce-value.ts). */
function withScale(text: string, scale: number): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole = '', fraction = ''] = match;
  return `${sign}${whole || '0'}.${fraction.padEnd(scale, '0')}`;
}
