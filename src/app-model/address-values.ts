// A page's filter values as its address spells them (`?entity=E03&year=2026`): shared by the web
// app, which shows and reads them, and the server, which opens a shared address with them, so
// both read a value the same way. No imports: the web app bundles this file as it is.

/** The types a dataset parameter can declare. */
export type AddressValueType = 'string' | 'number' | 'date' | 'boolean';

/**
 * A filter value read from its address text: empty is none (null), numbers and booleans as they
 * print, anything else as the text. undefined: the text cannot be of the type (the filter keeps
 * its default).
 */
export function valueFromAddress(text: string, type: AddressValueType): unknown {
  if (text === '') return null;
  if (type === 'number') {
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  if (type === 'boolean') return /^(true|yes|1)$/i.test(text) ? true : /^(false|no|0)$/i.test(text) ? false : undefined;
  return text;
}

/** The address text of a filter value (the inverse of `valueFromAddress`). */
export function addressText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
