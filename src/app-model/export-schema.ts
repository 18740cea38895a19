import { z } from 'zod';
import { identifier } from './schema-parts.js';

const fillValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).describe('A literal, or ":name" for the value of the export parameter name.');

export const exportFillSchema = z
  .strictObject({
    target: z
      .string()
      .min(1)
      .max(255)
      .describe(
        'Where the data goes: in a workbook, a defined name or an Excel table (rows fill it from its top-left cell; a one-cell name takes one value); in a deck, a {{placeholder}} in any text, or the name of a table or a native chart (PowerPoint: Selection Pane).',
      ),
    dataset: identifier.optional().describe('Dataset (or writable table) of this app, read under the exporting user’s read policies.'),
    value: fillValue.optional().describe('Instead of a dataset: one value (a literal, or ":name" for an export parameter), e.g. the year in a heading.'),
    params: z.record(identifier, fillValue).default({}).describe('Dataset parameters.'),
    columns: z.array(identifier).min(1).optional().describe('Dataset columns in the order written (default: all, as the dataset returns them).'),
    column: identifier.optional().describe('One-value targets (one-cell names, placeholders): the column read from the first row (default: the first).'),
    format: z
      .enum(['number', 'integer', 'currency', 'percent', 'text'])
      .optional()
      .describe('Decks only: how numbers are written into text and tables (default: as the warehouse returns them).'),
  })
  .refine((f) => (f.dataset === undefined) !== (f.value === undefined), { message: 'give either dataset or value' });

export const exportPackSchema = z
  .strictObject({
    param: identifier.describe('The export parameter that varies per file.'),
    dataset: identifier.describe('Dataset whose rows give the values (one file each), read under the user’s read policies.'),
    column: identifier.describe('The column of that dataset holding each value.'),
  })
  .describe('One file per value (e.g. per entity), delivered as one zip.');

export const exportSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  template: z
    .string()
    .regex(/^[^/\\][^\\]*\.(xlsx|pptx)$/i, 'a .xlsx or .pptx file, relative to the project folder')
    .refine((p) => !p.split('/').includes('..'), 'stay inside the project folder (no ..)')
    .describe('The template file (.xlsx or .pptx), relative to the project folder; everything in it that no fill targets is kept.'),
  roles: z.array(identifier).min(1).describe('Roles that may run the export.'),
  params: z
    .record(
      identifier,
      z.strictObject({ type: z.enum(['string', 'number', 'date', 'boolean']), default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional() }),
    )
    .default({})
    .describe('Export parameters (e.g. entity, year), passed on to the fills.'),
  fileName: z.string().max(200).optional().describe('Download name; {param} is replaced by the parameter value (default: the export name and its parameters).'),
  fills: z.array(exportFillSchema).min(1),
  pack: exportPackSchema.optional(),
});

export type ExportConfig = z.infer<typeof exportSchema>;
export type ExportFillConfig = z.infer<typeof exportFillSchema>;
