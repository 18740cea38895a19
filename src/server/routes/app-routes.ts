import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResolvedApp, ResolvedTable } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { editableColumns, mayWrite, readRowPolicies } from '../../governance/policies/index.js';
import { hasAnyRole, type Principal } from '../../governance/principal.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requirePrincipal } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';

export const appParamsSchema = z.strictObject({ app: z.string().regex(/^[a-z][a-z0-9-]*$/, 'app names are lower-case letters, digits and -') });

/** The app the request names, if the user may open it (404 unknown, 403 forbidden). */
export function resolveRequestApp(runtime: ProjectRuntime, request: FastifyRequest, params: unknown): { app: ResolvedApp; principal: Principal } {
  const principal = requirePrincipal(request);
  const { app: name } = parseInput(appParamsSchema.loose(), params, 'path');
  const app = runtime.current().apps.get(name);
  if (!app) throw new AppError('APP_NOT_FOUND', `No app named '${name}'.`, { app: name });
  if (!hasAnyRole(principal, app.config.roles)) throw new AppError('GOV_FORBIDDEN_APP', `You may not open app '${name}'.`, { app: name });
  return { app, principal };
}

function describeTable(table: ResolvedTable, principal: Principal) {
  const editable = new Set([...editableColumns(table, principal, 'update'), ...editableColumns(table, principal, 'insert')]);
  const updatable = editableColumns(table, principal, 'update');
  let readable = true;
  try {
    readRowPolicies(table, principal);
  } catch {
    readable = false;
  }
  return {
    title: table.title,
    key: table.key,
    readable,
    columns: table.columns.map((c) => ({ name: c.name, type: c.type.sql, nullable: c.nullable, editable: updatable.has(c.name), insertable: editable.has(c.name) })),
    canInsert: mayWrite(table, principal, 'insert'),
    canUpdate: mayWrite(table, principal, 'update'),
    canDelete: mayWrite(table, principal, 'delete'),
  };
}

export function appRoutes(runtime: ProjectRuntime) {
  return async (app: FastifyInstance) => {
    app.get('/api/apps', async (request) => {
      const principal = requirePrincipal(request);
      const apps = [...runtime.current().apps.values()]
        .filter((a) => hasAnyRole(principal, a.config.roles))
        .map((a) => ({ name: a.name, title: a.config.title, description: a.config.description ?? null }));
      return { apps };
    });

    app.get('/api/apps/:app', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const { config } = resolved;
      return {
        name: resolved.name,
        title: config.title,
        description: config.description ?? null,
        pages: config.pages,
        datasets: Object.fromEntries([
          ...[...resolved.datasets.values()].map((d) => [d.name, { params: d.config.params, dependsOn: d.dependsOn }] as const),
          ...[...resolved.tables.values()].map((t) => [t.name, { params: {}, dependsOn: [t.name] }] as const),
        ]),
        tables: Object.fromEntries([...resolved.tables.values()].map((t) => [t.name, describeTable(t, principal)])),
      };
    });
  };
}
