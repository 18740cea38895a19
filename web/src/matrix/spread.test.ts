import { describe, expect, it } from 'vitest';
import { fromUnits, spreadTotal, toUnits } from './spread';

const cells = (...values: (number | null)[]) => values.map((v) => ({ current: v === null ? null : BigInt(v), editable: true }));
const sum = (values: (bigint | null)[]) => values.reduce<bigint>((a, b) => a + (b ?? 0n), 0n);

describe('decimal units', () => {
  it('reads decimal texts and numbers exactly at the scale', () => {
    expect(toUnits('633700.00', 2)).toBe(63370000n);
    expect(toUnits('-12.5', 2)).toBe(-1250n);
    expect(toUnits(12.5, 2)).toBe(1250n);
    expect(toUnits('7', 0)).toBe(7n);
    expect(toUnits('', 2)).toBeNull();
    expect(toUnits(null, 2)).toBeNull();
    expect(toUnits('12,5', 2)).toBeUndefined();
    expect(toUnits('.', 2)).toBeUndefined();
    // 12345678901234567.89 is beyond a double's precision; units keep every digit.
    expect(toUnits('12345678901234567.89', 2)).toBe(1234567890123456789n);
  });

  it('rounds digits beyond the scale half away from zero', () => {
    expect(toUnits('1.005', 2)).toBe(101n);
    expect(toUnits('1.004', 2)).toBe(100n);
    expect(toUnits('-1.005', 2)).toBe(-101n);
  });

  it('writes units back with the scale', () => {
    expect(fromUnits(63370000n, 2)).toBe('633700.00');
    expect(fromUnits(5n, 2)).toBe('0.05');
    expect(fromUnits(-1250n, 2)).toBe('-12.50');
    expect(fromUnits(42n, 0)).toBe('42');
  });
});

describe('spreadTotal', () => {
  it('spreads in proportion to current values and adds up exactly', () => {
    const result = spreadTotal(100000n, cells(100, 200, 700));
    expect(result).toEqual({ ok: true, values: [10000n, 20000n, 70000n], mode: 'proportional' });
  });

  it('spreads evenly over empty or zero cells, remainders to the earliest cells', () => {
    const result = spreadTotal(1000n, cells(null, 0, null));
    expect(result.ok && result.values).toEqual([334n, 333n, 333n]);
    expect(result.ok && result.mode).toBe('even');
  });

  it('spreads a year total over twelve months to the cent', () => {
    const result = spreadTotal(12000001n, cells(...Array.from({ length: 12 }, () => 0)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(sum(result.values)).toBe(12000001n);
    expect(new Set(result.values.map(String)).size).toBe(2);
  });

  it('gives rounding units to the largest remainders', () => {
    // Thirds of 100: 33.33.. each; the one unit left goes to the first.
    expect(spreadTotal(100n, cells(1, 1, 1)).ok && (spreadTotal(100n, cells(1, 1, 1)) as { values: bigint[] }).values).toEqual([34n, 33n, 33n]);
    // 10 over weights 1 and 2: 3.33 and 6.67, so 3 and 7.
    expect((spreadTotal(10n, cells(1, 2)) as { values: bigint[] }).values).toEqual([3n, 7n]);
  });

  it('keeps locked cells and spreads the rest of the total over the others', () => {
    const result = spreadTotal(1000n, [
      { current: 400n, editable: false },
      { current: 100n, editable: true },
      { current: 300n, editable: true },
    ]);
    expect(result.ok && result.values).toEqual([null, 150n, 450n]);
  });

  it('spreads negative totals and totals below the locked part', () => {
    expect((spreadTotal(-900n, cells(1, 2)) as { values: bigint[] }).values).toEqual([-300n, -600n]);
    const below = spreadTotal(100n, [
      { current: 400n, editable: false },
      { current: 0n, editable: true },
    ]);
    expect(below.ok && below.values).toEqual([null, -300n]);
  });

  it('falls back to even when current values have mixed signs', () => {
    const result = spreadTotal(100n, cells(-50, 150));
    expect(result.ok && result.mode).toBe('even');
    expect(result.ok && result.values).toEqual([50n, 50n]);
  });

  it('refuses when every cell is locked', () => {
    expect(spreadTotal(5n, [{ current: 5n, editable: false }])).toEqual({ ok: false, message: 'Every cell under this total is locked.' });
  });

  it('stays exact for totals far beyond a double', () => {
    const target = 98765432109876543210n;
    const result = spreadTotal(target, cells(3, 7, 11, 13));
    expect(result.ok && sum(result.values)).toBe(target);
  });
});
