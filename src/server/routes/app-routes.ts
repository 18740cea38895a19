import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResolvedApp, ResolvedTable } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { editableColumns, mayWrite, readRowPolicies } from '../../governance/policies/index.js';
import { canOpenApp, hasAnyRole, type Principal } from '../../governance/principal.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requirePrincipal } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';

export const appParamsSchema = z.strictObject({ app: z.string().regex(/^[a-z][a-z0-9-]*$/, 'app names are lower-case letters, digits and -') });

/** The app the request names, if the user may open it (404 unknown, 403 forbidden). */
/** Built once: zod compiles a schema's parser on first use, so a schema made per request is compiled per request. */
const looseAppParams = appParamsSchema.loose();

export function resolveRequestApp(runtime: ProjectRuntime, request: FastifyRequest, params: unknown): { app: ResolvedApp; principal: Principal } {
  const principal = requirePrincipal(request);
  const { app: name } = parseInput(looseAppParams, params, 'path');
  const app = runtime.current().apps.get(name);
  if (!app) throw new AppError('APP_NOT_FOUND', `No app named '${name}'.`, { app: name });
  if (!canOpenApp(principal, app)) throw new AppError('GOV_FORBIDDEN_APP', `You may not open app '${name}'.`, { app: name });
  return { app, principal };
}

const tableParams = z.looseObject({ table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names are letters, digits and _') });

/** The writable table the request names, inside an app the user may open (404 unknown). */
export function resolveRequestTable(app: ResolvedApp, params: unknown): ResolvedTable {
  const { table } = parseInput(tableParams, params, 'path');
  const resolved = app.tables.get(table);
  if (!resolved) throw new AppError('TABLE_NOT_FOUND', `App ${app.name} has no writable table '${table}'.`, { table });
  return resolved;
}

function describeTable(table: ResolvedTable, principal: Principal, app: ResolvedApp) {
  const editable = new Set([...editableColumns(table, principal, 'update'), ...editableColumns(table, principal, 'insert')]);
  const updatable = editableColumns(table, principal, 'update');
  let readable = true;
  let readsAllRows = false;
  try {
    readsAllRows = readRowPolicies(table, principal).length === 0;
  } catch {
    readable = false;
  }
  return {
    title: table.title,
    key: table.key,
    readable,
    /** The user's read policy does not limit rows (needed for the table diff). */
    readsAllRows,
    columns: table.columns.map((c) => ({
      name: c.name,
      type: c.type.sql,
      nullable: c.nullable,
      /** The warehouse fills it when an insert leaves it out (a generated key). */
      generated: c.hasDefault,
      editable: updatable.has(c.name),
      insertable: editable.has(c.name),
    })),
    canInsert: mayWrite(table, principal, 'insert'),
    canUpdate: mayWrite(table, principal, 'update'),
    canDelete: mayWrite(table, principal, 'delete'),
    /** Submissions to this table go through an approval chain (POST …/submissions). */
    approvals: table.approvals !== undefined,
    /** The user may submit inserts for approval (write policies, approval-only ones included). */
    canSubmitInsert: table.approvals !== undefined && mayWrite(table, principal, 'insert', true),
    /** Writable tables of the app that lock rows of this one (e.g. closed periods): their changes change what is locked. */
    lockedBy: [...app.tables.values()]
      .filter((other) => table.locks.some((lock) => lock.qualifiedName.toLowerCase() === other.qualifiedName.toLowerCase()))
      .map((other) => other.name),
    /** Rows carry comment threads (readable with the row); `canComment`: the user may write on some rows. */
    comments: table.comments !== undefined && readable,
    canComment: table.comments !== undefined && readable && hasAnyRole(principal, table.comments.roles),
  };
}

export function appRoutes(runtime: ProjectRuntime) {
  return async (app: FastifyInstance) => {
    app.get('/api/apps', async (request) => {
      const principal = requirePrincipal(request);
      const apps = [...runtime.current().apps.values()]
        .filter((a) => canOpenApp(principal, a))
        .map((a) => ({ name: a.name, title: a.config.title, description: a.config.description ?? null }));
      return { apps };
    });

    app.get('/api/apps/:app', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      return describeApp(resolved, principal);
    });
  };
}

/** The app definition for rendering, with table permissions, actions and exports resolved for the user. */
export function describeApp(resolved: ResolvedApp, principal: Principal) {
  const { config } = resolved;
  const showSql = principal.roles.includes('admin');
  return {
    name: resolved.name,
    title: config.title,
    description: config.description ?? null,
    pages: config.pages,
    datasets: Object.fromEntries([
      // The data team reuses dataset SQL: admins see it next to each block.
      ...[...resolved.datasets.values()].map(
        (d) => [d.name, { params: d.config.params, dependsOn: d.dependsOn, ...(showSql ? { sql: d.config.sql } : {}) }] as const,
      ),
      ...[...resolved.tables.values()].map((t) => [t.name, { params: {}, dependsOn: [t.name] }] as const),
    ]),
    tables: Object.fromEntries([...resolved.tables.values()].map((t) => [t.name, describeTable(t, principal, resolved)])),
    // Buttons show whether the user may run an action; the run route checks the same roles.
    actions: Object.fromEntries(
      Object.entries(config.actions).map(([name, a]) => [
        name,
        {
          label: a.title ?? null,
          allowed: hasAnyRole(principal, a.roles),
          params: a.params,
          selection: a.selection ? { table: a.selection.table, key: resolved.tables.get(a.selection.table)?.key ?? [], max: a.selection.max } : null,
        },
      ]),
    ),
    // Only the exports the user may run: the others are not there for them.
    exports: Object.fromEntries(
      Object.entries(config.exports)
        .filter(([, e]) => hasAnyRole(principal, e.roles))
        .map(([name, e]) => [
          name,
          {
            title: e.title,
            description: e.description ?? null,
            params: e.params,
            pack: e.pack !== undefined,
            format: e.template.toLowerCase().endsWith('.pptx') ? 'pptx' : 'xlsx',
          },
        ]),
    ),
  };
}
