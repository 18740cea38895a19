import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { fetchRowHistory } from '../../governance/audit/index.js';
import { buildRowPredicate, readRowPolicies } from '../../governance/policies/index.js';
import { queryRequestSchema, runDataset } from '../../query/index.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { coerceValue } from '../../warehouse/coerce-value.js';
import { ident, join, renderSql, sql, table as tableRef, typed } from '../../warehouse/sql.js';
import { applyChangeset } from '../../writeback/apply-changeset.js';
import { changesetRequestSchema } from '../../writeback/changeset-schema.js';
import { formatRowKey } from '../../writeback/row-key.js';
import type { ChangeBus } from '../../live/change-bus.js';
import { parseInput } from '../parse-input.js';
import { resolveRequestApp } from './app-routes.js';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names are letters, digits and _');
const datasetParams = z.looseObject({ dataset: name });
const tableParams = z.looseObject({ table: name });
const historyQuery = z.strictObject({ key: z.string().min(2).max(2000) });

export function dataRoutes(runtime: ProjectRuntime, bus: ChangeBus) {
  const tableOf = (appName: string, params: unknown) => {
    const { table } = parseInput(tableParams, params, 'path');
    const resolved = runtime.current().apps.get(appName)?.tables.get(table);
    if (!resolved) throw new AppError('TABLE_NOT_FOUND', `App ${appName} has no writable table '${table}'.`, { table });
    return resolved;
  };

  return async (app: FastifyInstance) => {
    app.post('/api/apps/:app/datasets/:dataset/query', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const { dataset } = parseInput(datasetParams, request.params, 'path');
      const body = parseInput(queryRequestSchema, request.body ?? {}, 'query');
      return runDataset(runtime.warehouse, resolved, dataset, principal, body, runtime.identityFor(principal));
    });

    app.post('/api/apps/:app/tables/:table/changesets', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const table = tableOf(resolved.name, request.params);
      const body = parseInput(changesetRequestSchema, request.body, 'changeset');
      const result = await applyChangeset(
        {
          driver: runtime.warehouse,
          auditSchema: runtime.current().config.audit.schema,
          app: resolved,
          table,
          principal,
          identity: runtime.identityFor(principal),
          publish: (e) => bus.publish(e),
        },
        body,
      );
      return { changesetId: result.changesetId, applied: result.applied, replayed: result.replayed };
    });

    app.get('/api/apps/:app/tables/:table/history', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const table = tableOf(resolved.name, request.params);
      const { key: keyText } = parseInput(historyQuery, request.query, 'query string');
      let keyInput: unknown;
      try {
        keyInput = JSON.parse(keyText);
      } catch {
        throw new AppError('REQ_INVALID', 'key must be the JSON of the row key, e.g. {"line_id":12}.');
      }
      const keyObject = parseInput(z.record(z.string(), z.union([z.string(), z.number()])), keyInput, 'key');
      const given = Object.keys(keyObject);
      if (given.length !== table.key.length || !table.key.every((k) => given.includes(k))) {
        throw new AppError('WB_INVALID_KEY', `key must have exactly the columns ${table.key.join(', ')}.`);
      }
      const key = Object.fromEntries(
        table.key.map((k) => {
          const coerced = coerceValue(keyObject[k], table.columnByName.get(k)!.type);
          if (!coerced.ok) throw new AppError('WB_INVALID_KEY', `key ${k}: ${coerced.message}.`);
          return [k, coerced.value];
        }),
      );
      // History is as private as the row: it is shown only when the row is readable now.
      const predicate = buildRowPredicate(readRowPolicies(table, principal), principal, ident);
      const where = join(table.key.map((k) => sql`${ident(k)} = ${typed(key[k], table.columnByName.get(k)!.type)}`), ' AND ');
      const q = renderSql(sql`SELECT COALESCE(${predicate}, FALSE) AS ok FROM ${tableRef(table.qualifiedName)} WHERE ${where}`, runtime.warehouse.dialect);
      const row = (await runtime.warehouse.query(q.sql, q.params, { identity: runtime.identityFor(principal) })).rows[0];
      if (!row) throw new AppError('ROW_NOT_FOUND', 'No row has this key.', { key });
      if (row.ok !== true) throw new AppError('GOV_FORBIDDEN_ROW', 'You may not read this row.', { key });
      const changes = await fetchRowHistory(runtime.warehouse, runtime.warehouse.dialect, runtime.current().config.audit.schema, table.qualifiedName, formatRowKey(table, key));
      return { changes };
    });
  };
}
