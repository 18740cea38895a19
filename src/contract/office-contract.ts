import { z } from 'zod';

/** Responses of the export pack jobs and the governed import routes (export-routes.ts, import-routes.ts). */

export const exportJobSchema = z.strictObject({
  jobId: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
  startedAt: z.string(),
  fileName: z.string().nullable(),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
});

const values = z.record(z.string(), z.unknown());

export const importPreviewSchema = z.strictObject({
  importId: z.string(),
  fileName: z.string(),
  sheet: z.string(),
  columns: z.strictObject({ matched: z.record(z.string(), z.string()), ignored: z.array(z.string()), comparedWithExport: z.boolean() }),
  summary: z.strictObject({
    rows: z.number().int(),
    inserts: z.number().int(),
    updates: z.number().int(),
    cellsChanged: z.number().int(),
    unchanged: z.number().int(),
    problems: z.number().int(),
  }),
  inserts: z.array(z.strictObject({ sheetRow: z.number().int(), values })),
  updates: z.array(
    z.strictObject({
      sheetRow: z.number().int(),
      key: values,
      cells: z.array(z.strictObject({ column: z.string(), old: z.unknown(), new: z.unknown() })),
    }),
  ),
  problems: z.array(z.strictObject({ sheetRow: z.number().int().nullable(), column: z.string().optional(), rule: z.string(), message: z.string() })),
  needsApproval: z.boolean().describe('Applying submits the changes for approval instead of writing them.'),
});

export const importOutcomeSchema = z.strictObject({
  changesetId: z.string().nullable(),
  applied: z.number().int(),
  requestId: z.string().nullable(),
  status: z.string().optional().describe('The approval request status, when applying submitted it.'),
});
