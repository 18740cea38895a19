import type { Row, RowKey } from '../api/types';
import { toUnits } from './spread';

/** One member of an axis: an account, a month. `id` is its value as canonical text. */
export interface AxisMember {
  id: string;
  value: unknown;
  label: string;
  group: string | null;
}

/** One row of the writable table, placed in the matrix. */
export interface BaseCell {
  key: RowKey;
  rowId: string;
  colId: string;
  /** The value column in units of the scale; null when empty. */
  units: bigint | null;
  /** The value as read, sent back as the expected value of a write. */
  raw: unknown;
  editable: boolean;
  /** Why a lock (a closed period) holds the row, or null. */
  lock: string | null;
}

/** A line of the matrix: a member, the subtotal of a group, or the grand total. */
export interface MatrixLine {
  kind: 'member' | 'subtotal' | 'total';
  id: string;
  label: string;
  /** Row-axis members the line adds up (one for a member line). */
  rowIds: string[];
}

export function memberId(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** Axis members from a dataset's rows (in its order), or from the values present in the table, sorted. */
export function axisMembers(
  rows: readonly Row[] | null,
  columns: { key: string; label?: string; group?: string },
  present: readonly unknown[],
  formatLabel: (value: unknown) => string,
): AxisMember[] {
  if (rows) {
    const seen = new Set<string>();
    const members: AxisMember[] = [];
    for (const row of rows) {
      const value = row[columns.key];
      const id = memberId(value);
      if (seen.has(id)) continue;
      seen.add(id);
      const label = columns.label ? row[columns.label] : undefined;
      const group = columns.group ? row[columns.group] : undefined;
      members.push({
        id,
        value,
        label: label === null || label === undefined ? formatLabel(value) : String(label),
        group: group == null ? null : String(group),
      });
    }
    return members;
  }
  const byId = new Map<string, unknown>();
  for (const value of present) byId.set(memberId(value), value);
  return [...byId.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([id, value]) => ({ id, value, label: formatLabel(value), group: null }));
}

/**
 * The lines down the matrix: members grouped (groups in order of first
 * appearance), each group closed by its subtotal, then the grand total.
 */
export function matrixLines(members: readonly AxisMember[], grouped: boolean): MatrixLine[] {
  const lines: MatrixLine[] = [];
  if (grouped) {
    const groups = new Map<string, AxisMember[]>();
    for (const member of members) {
      const name = member.group ?? 'Other';
      const list = groups.get(name) ?? [];
      list.push(member);
      groups.set(name, list);
    }
    for (const [name, list] of groups) {
      for (const m of list) lines.push({ kind: 'member', id: `m:${m.id}`, label: m.label, rowIds: [m.id] });
      lines.push({ kind: 'subtotal', id: `g:${name}`, label: name, rowIds: list.map((m) => m.id) });
    }
  } else {
    for (const m of members) lines.push({ kind: 'member', id: `m:${m.id}`, label: m.label, rowIds: [m.id] });
  }
  if (members.length > 1) lines.push({ kind: 'total', id: 'total', label: 'Total', rowIds: members.map((m) => m.id) });
  return lines;
}

/** Table rows indexed by row member, then column member. */
export type BaseIndex = Map<string, Map<string, BaseCell[]>>;

export function indexBaseRows(
  rows: readonly Row[],
  editable: readonly (readonly string[])[] | undefined,
  locked: readonly (string | null)[] | undefined,
  spec: { key: readonly string[]; value: string; rowColumn: string; colColumn: string; scale: number },
): BaseIndex {
  const index: BaseIndex = new Map();
  rows.forEach((row, i) => {
    const rowId = memberId(row[spec.rowColumn]);
    const colId = memberId(row[spec.colColumn]);
    const units = toUnits(row[spec.value], spec.scale);
    const cell: BaseCell = {
      key: Object.fromEntries(spec.key.map((k) => [k, row[k]])),
      rowId,
      colId,
      units: units === undefined ? null : units,
      raw: row[spec.value] ?? null,
      editable: editable?.[i]?.includes(spec.value) ?? false,
      lock: locked?.[i] ?? null,
    };
    let byCol = index.get(rowId);
    if (!byCol) index.set(rowId, (byCol = new Map()));
    const list = byCol.get(colId);
    if (list) list.push(cell);
    else byCol.set(colId, [cell]);
  });
  return index;
}

/** The table rows under one matrix cell: a line's members × the given column members. */
export function cellsUnder(index: BaseIndex, rowIds: readonly string[], colIds: readonly string[]): BaseCell[] {
  const out: BaseCell[] = [];
  for (const rowId of rowIds) {
    const byCol = index.get(rowId);
    if (!byCol) continue;
    for (const colId of colIds) {
      const list = byCol.get(colId);
      if (list) out.push(...list);
    }
  }
  return out;
}

export function sumUnits(cells: readonly BaseCell[]): bigint {
  let sum = 0n;
  for (const cell of cells) sum += cell.units ?? 0n;
  return sum;
}

/** Why a matrix cell cannot be typed into, or null when it can. */
export function lockReason(cells: readonly BaseCell[]): string | null {
  if (cells.length === 0) return 'No line in the table for this cell.';
  if (!cells.some((c) => c.editable)) {
    const lock = cells.find((c) => c.lock !== null)?.lock;
    if (lock && cells.every((c) => c.lock !== null)) return `Locked: ${lock}`;
    return cells.length === 1 ? 'Locked: you may not change this line.' : 'Locked: you may not change any line under this total.';
  }
  return null;
}
