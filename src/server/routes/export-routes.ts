import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ExportJobs } from '../../exports/export-jobs.js';
import { planPack } from '../../exports/export-pack.js';
import { openQuickExport } from '../../exports/quick-export.js';
import { recordExport } from '../../exports/record-export.js';
import { queryRequestSchema } from '../../query/index.js';
import { type ExportContext, type ExportFile, runExport } from '../../exports/run-export.js';
import type { Principal } from '../../governance/principal.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requirePrincipal } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';
import { resolveRequestApp } from './app-routes.js';
import { declaredParams, ownParams, withLockedParams } from '../../embedding/locked-params.js';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names are letters, digits and _');
const datasetPathSchema = z.looseObject({ dataset: name });
export const quickExportBodySchema = queryRequestSchema.pick({ params: true, filters: true, search: true, sort: true }).extend({
  columns: z.array(name).min(1).max(500).optional().describe('Columns in order (default: all).'),
  format: z.enum(['xlsx', 'csv']).describe('xlsx: a workbook with typed cells; csv: UTF-8 with a byte order mark.'),
});
const exportPathSchema = z.looseObject({ export: name });
const jobPathSchema = z.looseObject({ id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an export job id') });
export const exportRunBodySchema = z.strictObject({
  params: z
    .record(z.string().max(128), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]))
    .default({})
    .describe("Values of the export's declared parameters."),
});

/** Sends a file as a download: RFC 6266 filename with a plain fallback. */
export function sendFile(reply: FastifyReply, file: Omit<ExportFile, 'data'> & { data: Buffer | Readable }): FastifyReply {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'no-store')
    .send(file.data);
}

/** Exports of an app's Excel and PowerPoint templates: one file now, or a pack built in the background with progress. */
export function exportRoutes(runtime: ProjectRuntime) {
  const jobs = new ExportJobs();
  const contextFor = (principal: Principal): ExportContext => ({
    driver: runtime.warehouse,
    projectDir: runtime.dir,
    auditSchema: runtime.current().config.audit.schema,
    identity: runtime.identityFor(principal),
  });
  return async (app: FastifyInstance) => {
    app.post('/api/apps/:app/exports/:export/run', async (request, reply) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const { export: exportName } = parseInput(exportPathSchema, request.params, 'path');
      const body = parseInput(exportRunBodySchema, request.body ?? {}, 'export');
      const params = withLockedParams(principal, body.params, ownParams(resolved.config.exports, exportName));
      return sendFile(reply, await runExport(contextFor(principal), resolved, exportName, principal, params));
    });

    app.post('/api/apps/:app/exports/:export/packs', async (request, reply) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const { export: exportName } = parseInput(exportPathSchema, request.params, 'path');
      const body = parseInput(exportRunBodySchema, request.body ?? {}, 'export');
      const params = withLockedParams(principal, body.params, ownParams(resolved.config.exports, exportName));
      const plan = await planPack(contextFor(principal), resolved, exportName, principal, params);
      const job = jobs.start(principal.id, plan.values.length, (progress) => plan.run(progress));
      return reply.status(202).send(describeJob(job));
    });

    app.post('/api/apps/:app/datasets/:dataset/export', async (request, reply) => {
      const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
      const { dataset } = parseInput(datasetPathSchema, request.params, 'path');
      const parsed = parseInput(quickExportBodySchema, request.body ?? {}, 'export');
      const body = { ...parsed, params: withLockedParams(principal, parsed.params, declaredParams(resolved, dataset)) };
      const context = contextFor(principal);
      const prepared = await openQuickExport(context, resolved, dataset, principal, body);
      const out = new PassThrough();
      void sendFile(reply, { fileName: prepared.fileName, contentType: prepared.contentType, data: out });
      prepared.writeTo(out).then(
        ({ rows }) =>
          recordExport(context.driver, context.auditSchema, {
            username: principal.username,
            app: resolved.name,
            exportName: `${dataset} (${body.format})`,
            params: { ...body.params, rows },
            fileName: prepared.fileName,
            files: 1,
          }).catch((error: unknown) => request.log.warn({ err: error }, 'recording an export failed')),
        (error: unknown) => {
          request.log.error({ err: error, dataset }, 'a streamed export failed after it started');
          out.destroy(error as Error);
        },
      );
      return reply;
    });

    app.get('/api/export-jobs/:id', async (request) => {
      const { id } = parseInput(jobPathSchema, request.params, 'path');
      return describeJob(jobs.get(id, requirePrincipal(request).id));
    });

    app.get('/api/export-jobs/:id/file', async (request, reply) => {
      const { id } = parseInput(jobPathSchema, request.params, 'path');
      const job = jobs.get(id, requirePrincipal(request).id);
      if (job.status !== 'done' || !job.file)
        return reply
          .status(409)
          .send({ error: { code: 'REQ_INVALID', message: `The export is ${job.status}, not ready to download.`, details: describeJob(job) } });
      return sendFile(reply, job.file);
    });
  };
}

function describeJob(job: ReturnType<ExportJobs['get']>) {
  return {
    jobId: job.id,
    status: job.status,
    done: job.done,
    total: job.total,
    startedAt: job.startedAt,
    fileName: job.file?.fileName ?? null,
    error: job.error ?? null,
  };
}
