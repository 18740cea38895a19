import type { KpiFormat } from '../api/types';
import { LOCALE, toNumber } from '../../../src/app-model/measure-format';

export { DEFAULT_CURRENCY, formatMeasure, type KpiDisplay, toNumber } from '../../../src/app-model/measure-format';

const NUMERIC_TYPE = /^(U?TINYINT|U?SMALLINT|U?INTEGER|INT\d*|U?BIGINT|U?HUGEINT|DECIMAL|NUMERIC|DOUBLE|FLOAT\d*|REAL)\b/i;

export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim());
}

const INTEGER_TYPE = /^(U?TINYINT|U?SMALLINT|U?INTEGER|INT\d*|U?BIGINT|U?HUGEINT)\b/i;

/**
 * Integer keys and references (`line_id`, `id`) name rows instead of counting anything, so they
 * keep their digits ungrouped: "2401", where a measure reads "2,401".
 */
export function isIdentifierColumn(column: { name: string; type: string }, key: readonly string[]): boolean {
  return INTEGER_TYPE.test(column.type.trim()) && (key.includes(column.name) || /(^|_)id$/i.test(column.name));
}

export function isBooleanType(type: string): boolean {
  return /^(BOOLEAN|BOOL)\b/i.test(type.trim());
}

export function isTimestampType(type: string): boolean {
  return /^TIMESTAMP/i.test(type.trim());
}

/** Types the server sends as strings to keep precision. */
export function isExactNumericType(type: string): boolean {
  return /^(DECIMAL|NUMERIC|U?BIGINT|U?HUGEINT)\b/i.test(type.trim());
}

export function decimalScale(type: string): number | undefined {
  const match = /^(?:DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*(\d+)\s*\)/i.exec(type.trim());
  return match ? Number(match[1]) : undefined;
}

/** Groups digits without going through a float, so "12345678901234.56" stays exact. */
export function groupDigits(value: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(value.trim());
  if (!match) return value;
  const [, sign = '', int = '', frac = ''] = match;
  return sign + int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + frac;
}

export function formatNumber(value: unknown, scale?: number): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') {
    if (scale === undefined) return groupDigits(value);
    const n = toNumber(value);
    return n === null ? value : formatFixed(n, scale);
  }
  const n = toNumber(value);
  if (n === null) return String(value);
  if (scale !== undefined) return formatFixed(n, scale);
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 6 }).format(n);
}

function formatFixed(n: number, scale: number): string {
  return new Intl.NumberFormat(LOCALE, {
    minimumFractionDigits: scale,
    maximumFractionDigits: scale,
  }).format(n);
}

export function formatValue(value: unknown, type: string): string {
  if (value === null || value === undefined) return '';
  if (isNumericType(type)) return formatNumber(value, decimalScale(type));
  if (isBooleanType(type) || typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (isTimestampType(type) && typeof value === 'string') return formatDateTime(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Formats a value of a table's column, `key` being the table's key columns. */
export function formatColumnValue(value: unknown, column: { name: string; type: string }, key: readonly string[]): string {
  if (value !== null && value !== undefined && isIdentifierColumn(column, key)) return String(value);
  return formatValue(value, column.type);
}

/** Formats a value whose column type is unknown (history, conflicts). */
export function formatLoose(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return groupDigits(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function formatKpi(value: unknown, format: KpiFormat = 'number'): string {
  const n = toNumber(value);
  if (n === null) return value === null || value === undefined ? '—' : String(value);
  switch (format) {
    case 'currency':
      return formatFixed(n, 2);
    case 'percent':
      return new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 }).format(n);
    default:
      return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 }).format(n);
  }
}

/** A column name in words: `rows_changed` → "Rows changed". */
export function columnLabel(name: string): string {
  return humanize(name.toLowerCase());
}

export function formatDate(value: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(LOCALE, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function formatSignedPercent(ratio: number): string {
  const text = new Intl.NumberFormat(LOCALE, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(ratio);
  return text;
}

export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(LOCALE, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * Changeset ids are UUIDv7: their first digits are a timestamp shared by changesets made within
 * the same minute, so the short form takes the random tail instead.
 */
export function shortChangesetId(id: string): string {
  return id.replace(/-/g, '').slice(-8);
}

export function humanize(name: string): string {
  const spaced = name.replace(/_/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
