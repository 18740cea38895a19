import type { ColumnInfo } from '../api/types';
import { decimalScale, humanize, isBooleanType, isExactNumericType, isNumericType } from '../ui/format';

/** What a typed or pasted text means for a column: the value to write, or why it cannot be written. */
export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

const INTEGER_TYPE = /^(U?TINYINT|U?SMALLINT|U?INTEGER|INT\d*|U?BIGINT|U?HUGEINT)\b/i;
const DATE_TYPE = /^DATE$/i;

/**
 * Reads what a person typed into a cell of `column`, exactly: DECIMAL and BIGINT values become
 * digit strings (never a float), text is kept as typed, and anything that would be changed on the
 * way to the warehouse (a third decimal in a DECIMAL(18,2), "1.234,5") is refused with a message
 * instead of being rounded or cut.
 */
export function parseCellInput(column: Pick<ColumnInfo, 'name' | 'type' | 'nullable'>, text: string): ParsedInput {
  const label = humanize(column.name);
  const type = column.type.trim();
  if (isNumericType(type) || isBooleanType(type) || DATE_TYPE.test(type)) {
    if (text.trim() === '') return column.nullable ? { ok: true, value: null } : { ok: false, message: `${label} can't be empty.` };
  }
  if (isNumericType(type)) return parseNumberInput(label, type, text);
  if (isBooleanType(type)) return parseBooleanInput(label, text);
  if (DATE_TYPE.test(type)) return parseDateInput(label, text);
  if (text === '' && column.nullable) return { ok: true, value: null };
  return { ok: true, value: text };
}

function parseNumberInput(label: string, type: string, text: string): ParsedInput {
  const digits = normalizeNumberText(text);
  if (digits === null) return { ok: false, message: `${label} takes a number, like 1250 or 1,250.50; "${text.trim()}" is not one.` };
  const [int = '0', frac = ''] = digits.replace(/^-/, '').split('.');
  const negative = digits.startsWith('-');
  if (INTEGER_TYPE.test(type)) {
    if (/[1-9]/.test(frac)) return { ok: false, message: `${label} takes whole numbers only.` };
    const whole = (negative && int !== '0' ? '-' : '') + int;
    return { ok: true, value: isExactNumericType(type) ? whole : Number(whole) };
  }
  const scale = decimalScale(type);
  if (scale !== undefined) {
    const trimmed = frac.replace(/0+$/, '');
    if (trimmed.length > scale) {
      return { ok: false, message: `${label} keeps ${scale === 0 ? 'no decimals' : `at most ${scale} decimal${scale === 1 ? '' : 's'}`}; type it rounded.` };
    }
    const padded = scale === 0 ? int : `${int}.${trimmed.padEnd(scale, '0')}`;
    return { ok: true, value: negative && /[1-9]/.test(padded) ? `-${padded}` : padded };
  }
  if (isExactNumericType(type)) return { ok: true, value: digits };
  return { ok: true, value: Number(digits) };
}

/**
 * Plain decimal digits ("-1234.5") from what people type or paste: thousands separators, spaces,
 * a currency sign, a leading plus, accounting parentheses for negatives and an exponent are
 * understood; anything else gives null.
 */
export function normalizeNumberText(text: string): string | null {
  let s = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  let negative = false;
  const accounting = /^\((.*)\)$/.exec(s);
  if (accounting) {
    negative = true;
    s = accounting[1] ?? '';
  }
  s = s.replace(/^([+-]?)[$€£¥]/, '$1').replace(/[$€£¥]$/, '');
  if (s.startsWith('-')) {
    if (negative) return null;
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  // Grouping commas only in thousands positions: "1,250.5" yes, "1,25" (a European decimal) no.
  if (s.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?(e[+-]?\d+)?$/i.test(s)) return null;
    s = s.replace(/,/g, '');
  }
  const match = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return null;
  let int = match[1] ?? '';
  let frac = match[2] ?? '';
  const exponent = Number(match[3] ?? 0);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return null;
  if (exponent > 0) {
    const moved = frac.padEnd(exponent, '0');
    int += moved.slice(0, exponent);
    frac = moved.slice(exponent);
  } else if (exponent < 0) {
    const padded = int.padStart(-exponent, '0');
    frac = padded.slice(padded.length + exponent) + frac;
    int = padded.slice(0, padded.length + exponent);
  }
  int = int.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

function parseBooleanInput(label: string, text: string): ParsedInput {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, message: `${label} is yes or no; "${text.trim()}" is neither.` };
}

function parseDateInput(label: string, text: string): ParsedInput {
  const value = text.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) {
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    if (date.toISOString().slice(0, 10) === value) return { ok: true, value };
  }
  return { ok: false, message: `${label} is a date written YYYY-MM-DD, like 2026-03-31.` };
}
