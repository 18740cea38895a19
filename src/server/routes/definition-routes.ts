import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppConfig } from '../../app-model/app-schema.js';
import { editableParts, previewAppDefinition, readAppDefinition, saveAppDefinition } from '../../runtime/edit-app-definition.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requireAdmin } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';

const definitionEditSchema = z
  .strictObject({
    path: z
      .array(z.union([z.string().min(1).max(200), z.number().int().min(0)]))
      .min(1)
      .max(20),
    value: z.unknown().optional(),
    delete: z.literal(true).optional(),
  })
  .refine((edit) => (edit.value === undefined) !== (edit.delete === undefined), 'send either value or delete: true');

const edits = z.array(definitionEditSchema).max(500);

export const definitionPreviewSchema = z.strictObject({
  /** No edits previews the file as it is (where the sample routes today). */
  edits,
  /** A sample submission: the preview says where it would route. */
  sample: z.strictObject({ table: z.string().min(1).max(200).optional(), amount: z.number().finite() }).optional(),
  baseHash: z.string().optional(),
});

export const definitionSaveSchema = z.strictObject({
  edits: edits.min(1, 'send at least one edit'),
  baseHash: z.string().regex(/^[0-9a-f]{64}$/, 'send the sha256 hash of the file text the editor read'),
});

const appParams = z.looseObject({ app: z.string().min(1).max(200) });

/** The app config as its file states it: a statement kept in a `.sql` file is named by `file`, not repeated as `sql`. */
function asWritten(config: AppConfig) {
  const unread = <T extends { file?: string; sql: string }>(holder: T) => (holder.file === undefined ? holder : { ...holder, sql: undefined });
  return {
    ...config,
    datasets: Object.fromEntries(Object.entries(config.datasets).map(([name, dataset]) => [name, unread(dataset)])),
    tables: Object.fromEntries(Object.entries(config.tables ?? {}).map(([name, table]) => [name, { ...table, gates: table.gates.map(unread) }])),
  };
}

/** The definition editor: approval chains, rules and editable columns of an app, edited in its YAML file; admins only. */
export function definitionRoutes(runtime: ProjectRuntime) {
  return async (app: FastifyInstance) => {
    app.get('/api/admin/apps/:app/definition', async (request) => {
      requireAdmin(request);
      const { app: name } = parseInput(appParams, request.params, 'path');
      const file = readAppDefinition(runtime, name);
      const config = runtime.current().apps.get(name)!.config;
      return { file: file.file, yaml: file.text, hash: file.hash, config: asWritten(config), editable: editableParts(config) };
    });

    app.post('/api/admin/apps/:app/definition/preview', async (request) => {
      requireAdmin(request);
      const { app: name } = parseInput(appParams, request.params, 'path');
      const body = parseInput(definitionPreviewSchema, request.body, 'definition edits');
      return previewAppDefinition(runtime, name, body.edits, body.sample);
    });

    app.post('/api/admin/apps/:app/definition', async (request) => {
      const admin = requireAdmin(request);
      const { app: name } = parseInput(appParams, request.params, 'path');
      const body = parseInput(definitionSaveSchema, request.body, 'definition edits');
      return saveAppDefinition(runtime, name, body.edits, body.baseHash, admin.username);
    });
  };
}
