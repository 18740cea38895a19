import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryRequestSchema, runDataset } from '../../query/index.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { assertDirectWriteAllowed } from '../../workflows/index.js';
import { applyChangeset } from '../../writeback/apply-changeset.js';
import { changesetRequestSchema } from '../../writeback/changeset-schema.js';
import type { ChangeBus } from '../../live/change-bus.js';
import { parseInput } from '../parse-input.js';
import { assertChangesetSize, CHANGESET_BODY_LIMIT_BYTES, perUserWriteLimit } from '../write-admission.js';
import { serverWriteContexts } from '../write-contexts.js';
import { resolveRequestApp, resolveRequestTable } from './app-routes.js';
import { declaredParams, withLockedParams } from '../../embedding/locked-params.js';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names are letters, digits and _');
const datasetParams = z.looseObject({ dataset: name });

export function dataRoutes(runtime: ProjectRuntime, bus: ChangeBus) {
  const writeContexts = serverWriteContexts(runtime, bus);
  const admit = perUserWriteLimit();
  return async (app: FastifyInstance) => {
    app.post('/api/apps/:app/datasets/:dataset/query', async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const { dataset } = parseInput(datasetParams, request.params, 'path');
      const parsed = parseInput(queryRequestSchema, request.body ?? {}, 'query');
      const body = { ...parsed, params: withLockedParams(principal, parsed.params, declaredParams(resolved, dataset)) };
      return runDataset(runtime.warehouse, resolved, dataset, principal, body, runtime.identityFor(principal), runtime.current().config.audit.schema);
    });

    app.post('/api/apps/:app/tables/:table/changesets', { bodyLimit: CHANGESET_BODY_LIMIT_BYTES }, async (request) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const table = resolveRequestTable(resolved, request.params);
      assertChangesetSize(request.body);
      const body = parseInput(changesetRequestSchema, request.body, 'changeset');
      assertDirectWriteAllowed(table, principal);
      const result = await admit(principal.id, body.changes.length, () => applyChangeset(writeContexts(resolved, table, principal), body));
      // Keys are news only when rows were inserted (the warehouse may have generated them).
      const inserts = body.changes.some((c) => c.op === 'insert');
      return { changesetId: result.changesetId, applied: result.applied, replayed: result.replayed, ...(inserts && result.keys ? { keys: result.keys } : {}) };
    });
  };
}
