import { z } from 'zod';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and _ only, starting with a letter or _');
const blockId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and -');
const tableName = z.string().regex(/^([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/, 'use table or schema.table');
const expression = z.string().min(1).describe('A CEL expression.');
const roleList = z.array(identifier).min(1);

const paramSchema = z.strictObject({
  type: z.enum(['string', 'number', 'date', 'boolean']),
  default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  required: z.boolean().default(false),
});

export const datasetSchema = z.strictObject({
  description: z.string().optional(),
  sql: z.string().min(1).describe('SELECT statement; :name marks a bound parameter.'),
  params: z.record(identifier, paramSchema).default({}),
  dependsOn: z.array(identifier).optional().describe('Writable tables whose changes refresh this dataset (default: those named in the SQL).'),
});

export const writePolicySchema = z.strictObject({
  roles: roleList,
  operations: z.array(z.enum(['insert', 'update', 'delete'])).min(1),
  columns: z.array(identifier).default([]).describe('Columns these roles may set (inserts and updates).'),
  rows: expression.optional().describe('Row policy over row.* and user.*; must hold before and after the change.'),
});

export const readPolicySchema = z.strictObject({
  roles: roleList,
  rows: expression.optional().describe('Rows these roles may read (omit for all rows).'),
});

export const ruleSchema = z
  .strictObject({
    name: identifier.optional(),
    column: identifier.optional().describe('The column the rule checks and reports on.'),
    required: z.boolean().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().positive().optional(),
    pattern: z.string().optional(),
    allowed: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
    lookup: z.strictObject({ table: tableName, column: identifier }).optional(),
    check: expression.optional().describe('Cross-field rule over row.*, old.* and user.*; true means valid.'),
    message: z.string().optional().describe('Message shown when the rule fails.'),
  })
  .refine((r) => r.check !== undefined || r.column !== undefined, { message: 'a rule needs a column (or a check expression)' });

export const approvalLevelSchema = z.strictObject({
  name: identifier.describe('Level name shown in the route, the inbox and approval_steps.'),
  roles: roleList.describe('Roles whose users approve this level.'),
  when: expression.optional().describe('CEL over amount, user and changes; the level applies when true (omit: always).'),
  mode: z.enum(['any', 'all']).default('any').describe('any: one user with a role approves; all: every user with a role (except the submitter) must.'),
});

export const approvalsSchema = z
  .strictObject({
    amount: identifier.optional().describe('Numeric column whose sum over the rows a submission inserts or updates (as written) is its amount.'),
    required: z.boolean().default(false).describe('When true, users without an exempt role may only submit changes for approval; direct writes get 403 WF_APPROVAL_REQUIRED.'),
    exemptRoles: z.array(identifier).default([]).describe('Roles that may write directly even when approval is required.'),
    levels: z.array(approvalLevelSchema).min(1).describe('Approval levels in order; each applies when its `when` holds.'),
    expiresAfterHours: z.number().positive().optional().describe('A request waiting this long at one level escalates (escalateTo) or expires.'),
    escalateTo: roleList.optional().describe('Roles that take over a request that waited expiresAfterHours; without it the request expires.'),
  })
  .describe('Approval chain for changes submitted to this table.');

export const writableTableSchema = z.strictObject({
  table: tableName.optional().describe('Warehouse table (default: the key of this entry).'),
  title: z.string().optional(),
  key: z.array(identifier).min(1).describe('Columns that identify a row.'),
  columns: z.array(identifier).optional().describe('Columns exposed to the app (default: all).'),
  read: z.array(readPolicySchema).optional().describe('Who may read which rows (default: every app user, all rows).'),
  write: z.array(writePolicySchema).default([]).describe('Who may change what; no entry means read-only.'),
  rules: z.array(ruleSchema).default([]),
  approvals: approvalsSchema.optional(),
});

const base = { id: blockId, title: z.string().optional() };
const format = z.enum(['number', 'currency', 'percent']).optional();

export const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('kpi'), dataset: identifier, value: identifier, format, compare: identifier.optional(), compareLabel: z.string().optional() }),
  z.strictObject({
    ...base,
    type: z.literal('chart'),
    dataset: identifier,
    chart: z.enum(['line', 'bar']),
    x: identifier,
    series: z.array(z.strictObject({ column: identifier, label: z.string().optional() })).min(1),
  }),
  z.strictObject({ ...base, type: z.literal('table'), dataset: identifier, columns: z.array(identifier).optional() }),
  z.strictObject({ ...base, type: z.literal('grid'), table: identifier, columns: z.array(identifier).optional(), pageSize: z.number().int().min(5).max(500).default(50) }),
  z.strictObject({
    ...base,
    type: z.literal('filter'),
    param: identifier,
    label: z.string().optional(),
    dataset: identifier.optional(),
    valueColumn: identifier.optional(),
    labelColumn: identifier.optional(),
  }),
  z.strictObject({ ...base, type: z.literal('text'), markdown: z.string() }),
]);

export const pageSchema = z.strictObject({ id: blockId, title: z.string().min(1), blocks: z.array(blockSchema).min(1) });

export const WEBHOOK_EVENTS = ['submitted', 'approved', 'rejected', 'withdrawn', 'escalated', 'expired', 'applied', 'conflict'] as const;

export const notificationsSchema = z
  .strictObject({
    webhooks: z
      .array(
        z.strictObject({
          url: z.url({ protocol: /^https?$/ }).describe('Receives a POST of JSON per event.'),
          events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).describe('Approval events to send.'),
          secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional()
            .describe('Environment variable holding the secret; the body is signed as X-Roundtrip-Signature: sha256=<hex HMAC>.'),
        }),
      )
      .default([]),
  })
  .describe('Where approval events of this app are sent.');

export const appSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  roles: roleList.describe('Roles that may open the app.'),
  datasets: z.record(identifier, datasetSchema).default({}),
  tables: z.record(identifier, writableTableSchema).default({}),
  pages: z.array(pageSchema).min(1),
  notifications: notificationsSchema.optional(),
});

export type AppConfig = z.infer<typeof appSchema>;
export type DatasetConfig = z.infer<typeof datasetSchema>;
export type WritableTableConfig = z.infer<typeof writableTableSchema>;
export type WritePolicyConfig = z.infer<typeof writePolicySchema>;
export type RuleConfig = z.infer<typeof ruleSchema>;
export type ApprovalsConfig = z.infer<typeof approvalsSchema>;
export type NotificationsConfig = z.infer<typeof notificationsSchema>;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type BlockConfig = z.infer<typeof blockSchema>;
export type PageConfig = z.infer<typeof pageSchema>;
