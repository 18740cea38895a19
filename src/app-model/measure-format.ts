// How a measure (a KPI value, a currency column) reads on a page: shared by the web app and the
// server, which formats the KPI values of a page's first view so the page can show them before
// any formatting code has loaded. No imports: the web app bundles this file as it is.

/** A fixed locale keeps numbers identical for every viewer of a shared dashboard. */
export const LOCALE = 'en-US';

/** Currency of `format: currency` values that name none. */
export const DEFAULT_CURRENCY = 'EUR';

export interface KpiDisplay {
  format?: 'number' | 'currency' | 'percent';
  /** ISO 4217 code: the value shows with the currency's symbol. */
  currency?: string;
  /** Suffix such as `%`, `FTE` or `days`. */
  unit?: string;
  decimals?: number;
  /** Compact notation for large values ("€1.2M"). */
  compact?: boolean;
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Formats a KPI value with its currency symbol, unit, decimals and, optionally, compact notation. */
export function formatMeasure(value: unknown, display: KpiDisplay): string {
  const n = toNumber(value);
  if (n === null) return value === null || value === undefined ? '—' : String(value);
  const currency = display.currency ?? (display.format === 'currency' ? DEFAULT_CURRENCY : undefined);
  const options: Intl.NumberFormatOptions = {};
  if (currency) Object.assign(options, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
  else if (display.format === 'percent') options.style = 'percent';
  if (display.compact && Math.abs(n) >= 10_000) {
    options.notation = 'compact';
    options.maximumFractionDigits = display.decimals ?? 1;
    options.minimumFractionDigits = 0;
  } else if (display.decimals !== undefined) {
    options.minimumFractionDigits = display.decimals;
    options.maximumFractionDigits = display.decimals;
  } else if (currency) {
    options.minimumFractionDigits = 2;
    options.maximumFractionDigits = 2;
  } else {
    options.maximumFractionDigits = display.format === 'percent' ? 1 : 2;
  }
  const text = new Intl.NumberFormat(LOCALE, options).format(n);
  if (!display.unit) return text;
  return display.unit === '%' ? `${text}%` : `${text} ${display.unit}`;
}
