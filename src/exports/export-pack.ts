import JSZip from 'jszip';
import type { ResolvedApp } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { Principal } from '../governance/principal.js';
import { runDataset } from '../query/index.js';
import { recordExport } from './record-export.js';
import { buildExportFile, CONTENT_TYPES, type ExportContext, type ExportFile, type ExportParams, exportParams, exportSpec } from './run-export.js';

/** One file per value of the pack's dataset (e.g. every entity the user may read), as one zip. */
export interface PackPlan {
  values: (string | number)[];
  run(onProgress: (done: number, total: number) => void): Promise<ExportFile>;
}

/**
 * Plans a pack: reads the values (under the user's read policies) now, so the
 * caller can show how many files will come, and returns the run, which
 * builds the files one after another, reports progress after each, zips them
 * and records the export once.
 */
export async function planPack(context: ExportContext, app: ResolvedApp, name: string, principal: Principal, given: ExportParams): Promise<PackPlan> {
  const spec = exportSpec(app, name, principal);
  if (!spec.pack) throw new AppError('REQ_INVALID', `Export ${name} has no pack; run it for one set of parameters instead.`, { export: name });
  const pack = spec.pack;
  const params = exportParams(spec, given);
  const result = await runDataset(
    context.driver,
    app,
    pack.dataset,
    principal,
    { params: {}, filters: [], sort: [], limit: 10_000, offset: 0, withTotal: false },
    context.identity,
    context.auditSchema,
  );
  const values = [...new Set(result.rows.map((row) => row[pack.column]).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number'))];
  return {
    values,
    async run(onProgress) {
      const zip = new JSZip();
      const names = new Set<string>();
      onProgress(0, values.length);
      for (const [i, value] of values.entries()) {
        const file = await buildExportFile(context, app, name, spec, principal, exportParams(spec, { ...params, [pack.param]: value }));
        let fileName = file.fileName;
        for (let n = 2; names.has(fileName); n += 1) fileName = file.fileName.replace(/(\.\w+)$/, ` (${n})$1`);
        names.add(fileName);
        zip.file(fileName, file.data);
        onProgress(i + 1, values.length);
      }
      const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
      const fileName = `${spec.title.replace(/[^\p{L}\p{N} ._()-]+/gu, '_')} (${values.length} files).zip`;
      await recordExport(context.driver, context.auditSchema, {
        username: principal.username,
        app: app.name,
        exportName: name,
        params,
        fileName,
        files: values.length,
      });
      return { fileName, contentType: CONTENT_TYPES.zip, data };
    },
  };
}
