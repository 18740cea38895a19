import type { DiffOp, TableDiffRow } from '../api/governance-types';

const VERBS: Record<DiffOp, string> = { update: 'updated', insert: 'inserted', delete: 'deleted' };

/** "12 rows changed: 9 updated, 2 inserted, 1 deleted". */
export function summarizeDiff(rows: TableDiffRow[]): string {
  if (rows.length === 0) return 'No rows changed in this period.';
  const counts: Record<DiffOp, number> = { update: 0, insert: 0, delete: 0 };
  for (const row of rows) counts[row.op] += 1;
  const parts = (['update', 'insert', 'delete'] as const).filter((op) => counts[op] > 0).map((op) => `${counts[op]} ${VERBS[op]}`);
  return `${rows.length} ${rows.length === 1 ? 'row' : 'rows'} changed: ${parts.join(', ')}`;
}
