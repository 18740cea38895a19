import { z } from 'zod';
import { actionSchema, appSchema, approvalsSchema, ruleSchema, writePolicySchema } from '../app-model/app-schema.js';

/**
 * Responses of the definition editor's routes (definition-routes.ts). The
 * editable parts are the app file's own shapes: the web reads them and sends
 * edits of the same shapes back, so it types them as written in YAML
 * (generated with io "input": fields with defaults are optional).
 */

export const editableTableSchema = z.strictObject({
  columns: z.array(z.string()).nullable().describe('Columns the app exposes, or null for all of the warehouse table.'),
  approvals: approvalsSchema.nullable(),
  rules: z.array(ruleSchema),
  write: z.array(writePolicySchema),
});

export const editableActionSchema = z.strictObject({ roles: actionSchema.shape.roles, steps: actionSchema.shape.steps });

export const appDefinitionSchema = z.strictObject({
  file: z.string().describe('Path of the app file inside the project.'),
  yaml: z.string(),
  hash: z.string().describe('sha256 of yaml; a save sends it back so that a concurrent edit is refused.'),
  config: appSchema,
  editable: z.strictObject({
    tables: z.record(z.string(), editableTableSchema),
    actions: z.record(z.string(), editableActionSchema),
  }),
});

const issue = z.strictObject({ file: z.string(), line: z.number().int().nullable(), path: z.string(), message: z.string() });

export const definitionPreviewResponseSchema = z.strictObject({
  ok: z.boolean(),
  issues: z.array(issue),
  yaml: z.string(),
  diff: z.string(),
  routing: z
    .strictObject({ table: z.string(), amount: z.number(), route: z.array(z.string()), before: z.array(z.string()) })
    .optional()
    .describe('Where the sample submission would route, with the edits and before them.'),
});

export const definitionSaveResponseSchema = definitionPreviewResponseSchema.extend({ hash: z.string() });
