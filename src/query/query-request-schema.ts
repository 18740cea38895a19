import { z } from 'zod';

const scalar = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

export const filterSchema = z.strictObject({
  column: z.string().min(1).max(128),
  op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'isNull', 'notNull']),
  value: z.union([scalar, z.array(scalar).max(1000)]).optional(),
});

export const AGGREGATE_FUNCTIONS = ['sum', 'avg', 'min', 'max', 'count'] as const;

export const aggregateSchema = z.strictObject({
  column: z.string().min(1).max(128),
  fn: z.enum(AGGREGATE_FUNCTIONS).describe('sum and avg take numeric columns; count counts non-null values.'),
});

export const searchSchema = z.strictObject({
  text: z.string().min(1).max(200),
  columns: z.array(z.string().min(1).max(128)).min(1).max(100).optional().describe('Columns searched (default: every column of the dataset).'),
});

export const queryRequestSchema = z.strictObject({
  params: z.record(z.string().max(128), scalar).default({}),
  filters: z.array(filterSchema).max(50).default([]),
  sort: z
    .array(z.strictObject({ column: z.string().min(1).max(128), direction: z.enum(['asc', 'desc']).default('asc') }))
    .max(10)
    .default([]),
  limit: z.number().int().min(1).max(10_000).default(1000),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  withTotal: z.boolean().default(false),
  search: searchSchema
    .optional()
    .describe('Rows where any of the columns contains the text, case-insensitively (each column read as text); combined with the filters by AND.'),
  aggregates: z
    .array(aggregateSchema)
    .max(50)
    .optional()
    .describe('Aggregates over every row the filters and search select (not only the page), computed by the warehouse.'),
  withEditable: z
    .boolean()
    .optional()
    .describe('Writable tables only: also return `editable`, per row the columns the user may update in it (write policies evaluated on the row).'),
  asOf: z.iso.datetime({ offset: true }).optional().describe('Writable tables only: read the table as it was at this time (rebuilt from the audit).'),
});

export type QueryRequest = z.infer<typeof queryRequestSchema>;
export type Filter = z.infer<typeof filterSchema>;
export type Aggregate = z.infer<typeof aggregateSchema>;

export interface DatasetResult {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  /** Row count before limit/offset, when asked for with `withTotal`. */
  total?: number;
  /** One value per requested aggregate, in the request's order (decimals as strings). */
  aggregates?: { column: string; fn: Aggregate['fn']; value: unknown }[];
  /** With `withEditable`: per row (same order), the columns the user may update in it now. */
  editable?: string[][];
  /** With `withEditable`, when a lock holds any row: per row, the lock's message or null. */
  locked?: (string | null)[];
}
