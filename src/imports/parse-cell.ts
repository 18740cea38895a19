import type { ColumnType } from '../warehouse/column-type.js';
import type { RawCell } from './read-upload.js';

/** How a locale writes numbers and dates, learned from Intl (e.g. de-DE: 1.234,5 and 31.01.2025). */
export interface LocaleFormat {
  locale: string;
  group: string;
  decimal: string;
  /** Day, month and year in the order the locale writes them. */
  dateOrder: ('day' | 'month' | 'year')[];
}

export function localeFormat(locale: string | undefined): LocaleFormat {
  let tag = 'en-GB';
  try {
    tag = locale ? (Intl.getCanonicalLocales(locale)[0] ?? tag) : tag;
  } catch {
    // an invalid tag: the default stands
  }
  const parts = new Intl.NumberFormat(tag).formatToParts(12345.6);
  const dateParts = new Intl.DateTimeFormat(tag, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.UTC(2025, 0, 31)));
  return {
    locale: tag,
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    dateOrder: dateParts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type as 'day' | 'month' | 'year'),
  };
}

export type CellInput = { ok: true; value: string | number | boolean | null } | { ok: false; rule: string; message: string };

/**
 * A cell as a value for its column, read the way the person wrote it: text
 * numbers in their locale (1.234,50 in German), dates as dates or as text in
 * their locale's order or ISO 8601. Formulas and error cells are refused:
 * an import takes values.
 */
export function cellInput(cell: RawCell, type: ColumnType, format: LocaleFormat): CellInput {
  switch (cell.kind) {
    case 'empty':
      return { ok: true, value: null };
    case 'formula':
      return { ok: false, rule: 'formula', message: `holds a formula (=${cell.formula}); paste its value instead` };
    case 'error':
      return { ok: false, rule: 'error', message: `holds an error (${cell.value})` };
    case 'boolean':
      return { ok: true, value: type.kind === 'boolean' ? cell.value : String(cell.value) };
    case 'date':
      return { ok: true, value: type.kind === 'timestamp' ? cell.value.toISOString() : cell.value.toISOString().slice(0, 10) };
    case 'number':
      if (type.kind === 'date' || type.kind === 'timestamp') return { ok: false, rule: 'date', message: `holds the number ${cell.value}, not a date` };
      return { ok: true, value: type.kind === 'string' ? String(cell.value) : cell.value };
    case 'text':
      return textInput(cell.value.trim(), type, format);
  }
}

function textInput(text: string, type: ColumnType, format: LocaleFormat): CellInput {
  if (text === '') return { ok: true, value: null };
  if (type.kind === 'integer' || type.kind === 'decimal' || type.kind === 'float') {
    const number = localNumber(text, format);
    return number === undefined
      ? { ok: false, rule: 'type', message: `'${text}' is not a number as ${format.locale} writes them` }
      : { ok: true, value: number };
  }
  if (type.kind === 'date' || type.kind === 'timestamp') {
    const date = localDate(text, format);
    if (!date) return { ok: false, rule: 'date', message: `'${text}' is not a date (write YYYY-MM-DD or as ${format.locale} does)` };
    return { ok: true, value: type.kind === 'timestamp' && date.length === 10 ? `${date}T00:00:00Z` : date };
  }
  if (type.kind === 'boolean') {
    const lower = text.toLowerCase();
    if (['true', 'yes', '1', 'x'].includes(lower)) return { ok: true, value: true };
    if (['false', 'no', '0', ''].includes(lower)) return { ok: true, value: false };
    return { ok: false, rule: 'type', message: `'${text}' is not yes or no` };
  }
  return { ok: true, value: text };
}

/** `1.234,50` (de-DE) or `1,234.50` (en) → `1234.50`; a plain `1234.5` is read in any locale. */
export function localNumber(text: string, format: LocaleFormat): string | undefined {
  const compact = text.replace(/[\s\u00a0\u202f']/g, '');
  if (/^-?\d+(\.\d+)?$/.test(compact) && !(format.decimal === ',' && /^-?\d{1,3}(\.\d{3})+$/.test(compact))) return compact;
  const grouped = compact.split(format.group).join('');
  const normal = format.decimal === '.' ? grouped : grouped.replace(format.decimal, '.');
  const negative = /^\((.*)\)$/.exec(normal);
  const value = negative ? `-${negative[1]}` : normal;
  return /^-?\d+(\.\d+)?$/.test(value) ? value : undefined;
}

/** ISO 8601 or the locale's numeric order (31.01.2025, 01/31/2025) → `YYYY-MM-DD`. */
export function localDate(text: string, format: LocaleFormat): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(text)) return isRealDate(text.slice(0, 10)) ? text.slice(0, 10) : undefined;
  const pieces = text.split(/[./\-\s]+/).filter(Boolean);
  if (pieces.length !== 3 || !pieces.every((p) => /^\d+$/.test(p))) return undefined;
  const by = Object.fromEntries(format.dateOrder.map((part, i) => [part, Number(pieces[i])]));
  const year = by.year! < 100 ? 2000 + by.year! : by.year!;
  const iso = `${String(year).padStart(4, '0')}-${String(by.month).padStart(2, '0')}-${String(by.day).padStart(2, '0')}`;
  return isRealDate(iso) ? iso : undefined;
}

function isRealDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
}
