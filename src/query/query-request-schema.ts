import { z } from 'zod';

const scalar = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

export const filterSchema = z.strictObject({
  column: z.string().min(1).max(128),
  op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'isNull', 'notNull']),
  value: z.union([scalar, z.array(scalar).max(1000)]).optional(),
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
  asOf: z.iso.datetime({ offset: true }).optional().describe('Writable tables only: read the table as it was at this time (rebuilt from the audit).'),
});

export type QueryRequest = z.infer<typeof queryRequestSchema>;
export type Filter = z.infer<typeof filterSchema>;

export interface DatasetResult {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  /** Row count before limit/offset, when asked for with `withTotal`. */
  total?: number;
}
