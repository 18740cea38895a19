import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { parseDocument } from 'yaml';
import { readFileSync } from 'node:fs';
import { ApiClient } from '../../test/support/api-client.js';
import { serveBenchProject } from '../lib/serve-project.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');
export const CSV_ROWS = 1_000_000;

export interface ExportsOutcome {
  pack: { files: number; ms: number };
  csv: { rows: number; bytes: number; ms: number; rawMs: number; baseRssMiB: number; peakRssMiB: number };
  importRows: number;
  importPreviewMs: number;
  importApplyMs: number;
}

/** Samples the process's resident memory while `work` runs; the peak is what a streamed export must keep flat. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    return { result, peakMiB: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Office round trip on the demo (DuckDB): a 40-entity management accounts
 * pack; a 1,000,000-row CSV export streamed through the API (time and peak
 * memory of the whole process), against DuckDB's own COPY of the same rows
 * to a file; and a 10,000-row workbook import (parse and preview, then apply).
 */
export async function runExportsBench(log: (line: string) => void): Promise<ExportsOutcome> {
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-bench-exports-'));
  const projectDir = join(root, 'project');
  cpSync(DEMO_DIR, projectDir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  // A dataset of the first million journal lines, for the streamed export.
  const appPath = join(projectDir, 'apps', 'budget.yaml');
  const app = parseDocument(readFileSync(appPath, 'utf8'));
  app.setIn(['datasets', 'journal_million'], app.createNode({ sql: `SELECT * FROM journal_lines ORDER BY journal_id LIMIT ${CSV_ROWS}` }));
  writeFileSync(appPath, app.toString());
  const server = await serveBenchProject(projectDir, join(root, 'data'), log, () => rmSync(root, { recursive: true, force: true }));
  try {
    const director = await ApiClient.login(server.url, 'director');
    const post = (path: string, body: unknown, contentType = 'application/json') =>
      fetch(server.url + path, {
        method: 'POST',
        headers: { 'content-type': contentType, cookie: director.cookie, 'x-csrf-token': director.csrfToken },
        body: body instanceof Uint8Array ? (body as unknown as BodyInit) : JSON.stringify(body),
      });

    log('Exports: a pack of the management accounts for every entity…');
    const packStart = performance.now();
    const started = (await director.request('POST', '/api/apps/budget/exports/management_accounts/packs', { params: { year: 2025 } })).body;
    let job = started;
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      job = (await director.request('GET', `/api/export-jobs/${started.jobId}`)).body;
    }
    if (job.status !== 'done') throw new Error(`pack failed: ${JSON.stringify(job.error)}`);
    const pack = { files: job.total as number, ms: performance.now() - packStart };
    log(`  ${pack.files} workbooks in ${(pack.ms / 1000).toFixed(1)} s`);

    log(`Exports: ${CSV_ROWS.toLocaleString('en')} rows as CSV through the API…`);
    global.gc?.();
    const baseRssMiB = process.memoryUsage().rss / 2 ** 20;
    const csvStart = performance.now();
    const { result: bytes, peakMiB } = await withPeakRss(async () => {
      const response = await post('/api/apps/budget/datasets/journal_million/export', { format: 'csv' });
      let total = 0;
      for await (const chunk of response.body!) total += (chunk as Uint8Array).length;
      return total;
    });
    const csvMs = performance.now() - csvStart;
    const file = join(root, 'raw.csv');
    const rawStart = performance.now();
    await server.runtime.warehouse.query(`COPY (SELECT * FROM journal_lines ORDER BY journal_id LIMIT ${CSV_ROWS}) TO '${file}' (HEADER)`);
    const rawMs = performance.now() - rawStart;
    log(
      `  ${(bytes / 2 ** 20).toFixed(0)} MiB in ${(csvMs / 1000).toFixed(1)} s (DuckDB COPY to a file: ${(rawMs / 1000).toFixed(1)} s); RSS ${baseRssMiB.toFixed(0)} → peak ${peakMiB.toFixed(0)} MiB`,
    );

    log('Exports: a 10,000-row workbook import…');
    const lines = (await director.query('budget', 'budget_lines', { limit: 10_000, sort: [{ column: 'line_id', direction: 'asc' }] })).body.rows as Record<
      string,
      unknown
    >[];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Budget');
    sheet.addRow(['line_id', 'amount', 'comment']);
    for (const line of lines) sheet.addRow([line.line_id, Number(line.amount) + 1, 'imported']);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const previewStart = performance.now();
    const preview = await (
      await post('/api/apps/budget/tables/budget_lines/imports?fileName=bench.xlsx', data, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    ).json();
    const importPreviewMs = performance.now() - previewStart;
    if (!preview.importId || preview.summary.problems) throw new Error(`import preview failed: ${JSON.stringify(preview).slice(0, 300)}`);
    const applyStart = performance.now();
    const applied = await (await post(`/api/apps/budget/tables/budget_lines/imports/${preview.importId}/apply`, {})).json();
    const importApplyMs = performance.now() - applyStart;
    if (applied.applied !== lines.length) throw new Error(`import apply failed: ${JSON.stringify(applied).slice(0, 300)}`);
    log(`  preview ${(importPreviewMs / 1000).toFixed(2)} s, apply ${(importApplyMs / 1000).toFixed(2)} s for ${lines.length} rows`);
    return {
      pack,
      csv: { rows: CSV_ROWS, bytes, ms: csvMs, rawMs, baseRssMiB, peakRssMiB: peakMiB },
      importRows: lines.length,
      importPreviewMs,
      importApplyMs,
    };
  } finally {
    await server.close();
  }
}

export function renderExportsResults(o: ExportsOutcome): string[] {
  return [
    'Office round trip on the DuckDB demo (server and client in one process):',
    '',
    '| what | figure |',
    '|---|---:|',
    `| management accounts pack, one workbook per entity | ${o.pack.files} files in ${(o.pack.ms / 1000).toFixed(1)} s (${(o.pack.ms / o.pack.files).toFixed(0)} ms per file) |`,
    `| CSV export of ${o.csv.rows.toLocaleString('en')} rows through the API | ${(o.csv.ms / 1000).toFixed(1)} s, ${(o.csv.bytes / 2 ** 20).toFixed(0)} MiB |`,
    `| the same rows by DuckDB's COPY to a file (raw) | ${(o.csv.rawMs / 1000).toFixed(1)} s (API ${(o.csv.ms / o.csv.rawMs).toFixed(2)}×) |`,
    `| process memory during the CSV export | ${o.csv.baseRssMiB.toFixed(0)} MiB before, ${o.csv.peakRssMiB.toFixed(0)} MiB peak (+${(o.csv.peakRssMiB - o.csv.baseRssMiB).toFixed(0)} MiB for a ${(o.csv.bytes / 2 ** 20).toFixed(0)} MiB file) |`,
    `| import of a ${o.importRows.toLocaleString('en')}-row workbook: parse and preview | ${(o.importPreviewMs / 1000).toFixed(2)} s |`,
    `| the same import: apply (one changeset) | ${(o.importApplyMs / 1000).toFixed(2)} s |`,
  ];
}
