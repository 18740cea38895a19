import { apiDownload, apiRequest, apiUpload } from './client';
import type * as Contract from './generated/contract';

/** From the server's schemas (web/src/api/generated). */
export type ExportJob = Contract.ExportJob;
export type ImportPreview = Contract.ImportPreview;
export type ImportOutcome = Contract.ImportOutcome;

const appPath = (app: string) => `/api/apps/${encodeURIComponent(app)}`;

export const officeApi = {
  runExport: (app: string, name: string, params: Record<string, unknown>) =>
    apiDownload('POST', `${appPath(app)}/exports/${encodeURIComponent(name)}/run`, { params }),
  startPack: (app: string, name: string, params: Record<string, unknown>) =>
    apiRequest<ExportJob>('POST', `${appPath(app)}/exports/${encodeURIComponent(name)}/packs`, { params }),
  job: (id: string) => apiRequest<ExportJob>('GET', `/api/export-jobs/${encodeURIComponent(id)}`),
  jobFile: (id: string) => apiDownload('GET', `/api/export-jobs/${encodeURIComponent(id)}/file`),
  quickExport: (
    app: string,
    dataset: string,
    body: { format: 'xlsx' | 'csv'; params?: Record<string, unknown>; filters?: unknown[]; sort?: unknown[]; search?: unknown },
  ) => apiDownload('POST', `${appPath(app)}/datasets/${encodeURIComponent(dataset)}/export`, body),
  previewImport: (app: string, table: string, file: File, mapping?: Record<string, string | null>) => {
    const query = new URLSearchParams({ fileName: file.name, locale: navigator.language || 'en-GB' });
    if (mapping && Object.keys(mapping).length) query.set('mapping', JSON.stringify(mapping));
    const type = /\.csv$/i.test(file.name) ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return apiUpload<ImportPreview>(`${appPath(app)}/tables/${encodeURIComponent(table)}/imports?${query}`, file, type);
  },
  applyImport: (app: string, table: string, importId: string) =>
    apiRequest<ImportOutcome>('POST', `${appPath(app)}/tables/${encodeURIComponent(table)}/imports/${encodeURIComponent(importId)}/apply`, {}),
};
