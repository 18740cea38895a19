import { z } from 'zod';

/** Responses of the approval routes (approval-routes.ts) the inbox lists read. */

export const requestSummarySchema = z.strictObject({
  requestId: z.string(),
  app: z.string(),
  table: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'conflict', 'expired', 'applied']),
  amount: z.number(),
  route: z.array(z.string()).describe('Level names in order.'),
  currentLevel: z.string().nullable().describe('The level waiting for approval; null once the request is closed.'),
  changeCount: z.number().int(),
  reason: z.string().nullable(),
  resubmits: z.string().nullable(),
  changesetId: z.string().nullable(),
  updatedAt: z.string(),
});

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const titles = {
  appTitle: z.string().describe("The app's title (its name humanised when it has none)."),
  tableTitle: z.string().describe("The table's title (its name humanised when it has none)."),
};

export const requestListEntrySchema = requestSummarySchema.extend({
  ...titles,
  submitterName: z.string().describe("The submitter's display name (the username when they have none)."),
  waiting: z
    .strictObject({ level: z.string(), title: z.string(), roles: z.array(z.string()), mode: z.enum(['any', 'all']) })
    .nullable()
    .describe('The level waiting for approval and the roles that may act on it; null once the request is closed.'),
  preview: z
    .strictObject({
      op: z.enum(['insert', 'update', 'delete']),
      visible: z.boolean().describe('False: the viewer may not read the row now; then `row` and `changed` are empty.'),
      row: z.array(z.strictObject({ column: z.string(), title: z.string(), value: scalar })).describe('Columns describing the row, as it is now.'),
      changed: z.array(z.strictObject({ column: z.string(), title: z.string(), old: scalar, new: scalar })),
      more: z.number().int().describe('Changes of the request after the first.'),
    })
    .nullable()
    .describe("The request's first change; null when its table is no longer defined."),
});

export const requestListSchema = z.strictObject({ requests: z.array(requestListEntrySchema) });

export const requestDetailSchema = requestSummarySchema.extend({
  ...titles,
  submitterName: z.string().describe("The submitter's display name (the username when they have none)."),
  levels: z.array(
    z.strictObject({
      name: z.string(),
      roles: z.array(z.string()),
      mode: z.enum(['any', 'all']),
      state: z.enum(['approved', 'waiting', 'pending', 'skipped']),
    }),
  ),
  steps: z.array(
    z.strictObject({
      seq: z.number().int(),
      action: z.enum(['submit', 'approve', 'reject', 'withdraw', 'delegate', 'escalate', 'expire', 'apply', 'conflict']),
      level: z.string().nullable(),
      actor: z.string(),
      onBehalfOf: z.string().nullable(),
      actedAt: z.string(),
      comment: z.string().nullable(),
    }),
  ),
  changes: z.array(
    z.strictObject({
      op: z.enum(['insert', 'update', 'delete']),
      key: z.record(z.string(), scalar),
      visible: z.boolean().describe('False: the row at this key now is not one the viewer may read (values now are withheld).'),
      rowExists: z.boolean().nullable().describe('Null when not visible.'),
      cells: z.array(
        z.strictObject({
          column: z.string(),
          old: scalar,
          new: scalar,
          current: scalar.describe('Null when the row does not exist, or when the change is not visible.'),
          changedSince: z.boolean().nullable().describe('Null when the change is not visible.'),
        }),
      ),
    }),
  ),
  totals: z.strictObject({ column: z.string(), before: z.number(), after: z.number(), delta: z.number(), current: z.number().nullable() }).nullable(),
  actions: z.strictObject({ approve: z.boolean(), reject: z.boolean(), withdraw: z.boolean() }),
});

export const bulkApproveResponseSchema = z.strictObject({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.strictObject({ requestId: z.string(), ok: z.literal(true), request: requestSummarySchema }),
      z.strictObject({
        requestId: z.string(),
        ok: z.literal(false),
        error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown() }),
      }),
    ]),
  ),
});
