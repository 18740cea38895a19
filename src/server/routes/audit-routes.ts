import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { fetchRowHistory, filterVisibleHistory } from '../../governance/audit/index.js';
import { readRowPolicies, rowNotFound, rowSatisfies } from '../../governance/policies/index.js';
import type { ChangeBus } from '../../live/change-bus.js';
import { fetchRowsByKey, fetchTableDiff } from '../../query/index.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { assertDirectWriteAllowed } from '../../workflows/index.js';
import { clientIdempotencyKey } from '../../writeback/changeset-schema.js';
import { revertChangeset } from '../../writeback/revert-changeset.js';
import { formatRowKey } from '../../writeback/row-key.js';
import { requirePrincipal } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';
import { serverWriteContexts } from '../write-contexts.js';
import { resolveRequestApp, resolveRequestTable } from './app-routes.js';
import { canonicalKey, keyValue } from './row-key-input.js';
import { assertRevertReadable } from './assert-revert-readable.js';
import { describeChangeset } from './describe-changeset.js';

/** Cell entries read per history request (newest first). */
const HISTORY_LIMIT = 500;
const historyQuery = z.strictObject({ key: z.string().min(2).max(2000) });
const diffQuery = z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }).optional() });
const revertParams = z.looseObject({ changesetId: z.string().regex(/^[0-9a-f-]{36}$/, 'a changeset id') });
export const revertBodySchema = z.strictObject({
  key: z.record(z.string().max(128), keyValue).optional().describe('Revert only this row…'),
  column: z.string().max(128).optional().describe('…or only this cell (with key).'),
  reason: z.string().max(2000).optional(),
  idempotencyKey: clientIdempotencyKey.optional(),
});

/** Row history, table diff between two times, and revert of a changeset or cell. */
export function auditRoutes(runtime: ProjectRuntime, bus: ChangeBus) {
  const writeContexts = serverWriteContexts(runtime, bus);
  const schema = () => runtime.current().config.audit.schema;

  return async (app: FastifyInstance) => {
    app.get('/api/apps/:app/tables/:table/history', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const table = resolveRequestTable(resolved, request.params);
      const { key: keyText } = parseInput(historyQuery, request.query, 'query string');
      let keyInput: unknown;
      try {
        keyInput = JSON.parse(keyText);
      } catch {
        throw new AppError('REQ_INVALID', 'key must be the JSON of the row key, e.g. {"line_id":12}.');
      }
      const key = canonicalKey(table, keyInput);
      // History is as private as the row: shown only for a row the user may read now, and then only the
      // entries of the times the row was one the user may read.
      const policies = readRowPolicies(table, principal);
      const [current] = await fetchRowsByKey(runtime.warehouse, table, principal, [key], runtime.identityFor(principal));
      const rowKey = formatRowKey(table, key);
      if (!current) throw rowNotFound(table, JSON.parse(rowKey) as Record<string, unknown>);
      const entries = await fetchRowHistory(runtime.warehouse, runtime.warehouse.dialect, schema(), table.qualifiedName, rowKey, HISTORY_LIMIT);
      const readable = (row: Record<string, unknown>) => rowSatisfies(policies, table, principal, row);
      return { changes: filterVisibleHistory(entries, current, readable, entries.length >= HISTORY_LIMIT) };
    });

    app.get('/api/changesets/:changesetId', async (request) => {
      const principal = requirePrincipal(request);
      const { changesetId } = parseInput(revertParams, request.params, 'path');
      return describeChangeset(runtime, principal, changesetId);
    });

    app.get('/api/apps/:app/tables/:table/diff', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const table = resolveRequestTable(resolved, request.params);
      const { from, to } = parseInput(diffQuery, request.query, 'query string');
      // The diff reveals row values: only users who read the whole table get it.
      if (readRowPolicies(table, principal).length > 0) {
        throw new AppError('GOV_FORBIDDEN_ROW', 'The table diff needs read access to every row of the table.', { table: table.name });
      }
      const rows = await fetchTableDiff(runtime.warehouse, schema(), table, from, to ?? new Date().toISOString());
      return { from, to: to ?? null, rows };
    });

    app.post('/api/apps/:app/tables/:table/changesets/:changesetId/revert', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const table = resolveRequestTable(resolved, request.params);
      const { changesetId } = parseInput(revertParams, request.params, 'path');
      const body = parseInput(revertBodySchema, request.body ?? {}, 'revert');
      if (body.column && !body.key) throw new AppError('REQ_INVALID', 'To revert one cell, give its row key too.');
      assertDirectWriteAllowed(table, principal);
      const key = body.key ? (JSON.parse(formatRowKey(table, canonicalKey(table, body.key))) as Record<string, unknown>) : undefined;
      await assertRevertReadable(runtime.warehouse, schema(), table, principal, runtime.identityFor(principal), { changesetId, key });
      const result = await revertChangeset(writeContexts(resolved, table, principal), changesetId, { ...body, key });
      return { changesetId: result.changesetId, applied: result.applied, replayed: result.replayed, reverts: changesetId };
    });
  };
}
