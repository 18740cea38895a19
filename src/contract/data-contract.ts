import { z } from 'zod';
import { AGGREGATE_FUNCTIONS } from '../query/query-request-schema.js';

/** Responses of the dataset query, changeset and row history routes (data-routes.ts, audit-routes.ts). */

const row = z.record(z.string(), z.unknown());

export const queryResultSchema = z.strictObject({
  columns: z.array(z.strictObject({ name: z.string(), type: z.string() })),
  rows: z.array(row),
  total: z.number().int().optional().describe('Rows matching the request (withTotal).'),
  aggregates: z
    .array(z.strictObject({ column: z.string(), fn: z.enum(AGGREGATE_FUNCTIONS), value: z.unknown() }))
    .optional()
    .describe('One per requested aggregate, in order, over every selected row.'),
  editable: z.array(z.array(z.string())).optional().describe('With withEditable: per row, the columns the user may update in it now.'),
  locked: z.array(z.string().nullable()).optional().describe("With withEditable, when a lock holds any row: per row, the lock's message or null."),
});

export const changesetResultSchema = z.strictObject({
  changesetId: z.string().nullable().describe('Null when the changeset had no changes.'),
  applied: z.number().int(),
  replayed: z.boolean().describe('The idempotency key was seen before: the first result is returned, nothing is written again.'),
  keys: z
    .array(row)
    .optional()
    .describe('When the changeset inserts rows: keys of the rows written, in change order, including keys the warehouse generated. Absent on a replay.'),
});

export const writeConflictSchema = z.strictObject({
  changeIndex: z.number().int(),
  key: row,
  column: z.string(),
  expected: z.unknown(),
  actual: z.unknown(),
  changedBy: z.string().optional(),
  changedAt: z.string().optional(),
});

export const validationIssueSchema = z.strictObject({
  changeIndex: z.number().int(),
  key: row.optional(),
  column: z.string().optional(),
  rule: z.string(),
  message: z.string(),
});

export const historyEntrySchema = z.strictObject({
  changesetId: z.string(),
  at: z.string(),
  user: z.string(),
  op: z.string(),
  column: z.string().nullable(),
  old: z.string().nullable(),
  new: z.string().nullable(),
  reason: z.string().nullable(),
  reverts: z.string().nullable().describe('The changeset this entry reverts; null when it is not a revert.'),
  changesetRows: z.number().int().describe('Rows the whole changeset inserted, updated or deleted, this one included.'),
});

export const historyResponseSchema = z.strictObject({ changes: z.array(historyEntrySchema) });

export const revertResultSchema = z.strictObject({
  changesetId: z.string().nullable().describe('The new changeset that undid the old one.'),
  applied: z.number().int(),
  replayed: z.boolean(),
  reverts: z.string().describe('The changeset that was reverted.'),
});

export const tableDiffSchema = z.strictObject({
  from: z.string(),
  to: z.string().nullable(),
  rows: z.array(
    z.strictObject({
      key: row,
      op: z.enum(['insert', 'update', 'delete']),
      cells: z
        .array(z.strictObject({ column: z.string(), from: z.string().nullable(), to: z.string().nullable() }))
        .describe('Values as the audit stores them: text, null for no value.'),
      changedBy: z.array(z.string()).describe('Who changed the row between the two times, in order.'),
    }),
  ),
});

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const actionRunResultSchema = z.strictObject({
  ok: z.literal(true),
  steps: z.array(z.strictObject({ index: z.number().int(), path: z.string(), step: z.string(), status: z.string() })),
  changesetId: z.string().nullable().describe('Changeset of the write step, if any.'),
  requestId: z.string().nullable().describe('Approval request of a write step with submit, if any.'),
  set: z.record(z.string(), cellValue).describe('Page variables to set.'),
  refresh: z.array(z.string()).describe('Datasets to reload.'),
  navigate: z.string().nullable().describe('Page to open, if any.'),
});

export const changesetDetailSchema = z.strictObject({
  changesetId: z.string(),
  app: z.string(),
  appTitle: z.string(),
  table: z.string(),
  tableTitle: z.string(),
  committedAt: z.string(),
  user: z.string(),
  reason: z.string().nullable(),
  reverts: z.string().nullable().describe('The changeset this one reverts; null when it is not a revert.'),
  revertedBy: z.array(z.string()).describe('Changesets that reverted this one (or part of it), oldest first.'),
  counts: z.strictObject({ inserted: z.number().int(), updated: z.number().int(), deleted: z.number().int() }),
  rows: z
    .array(
      z.strictObject({
        key: row,
        op: z.enum(['insert', 'update', 'delete']),
        cells: z
          .array(z.strictObject({ column: z.string(), from: z.string().nullable(), to: z.string().nullable() }))
          .describe('Values as the audit stores them.'),
      }),
    )
    .describe('The rows you may read, in write order.'),
  hiddenRows: z.number().int().describe('Rows of the changeset you may not read (not listed).'),
  canRevert: z.boolean().describe('You may revert the whole changeset directly (every row readable, write rights, no required approval).'),
});
