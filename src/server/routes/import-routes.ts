import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { ImportStore } from '../../imports/import-store.js';
import { planImport } from '../../imports/plan-import.js';
import { IMPORT_MAX_BYTES, readUpload } from '../../imports/read-upload.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { assertDirectWriteAllowed, submitRequest, type WorkflowContext } from '../../workflows/index.js';
import { applyChangeset } from '../../writeback/apply-changeset.js';
import { parseInput } from '../parse-input.js';
import { resolveRequestApp, resolveRequestTable } from './app-routes.js';

export const UPLOAD_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/octet-stream'];

export const importQuerySchema = z.strictObject({
  fileName: z.string().min(1).max(255).describe('The uploaded file’s name (recorded as the changeset’s reason).'),
  sheet: z.string().max(31).optional().describe('Workbook sheet to read (default: the first with data).'),
  locale: z.string().max(35).optional().describe('How the person writes numbers and dates, e.g. de-DE (default en-GB).'),
  mapping: z.string().max(20_000).optional().describe('JSON object: file header → table column (or null to ignore it), where the names differ.'),
});
const mappingSchema = z.record(z.string().max(255), z.string().max(128).nullable());
export const importApplyBodySchema = z.strictObject({ reason: z.string().max(2000).optional() });
const importPathSchema = z.looseObject({ importId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an import id') });

/**
 * Governed imports: upload a workbook or CSV (the raw file as the body), get
 * a preview (inserts, cells old → new, unchanged rows and every problem per
 * sheet row), then apply it as ONE changeset, or submit it for approval
 * where the table requires it.
 */
export function registerImportRoutes(app: FastifyInstance, runtime: ProjectRuntime, context: WorkflowContext): void {
  const store = new ImportStore();
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));

  app.post('/api/apps/:app/tables/:table/imports', { bodyLimit: IMPORT_MAX_BYTES }, async (request) => {
    const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
    const table = resolveRequestTable(resolved, request.params);
    const query = parseInput(importQuerySchema, request.query ?? {}, 'query string');
    if (!Buffer.isBuffer(request.body)) {
      throw new AppError('REQ_UNSUPPORTED_MEDIA', `Send the file itself as the body, with Content-Type ${UPLOAD_TYPES.join(' or ')}.`);
    }
    let mapping: Record<string, string | null> | undefined;
    if (query.mapping) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(query.mapping);
      } catch {
        throw new AppError('REQ_INVALID', 'mapping is not valid JSON.');
      }
      mapping = parseInput(mappingSchema, parsed, 'mapping');
    }
    const upload = await readUpload(request.body, query.fileName, query.sheet);
    const viaApproval = needsApproval(table, principal);
    const plan = await planImport(context.writeContext(resolved, table, principal, { viaApproval }), upload, {
      fileName: query.fileName,
      mapping,
      locale: query.locale,
    });
    const stored = store.put(principal.id, resolved.name, table.name, plan);
    return { importId: stored.id, ...plan.preview, needsApproval: viaApproval };
  });

  app.post('/api/apps/:app/tables/:table/imports/:importId/apply', async (request) => {
    const { app: resolved, principal } = resolveRequestApp(runtime, request, request.params);
    const table = resolveRequestTable(resolved, request.params);
    const { importId } = parseInput(importPathSchema, request.params, 'path');
    const body = parseInput(importApplyBodySchema, request.body ?? {}, 'import');
    const stored = store.take(importId, principal.id, resolved.name, table.name);
    const { plan } = stored;
    if (plan.preview.problems.length) {
      throw new AppError(
        'IMP_PROBLEMS',
        `The import has ${plan.preview.summary.problems} problems; fix them in the file and upload it again. Nothing was written.`,
        {
          problems: plan.preview.problems,
        },
      );
    }
    if (plan.changes.length === 0) return { changesetId: null, applied: 0, requestId: null };
    const reason = `Import of ${plan.preview.fileName}${body.reason ? `: ${body.reason}` : ''}`;
    if (needsApproval(table, principal)) {
      const request_ = await submitRequest(context, resolved, table, principal, { changes: plan.changes, reason });
      store.remove(importId);
      return { changesetId: null, applied: 0, requestId: request_.requestId, status: request_.status };
    }
    const result = await applyChangeset(context.writeContext(resolved, table, principal), {
      changes: plan.changes,
      reason,
      idempotencyKey: `import:${importId}`,
    });
    store.remove(importId);
    return { changesetId: result.changesetId, applied: result.applied, requestId: null };
  });
}

function needsApproval(table: Parameters<typeof assertDirectWriteAllowed>[0], principal: Parameters<typeof assertDirectWriteAllowed>[1]): boolean {
  try {
    assertDirectWriteAllowed(table, principal);
    return false;
  } catch (error) {
    if (error instanceof AppError && error.code === 'WF_APPROVAL_REQUIRED') return true;
    throw error;
  }
}
