import type { ColumnType } from '../column-type.js';
import type { CellValue } from '../driver.js';

/**
 * Every GoogleSQL integer name is an alias of INT64, every float one of
 * FLOAT64 (GoogleSQL data types); the ANSI names core code asks for
 * (`BIGINT`, `VARCHAR`, `DOUBLE PRECISION`, `BOOLEAN`) are read as the
 * BigQuery type they mean, since BigQuery has no VARCHAR or BOOLEAN.
 */
const INTEGERS = new Set(['INT64', 'INT', 'SMALLINT', 'INTEGER', 'BIGINT', 'TINYINT', 'BYTEINT', 'INT8', 'INT4', 'INT2']);
const FLOATS = new Set(['FLOAT64', 'FLOAT', 'DOUBLE', 'DOUBLE PRECISION', 'REAL', 'FLOAT8', 'FLOAT4']);
const STRINGS = /^(?:STRING|VARCHAR|CHARACTER VARYING|CHAR|CHARACTER|TEXT)\s*(?:\(\s*(\d+)\s*\))?$/;
const DECIMALS = /^(NUMERIC|DECIMAL|BIGNUMERIC|BIGDECIMAL)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/;

/**
 * Parses BigQuery type names (`INT64`, `NUMERIC(18, 2)`, `STRING(200)`,
 * `TIMESTAMP`, `ARRAY<STRING>`) into a `ColumnType` whose `sql` is the
 * BigQuery spelling values are cast to. NUMERIC defaults to (38, 9) and
 * BIGNUMERIC to (76, 38) as BigQuery documents (76.76 digits: 38 after the
 * point, 38 before). DATETIME is a civil time without zone; TIMESTAMP an
 * instant.
 */
export function parseBigqueryType(sqlType: string): ColumnType {
  const name = sqlType.trim().toUpperCase().replace(/\s+/g, ' ');
  if (INTEGERS.has(name)) return { kind: 'integer', sql: 'INT64', bits: 64 };
  if (FLOATS.has(name)) return { kind: 'float', sql: 'FLOAT64' };
  if (name === 'BOOL' || name === 'BOOLEAN') return { kind: 'boolean', sql: 'BOOL' };
  if (name === 'DATE') return { kind: 'date', sql: 'DATE' };
  if (name === 'DATETIME' || name === 'TIMESTAMP WITHOUT TIME ZONE') return { kind: 'timestamp', sql: 'DATETIME', withTimeZone: false };
  if (name === 'TIMESTAMP' || name === 'TIMESTAMPTZ' || name === 'TIMESTAMP WITH TIME ZONE') return { kind: 'timestamp', sql: 'TIMESTAMP', withTimeZone: true };
  const text = STRINGS.exec(name);
  if (text) return text[1] ? { kind: 'string', sql: `STRING(${text[1]})`, maxLength: Number(text[1]) } : { kind: 'string', sql: 'STRING' };
  const decimal = DECIMALS.exec(name);
  if (decimal) {
    const big = decimal[1]!.startsWith('BIG');
    const base = big ? 'BIGNUMERIC' : 'NUMERIC';
    if (decimal[2] === undefined) return { kind: 'decimal', sql: base, precision: big ? 76 : 38, scale: big ? 38 : 9 };
    const scale = Number(decimal[3] ?? 0);
    return { kind: 'decimal', sql: `${base}(${decimal[2]}, ${scale})`, precision: Number(decimal[2]), scale };
  }
  return { kind: 'other', sql: name };
}

/** One field of a result schema, as the REST API describes it (`TableFieldSchema`). */
export interface BigqueryField {
  name?: string | null;
  type?: string | null;
  mode?: string | null;
  precision?: string | null;
  scale?: string | null;
  maxLength?: string | null;
  fields?: BigqueryField[] | null;
}

/** A cell as the REST API sends it: `{ v }`, nested rows as `{ f: [...] }`. */
interface RawCell {
  v?: unknown;
}

/** The REST API still names some types by their legacy names in result schemas. */
const LEGACY: Record<string, string> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL', RECORD: 'STRUCT' };

/** The type of a result column as BigQuery spells it, e.g. `NUMERIC(18, 2)`, `ARRAY<STRING>`. */
export function bigqueryFieldType(field: BigqueryField): string {
  const base = LEGACY[field.type ?? ''] ?? field.type ?? 'STRING';
  const sized =
    (base === 'NUMERIC' || base === 'BIGNUMERIC') && field.precision
      ? `${base}(${field.precision}, ${field.scale ?? 0})`
      : base === 'STRING' && field.maxLength
        ? `STRING(${field.maxLength})`
        : base;
  return field.mode === 'REPEATED' ? `ARRAY<${sized}>` : sized;
}

/**
 * A raw cell (the API's text, read with `skipParsing`, so nothing went
 * through a JavaScript number) as a JSON-safe value: INT64, NUMERIC and
 * BIGNUMERIC as strings (decimals padded to the column's scale where the
 * schema gives one), FLOAT64 as numbers (the text `NaN`/`Infinity`, which
 * JSON cannot carry, as is), BOOL as booleans, DATE/DATETIME/TIME as
 * BigQuery prints them, TIMESTAMP (microseconds since the epoch, the
 * client's `formatOptions.useInt64Timestamp`) as ISO 8601 in UTC, arrays
 * and structs as JSON text, JSON as its text.
 */
export function bigqueryCell(field: BigqueryField, raw: unknown): CellValue {
  const value = toValue(field, raw);
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

type Value = CellValue | Value[] | { [name: string]: Value };

function toValue(field: BigqueryField, raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (field.mode === 'REPEATED') return (raw as RawCell[]).map((item) => toValue({ ...field, mode: 'NULLABLE' }, item.v));
  const type = LEGACY[field.type ?? ''] ?? field.type;
  if (type === 'STRUCT') {
    const cells = (raw as { f: RawCell[] }).f;
    return Object.fromEntries((field.fields ?? []).map((f, i) => [f.name ?? `f${i}`, toValue(f, cells[i]?.v)]));
  }
  const text = String(raw);
  switch (type) {
    case 'BOOL':
      return text.toLowerCase() === 'true';
    case 'FLOAT64': {
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return field.scale ? padScale(text, Number(field.scale)) : text;
    case 'TIMESTAMP':
      return /^-?\d+$/.test(text) ? isoFromMicros(BigInt(text)) : text;
    default:
      return text;
  }
}

/** `1.5` at scale 2 is `1.50`: decimals read the same whichever engine wrote them. */
function padScale(text: string, scale: number): string {
  if (scale <= 0 || !/^-?\d+(\.\d*)?$/.test(text)) return text;
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(scale, '0')}`;
}

/** ISO 8601 in UTC; microseconds kept when there are any (`…T10:11:12.000001Z`), else as `Date#toISOString`. */
export function isoFromMicros(micros: bigint): string {
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = micros - millis * 1000n;
  const iso = new Date(Number(millis)).toISOString();
  return rest === 0n ? iso : `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}
