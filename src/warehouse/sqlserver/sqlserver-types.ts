import type { ColumnType } from '../column-type.js';
import type { CellValue } from '../driver.js';

const INTEGER_BITS: Record<string, [8 | 16 | 32 | 64, string]> = {
  SMALLINT: [16, 'SMALLINT'],
  INT2: [16, 'SMALLINT'],
  INT: [32, 'INT'],
  INTEGER: [32, 'INT'],
  INT4: [32, 'INT'],
  BIGINT: [64, 'BIGINT'],
  INT8: [64, 'BIGINT'],
};
const STRINGS = new Set(['NVARCHAR', 'VARCHAR', 'NCHAR', 'CHAR', 'CHARACTER', 'CHARACTER VARYING', 'NTEXT', 'TEXT', 'STRING', 'SYSNAME']);

/**
 * Parses SQL Server type names (`DECIMAL(18,2)`, `NVARCHAR(MAX)`,
 * `DATETIMEOFFSET(6)`, `BIT`) into a `ColumnType`; `sql` is the T-SQL type
 * values are cast to. ANSI names become their T-SQL type (`BOOLEAN` is BIT,
 * `TIMESTAMPTZ` DATETIMEOFFSET(6)), and text without a length NVARCHAR(MAX):
 * T-SQL would cast to `VARCHAR` as VARCHAR(30), cutting longer values.
 * TINYINT is unsigned (0–255): it is read as a 16-bit integer and the
 * warehouse refuses what does not fit. DATETIME2, DATETIME and SMALLDATETIME
 * hold no zone: they are read as UTC wall-clock times. `TIMESTAMP` is the
 * ANSI timestamp; SQL Server's row version is `ROWVERSION` (so the catalogue
 * names it).
 */
