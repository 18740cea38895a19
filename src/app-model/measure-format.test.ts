import { describe, expect, it } from 'vitest';
import { formatMeasure } from './measure-format.js';

describe('formatMeasure', () => {
  it('writes currencies with their symbol, two decimals, and compact when asked for large values', () => {
    expect(formatMeasure('1234.5', { format: 'currency' })).toBe('€1,234.50');
    expect(formatMeasure(-2_345_678, { format: 'currency', compact: true })).toBe('-€2.3M');
    expect(formatMeasure(9_999, { currency: 'USD', compact: true })).toBe('$9,999.00');
    expect(formatMeasure(12_345, { currency: 'GBP', compact: true, decimals: 0 })).toBe('£12K');
  });

  it('writes percents, units and fixed decimals', () => {
    expect(formatMeasure(0.1234, { format: 'percent' })).toBe('12.3%');
    expect(formatMeasure(42.5, { unit: 'FTE', decimals: 0 })).toBe('43 FTE');
    expect(formatMeasure(7.25, { unit: '%' })).toBe('7.25%');
  });

  it('shows a dash for no value and text that is not a number as it is', () => {
    expect(formatMeasure(null, {})).toBe('—');
    expect(formatMeasure('n/a', { format: 'currency' })).toBe('n/a');
  });
});
