import { describe, expect, it } from 'vitest';
import { fitWidths, MIN_FIT_WIDTH } from './grid-columns';

const col = (width: number, editable: boolean, pinned = false) => ({ width, editable, pinned });

describe('fitWidths', () => {
  it('keeps widths that fit', () => {
    expect(fitWidths([col(100, false), col(140, true)], 400)).toEqual([100, 140]);
  });

  it('narrows read-only columns first, in proportion, so editable ones stay in view', () => {
    const widths = fitWidths([col(172, false), col(122, false), col(140, true), col(140, true)], 534);
    expect(widths.slice(2)).toEqual([140, 140]);
    expect(widths[0]! + widths[1]!).toBeLessThanOrEqual(254);
    expect(widths[0]! - MIN_FIT_WIDTH).toBeGreaterThan(widths[1]! - MIN_FIT_WIDTH);
  });

  it('then editable ones, never below the minimum, and never a width the person set', () => {
    const widths = fitWidths([col(100, false), col(300, false, true), col(200, true)], 300);
    expect(widths).toEqual([MIN_FIT_WIDTH, 300, MIN_FIT_WIDTH]);
  });
});
