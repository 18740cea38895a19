import { z } from 'zod';
import { datasetParamsSchema, pageSchema } from '../app-model/app-schema.js';
import { exportSchema } from '../app-model/export-schema.js';
import { queryResultSchema } from './data-contract.js';

/** Responses of the session and app routes (auth-routes.ts, app-routes.ts), as the web UI reads them. */

export const userResponseSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
});

const warehouseSignInSchema = z
  .strictObject({ expiresAt: z.string().describe("When the session's token expires unless refreshed first (ISO 8601).") })
  .nullable()
  .optional()
  .describe("Only where the warehouse runs statements with the user's own token (identity mode user-token): null when this session has none.");

export const sessionResponseSchema = z.strictObject({ user: userResponseSchema, csrfToken: z.string(), warehouseSignIn: warehouseSignInSchema });

export const appSummarySchema = z.strictObject({ name: z.string(), title: z.string(), description: z.string().nullable() });

export const appListResponseSchema = z.strictObject({ apps: z.array(appSummarySchema) });

const paramValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const paramType = z.enum(['string', 'number', 'date', 'boolean']);

export const datasetInfoSchema = z.strictObject({
  params: datasetParamsSchema,
  dependsOn: z.array(z.string()),
  sql: z.string().optional().describe('The dataset SQL; sent to admins only, and absent for writable tables.'),
});

export const columnInfoSchema = z.strictObject({
  name: z.string(),
  type: z.string(),
  nullable: z.boolean(),
  generated: z.boolean().describe('The warehouse fills it when an insert leaves it out (a generated key).'),
  editable: z.boolean(),
  insertable: z.boolean(),
});

export const tableInfoSchema = z.strictObject({
  title: z.string().optional(),
  key: z.array(z.string()),
  readable: z.boolean().describe('False when the user may see the app but not the rows of this table.'),
  readsAllRows: z.boolean().describe('No read policy limits the rows the user sees (what the table diff needs).'),
  columns: z.array(columnInfoSchema),
  canInsert: z.boolean(),
  canUpdate: z.boolean(),
  canDelete: z.boolean(),
  approvals: z.boolean().describe('Submissions to the table go through an approval chain.'),
  canSubmitInsert: z.boolean().describe('The user may submit inserts for approval (approval-only write policies included).'),
  lockedBy: z.array(z.string()).describe('Writable tables of the app whose rows lock rows of this one (closed periods).'),
  comments: z.boolean().describe('Rows carry comment threads (whoever reads a row reads its thread).'),
  canComment: z.boolean().describe('The user may comment on some rows (the thread says for each row).'),
});

export const actionInfoSchema = z.strictObject({
  label: z.string().nullable(),
  allowed: z.boolean().describe('The user has one of the roles of the action.'),
  params: z.record(
    z.string(),
    z.strictObject({
      type: paramType,
      required: z.boolean(),
      default: paramValue.optional(),
      label: z.string().optional(),
      options: z.strictObject({ dataset: z.string(), value: z.string(), label: z.string().optional() }).optional(),
    }),
  ),
  selection: z
    .strictObject({ table: z.string(), key: z.array(z.string()).describe("The selection table's key columns."), max: z.number().int() })
    .nullable()
    .describe('Set when the action runs on selected rows.'),
});

export const exportInfoSchema = z.strictObject({
  title: z.string(),
  description: z.string().nullable(),
  params: exportSchema.shape.params,
  pack: z.boolean().describe('It can also build one file per value (e.g. per entity) as a zip.'),
  format: z.enum(['xlsx', 'pptx']),
});

export const appDetailResponseSchema = z.strictObject({
  ...appSummarySchema.shape,
  pages: z.array(pageSchema),
  datasets: z.record(z.string(), datasetInfoSchema),
  tables: z.record(z.string(), tableInfoSchema),
  actions: z.record(z.string(), actionInfoSchema),
  exports: z.record(z.string(), exportInfoSchema).describe('Only the exports the user may run.'),
});

export const firstViewResponseSchema = z.strictObject({
  user: userResponseSchema,
  csrfToken: z.string().nullable().describe('Null when the request authenticated with an API token.'),
  warehouseSignIn: warehouseSignInSchema,
  app: appDetailResponseSchema,
  page: z.string().nullable().describe('The page opened: the one asked for, else the first.'),
  datasets: z
    .array(
      z.strictObject({
        dataset: z.string(),
        request: z.strictObject({ limit: z.number().int(), params: z.record(z.string(), paramValue).optional() }),
        result: queryResultSchema,
      }),
    )
    .describe("The page's KPI datasets, each with the request the page sends for it when it opens; a dataset that failed is left out."),
  kpis: z
    .array(
      z.strictObject({
        block: z.string(),
        value: z.unknown().describe("The KPI's value: its column in the first row of its dataset."),
        text: z.string().describe('The value as the page shows it (format, currency, unit, decimals, compact).'),
      }),
    )
    .describe('Each KPI block of the page whose dataset answered, in page order.'),
});
