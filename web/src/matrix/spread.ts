/**
 * Exact arithmetic for the planning matrix: amounts as whole units of the
 * column's scale (cents for DECIMAL(18,2)) in bigint, so totals of thousands
 * of cells and the spreading of a typed total never go through a float.
 */

/** A decimal text or number as whole units of `scale` digits; null for empty, undefined for not a number. */
export function toUnits(value: unknown, scale: number): bigint | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  const text = typeof value === 'number' ? value.toFixed(scale) : typeof value === 'bigint' ? value.toString() : String(value).trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const [, sign, int = '', frac = ''] = match;
  const kept = frac.slice(0, scale).padEnd(scale, '0');
  let units = BigInt((int || '0') + kept);
  // Digits beyond the scale round half away from zero, as the warehouse does when it stores them.
  if (frac.length > scale && Number(frac[scale]) >= 5) units += 1n;
  return sign === '-' ? -units : units;
}

/** Whole units back to a decimal text with `scale` digits ("1234.50"). */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

export interface SpreadCell {
  /** The cell's current value in units (null: empty). */
  current: bigint | null;
  /** The person may change it; locked cells keep their value and count towards the total. */
  editable: boolean;
}

export type SpreadResult = { ok: true; values: (bigint | null)[]; mode: 'proportional' | 'even' } | { ok: false; message: string };

/**
 * Spreads a typed total over cells so that they add up to it exactly: locked
 * cells keep their values, the rest share what remains in proportion to their
 * current values, or evenly when those are all empty or zero (or of mixed
 * signs, where proportions mean nothing). Units lost to rounding go to the
 * cells with the largest remainders, earliest first. `values[i]` is the new
 * value of cell i, null for a locked cell (unchanged).
 */
export function spreadTotal(target: bigint, cells: readonly SpreadCell[]): SpreadResult {
  const editable = cells.map((c, i) => (c.editable ? i : -1)).filter((i) => i >= 0);
  if (editable.length === 0) return { ok: false, message: 'Every cell under this total is locked.' };
  const locked = cells.reduce((sum, c) => (c.editable ? sum : sum + (c.current ?? 0n)), 0n);
  const remaining = target - locked;
  const weights = editable.map((i) => cells[i]!.current ?? 0n);
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  const proportional = weightSum > 0n && weights.every((w) => w >= 0n);
  const shares = proportional ? weights : editable.map(() => 1n);
  const shareSum = proportional ? weightSum : BigInt(editable.length);

  const magnitude = remaining < 0n ? -remaining : remaining;
  const sign = remaining < 0n ? -1n : 1n;
  const base = shares.map((w) => (magnitude * w) / shareSum);
  const remainders = shares.map((w, k) => ({ k, r: (magnitude * w) % shareSum }));
  let left = magnitude - base.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.k - b.k : a.r > b.r ? -1 : 1));
  for (const { k } of remainders) {
    if (left === 0n) break;
    base[k]! += 1n;
    left -= 1n;
  }
  const values: (bigint | null)[] = cells.map(() => null);
  editable.forEach((cellIndex, k) => {
    values[cellIndex] = sign * base[k]!;
  });
  return { ok: true, values, mode: proportional ? 'proportional' : 'even' };
}
