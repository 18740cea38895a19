import type { ColumnType } from './column-type.js';

/** The canonical form of a cell value: what is bound, compared and audited. */
export type CanonicalValue = string | number | boolean | null;

export type Coerced = { ok: true; value: CanonicalValue } | { ok: false; message: string };

const INTEGER_LIMITS: Record<number, bigint> = { 8: 2n ** 7n, 16: 2n ** 15n, 32: 2n ** 31n, 64: 2n ** 63n, 128: 2n ** 127n };

/**
 * Coerces user input to the column type and to one canonical text form
 * (decimals at the column scale, dates as YYYY-MM-DD), so that equal values
 * compare equal and audits read the same whatever the client sent.
 */
export function coerceValue(input: unknown, type: ColumnType): Coerced {
  if (input === null || input === undefined) return { ok: true, value: null };
  switch (type.kind) {
    case 'string': {
      if (typeof input !== 'string' && typeof input !== 'number' && typeof input !== 'boolean') return fail('expected text');
      const value = String(input);
      if (type.maxLength !== undefined && value.length > type.maxLength) return fail(`at most ${type.maxLength} characters`);
      return { ok: true, value };
    }
    case 'integer': {
      const text = numericText(input);
      if (text === undefined || !/^-?\d+$/.test(text)) return fail('expected a whole number');
      const big = BigInt(text);
      const limit = INTEGER_LIMITS[type.bits]!;
      if (big >= limit || big < -limit) return fail('number out of range for this column');
      return { ok: true, value: big.toString() };
    }
    case 'decimal':
      return coerceDecimal(input, type.precision, type.scale);
    case 'float': {
      const text = numericText(input);
      const value = text === undefined || text.trim() === '' ? NaN : Number(text);
      return Number.isFinite(value) ? { ok: true, value } : fail('expected a number');
    }
    case 'boolean':
      if (typeof input === 'boolean') return { ok: true, value: input };
      if (input === 'true' || input === 'false') return { ok: true, value: input === 'true' };
      return fail('expected true or false');
    case 'date': {
      if (typeof input !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input)) return fail('expected a date as YYYY-MM-DD');
      const date = new Date(`${input}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(input) ? { ok: true, value: input } : fail('not a calendar date');
    }
    case 'timestamp': {
      if (typeof input !== 'string' || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(input)) return fail('expected an ISO 8601 timestamp');
      const date = new Date(input.replace(' ', 'T'));
      return Number.isNaN(date.getTime()) ? fail('not a valid timestamp') : { ok: true, value: date.toISOString() };
    }
    case 'other':
      return typeof input === 'string' ? { ok: true, value: input } : { ok: true, value: JSON.stringify(input) };
  }
}

function coerceDecimal(input: unknown, precision: number, scale: number): Coerced {
  const text = numericText(input);
  const match = text === undefined ? null : /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return fail('expected a decimal number');
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > scale) return fail(`at most ${scale} decimal places`);
  const digits = whole.replace(/^0+/, '');
  if (digits.length > precision - scale) return fail(`too large for this column (at most ${precision - scale} digits before the point)`);
  const canonicalFraction = scale > 0 ? `.${fraction.padEnd(scale, '0').slice(0, scale)}` : '';
  const canonical = `${digits || '0'}${canonicalFraction}`;
  const isZero = /^[0.]*$/.test(canonical);
  return { ok: true, value: `${sign && !isZero ? '-' : ''}${canonical}` };
}

function numericText(input: unknown): string | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? numberToPlainString(input) : undefined;
  if (typeof input === 'string') return input;
  return undefined;
}

/** Avoids exponent notation, which decimal parsing would reject. */
function numberToPlainString(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}

function fail(message: string): Coerced {
  return { ok: false, message };
}

/** The value as a JS number for rule checks (min/max, expressions), or the value itself. */
export function toComparable(value: CanonicalValue, type: ColumnType): CanonicalValue {
  if (typeof value === 'string' && (type.kind === 'decimal' || type.kind === 'integer')) return Number(value);
  return value;
}
