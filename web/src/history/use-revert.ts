import { useCallback, useState } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import { revertChangeset } from '../api/audit-endpoints';
import type { RevertRequest } from '../api/governance-types';
import type { HistoryEntry, RowKey, WriteConflict } from '../api/types';
import { usePage } from '../apps/page-context';

/** What a revert undoes: one cell (or row, for inserts and deletes) of a changeset, or all of it. */
export interface RevertTarget {
  entry: HistoryEntry;
  scope: 'cell' | 'changeset';
}

export type RevertOutcome =
  | { kind: 'success'; changesetId: string; applied: number; target: RevertTarget }
  | { kind: 'conflict'; conflicts: WriteConflict[] }
  | { kind: 'error'; error: ApiError };

export function useRevert(table: string, rowKey: RowKey) {
  const { app, reportChange } = usePage();
  const [target, setTarget] = useState<RevertTarget | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<RevertOutcome | null>(null);

  const submit = useCallback(
    async (reason: string) => {
      if (!target) return;
      setSubmitting(true);
      const { entry, scope } = target;
      // A single cell of an insert or delete cannot be reverted on its own: that undoes the row.
      // The row key holds the JSON values the server sent.
      const key = rowKey as RevertRequest['key'];
      const selection = scope === 'changeset' ? {} : entry.op === 'update' && entry.column ? { key, column: entry.column } : { key };
      try {
        const result = await revertChangeset(app.name, table, entry.changesetId, {
          ...selection,
          reason: reason.trim() || undefined,
          idempotencyKey: globalThis.crypto?.randomUUID?.(),
        });
        // The result has no changeset only when nothing was written.
        const changesetId = result.changesetId ?? '';
        reportChange(table, [rowKey], changesetId);
        setOutcome({ kind: 'success', changesetId, applied: result.applied, target });
      } catch (err) {
        const error = toApiErrorLike(err);
        const conflicts = (error.details as { conflicts?: WriteConflict[] } | null)?.conflicts;
        setOutcome(error.code === 'WB_CONFLICT' && conflicts?.length ? { kind: 'conflict', conflicts } : { kind: 'error', error });
      } finally {
        setSubmitting(false);
        setTarget(null);
      }
    },
    [app.name, table, rowKey, target, reportChange],
  );

  return {
    target,
    submitting,
    outcome,
    ask: (next: RevertTarget) => {
      setOutcome(null);
      setTarget(next);
    },
    cancel: () => setTarget(null),
    submit,
    dismiss: () => setOutcome(null),
  };
}