export function parseSqlserverType(sqlType: string): ColumnType {
  const sql = sqlType.trim().toUpperCase().replace(/\s+/g, ' ');
  const base = sql.replace(/\s*\(.*\)$/, '');
  const args = /\(\s*(\w+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(sql);
  if (base === 'TINYINT') return { kind: 'integer', sql, bits: 16 };
  const integer = INTEGER_BITS[base];
  if (integer) return { kind: 'integer', sql: integer[1], bits: integer[0] };
  if (base === 'DECIMAL' || base === 'NUMERIC' || base === 'DEC') {
    const precision = Number(args?.[1] ?? 18);
    const scale = Number(args?.[2] ?? 0);
    return { kind: 'decimal', sql: `DECIMAL(${precision},${scale})`, precision, scale };
  }
  if (base === 'MONEY') return { kind: 'decimal', sql, precision: 19, scale: 4 };
  if (base === 'SMALLMONEY') return { kind: 'decimal', sql, precision: 10, scale: 4 };
  if (base === 'REAL' || base === 'FLOAT4') return { kind: 'float', sql: 'REAL' };
  if (base === 'FLOAT' || base === 'DOUBLE' || base === 'DOUBLE PRECISION' || base === 'FLOAT8') return { kind: 'float', sql: 'FLOAT' };
  if (base === 'BIT' || base === 'BOOLEAN' || base === 'BOOL') return { kind: 'boolean', sql: 'BIT' };
  if (base === 'DATE') return { kind: 'date', sql };
  if (base === 'DATETIMEOFFSET') return { kind: 'timestamp', sql, withTimeZone: true };
  if (base === 'TIMESTAMPTZ' || base === 'TIMESTAMP WITH TIME ZONE') return { kind: 'timestamp', sql: 'DATETIMEOFFSET(6)', withTimeZone: true };
  if (base === 'DATETIME2' || base === 'DATETIME' || base === 'SMALLDATETIME') return { kind: 'timestamp', sql, withTimeZone: false };
  if (base === 'TIMESTAMP' || base === 'TIMESTAMP WITHOUT TIME ZONE') return { kind: 'timestamp', sql: 'DATETIME2(6)', withTimeZone: false };
  if (base === 'UNIQUEIDENTIFIER' || base === 'UUID') return { kind: 'string', sql: 'UNIQUEIDENTIFIER' };
  if (base === 'XML') return { kind: 'string', sql };
  if (STRINGS.has(base)) {
    const length = args && /^\d+$/.test(args[1]!) ? Number(args[1]) : undefined;
    if (length !== undefined && base !== 'TEXT' && base !== 'NTEXT') return { kind: 'string', sql, maxLength: length };
    return { kind: 'string', sql: args?.[1] === 'MAX' ? sql : 'NVARCHAR(MAX)' };
  }
  return { kind: 'other', sql };
}

/** What the client (mssql over tedious) reports of a result column. */
export interface SqlserverColumnMetadata {
  name: string;
  /** The client's type, whose `declaration` is the SQL type name in lower case (`decimal`, `nvarchar`). */
  type?: { declaration?: string } | (() => unknown);
  /** Bytes for strings (-1 or 0xffff-ish sizes for MAX), as the client reports it. */
  length?: number;
  precision?: number;
  scale?: number;
}

const declarationOf = (column: SqlserverColumnMetadata): string =>
  String((column.type as { declaration?: string } | undefined)?.declaration ?? 'sql_variant').toUpperCase();

/** The SQL type name of a result column, e.g. `DECIMAL(18,2)`, `DATETIMEOFFSET(6)`. */
export function resultTypeName(column: SqlserverColumnMetadata): string {
  const name = declarationOf(column);
  if (name === 'DECIMAL' || name === 'NUMERIC') return `${name}(${column.precision ?? 18},${column.scale ?? 0})`;
  if (name === 'DATETIME2' || name === 'DATETIMEOFFSET' || name === 'TIME') return `${name}(${column.scale ?? 7})`;
  return name;
}

const SCALE_OF: Record<string, number> = { MONEY: 4, SMALLMONEY: 4 };

/**
 * A value as tedious gives it, as the API's JSON cell: BIGINT arrives as a
 * string already; DECIMAL, NUMERIC and MONEY as exact text with the column's
 * scale, read so by `readDecimalsExactly` (tedious itself would give JS
 * numbers, exact to 15 significant digits only). DATE as `YYYY-MM-DD`, timestamps as ISO 8601 in UTC
 * with the fraction tedious keeps below the millisecond, BIT as a boolean,
 * binary as hex.
 */
export function toCell(value: unknown, column: SqlserverColumnMetadata): CellValue {
  if (value === null || value === undefined) return null;
  const name = declarationOf(column);
  if (name === 'DECIMAL' || name === 'NUMERIC' || name in SCALE_OF) {
    // Exact text from the value parser (exact-decimals.ts); a number only from a client without it.
    return typeof value === 'string' ? value : formatDecimal(Number(value), column.scale ?? SCALE_OF[name] ?? 0);
  }
  if (name === 'BIGINT') return String(value);
  if (value instanceof Date) return name === 'DATE' ? value.toISOString().slice(0, 10) : isoWithFraction(value);
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex').toUpperCase()}`;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A decimal with exactly `scale` digits after the point, without exponent notation. */
export function formatDecimal(value: number, scale: number): string {
  if (Math.abs(value) < 1e21) return value.toFixed(scale);
  const whole = BigInt(Math.round(value)).toString();
  return scale > 0 ? `${whole}.${'0'.repeat(scale)}` : whole;
}

/** tedious keeps the digits past the millisecond in `nanosecondsDelta` (a fraction of a second). */
function isoWithFraction(date: Date): string {
  const extra = (date as Date & { nanosecondsDelta?: number }).nanosecondsDelta;
  const iso = date.toISOString();
  if (!extra) return iso;
  const digits = Math.round(extra * 1e7)
    .toString()
    .padStart(4, '0')
    .replace(/0+$/, '');
  return digits ? `${iso.slice(0, -1)}${digits}Z` : iso;
}
