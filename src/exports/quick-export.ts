import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ResolvedApp } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { Principal } from '../governance/principal.js';
import { buildPagedQuery, datasetSource } from '../query/index.js';
import { datasetWords } from '../query/dataset-source.js';
import { gatedRead } from '../writeback/read-gate.js';
import type { Filter } from '../query/query-request-schema.js';
import type { ColumnType } from '../warehouse/column-type.js';
import type { Row, WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { renderSql } from '../warehouse/sql.js';

export type QuickFormat = 'xlsx' | 'csv';

export interface QuickExportRequest {
  params: Record<string, string | number | boolean | null>;
  filters: Filter[];
  sort: { column: string; direction: 'asc' | 'desc' }[];
  /** Rows where any of the columns (default all) contains the text, as the grid's search box asks. */
  search?: { text: string; columns?: string[] | undefined } | undefined;
  /** Columns in order (default: all the dataset returns). */
  columns?: string[];
  format: QuickFormat;
}

/** Hidden columns of a workbook exported from a writable table: the row key, and each cell as it was exported (so a re-import can tell what changed since). */
export const SEEN_PREFIX = '_rt_seen:';
export const KEY_COLUMN = '_rt_key';

export interface QuickExportContext {
  driver: WarehouseDriver;
  identity: WarehouseIdentity | undefined;
  auditSchema: string;
}

/**
 * Streams everything a dataset or grid shows (its filters and sort, every
 * row, not one page) from the warehouse into `out` as CSV or as a workbook,
 * a batch at a time: a million rows never sit in memory. The user's read
 * policies apply. A workbook of a writable table also carries hidden columns
 * with each row's key and the values as exported, which imports compare.
 */
export async function openQuickExport(
  context: QuickExportContext,
  app: ResolvedApp,
  name: string,
  principal: Principal,
  request: QuickExportRequest,
): Promise<{ fileName: string; contentType: string; writeTo(out: Writable): Promise<{ rows: number }> }> {
  const { driver } = context;
  const { source, shadows, columns } = await datasetSource(driver, app, name, principal, { params: request.params }, context.identity, context.auditSchema);
  const { all } = buildPagedQuery(source, columns, { ...request, limit: 1, offset: 0, withTotal: false, params: request.params }, shadows);
  const wanted = (request.columns ?? [...columns.keys()]).map((column) => {
    const type = columns.get(column);
    if (!type) throw new AppError('QRY_UNKNOWN_COLUMN', `The dataset has no column '${column}' (columns: ${[...columns.keys()].join(', ')}).`, { column });
    return { name: column, type };
  });
  const table = app.tables.get(name);
  const q = renderSql(all, driver.dialect);
  // Opened before any byte is sent: a refused query is still an ordinary JSON error.
  // Gated until the query runs: it reads one state of the tables, not a write half applied (read-gate.ts).
  const stream = await gatedRead(driver, datasetWords(app, name), () => driver.stream(q.sql, q.params, { identity: context.identity }));
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ').replace(':', '');
  return {
    fileName: `${name} ${stamp}.${request.format}`,
    contentType: request.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    async writeTo(out) {
      try {
        return request.format === 'csv' ? await writeCsv(stream.batches, wanted, out) : await writeXlsx(stream.batches, wanted, table?.key, name, out);
      } finally {
        await stream.close();
      }
    },
  };
}

async function writeCsv(batches: AsyncIterable<Row[]>, columns: { name: string; type: ColumnType }[], out: Writable): Promise<{ rows: number }> {
  const csv = stringify({ header: true, columns: columns.map((c) => c.name), bom: true });
  csv.pipe(out);
  let rows = 0;
  for await (const batch of batches) {
    for (const row of batch) {
      if (!csv.write(columns.map((c) => csvValue(row[c.name])))) await new Promise((resolve) => csv.once('drain', resolve));
      rows += 1;
    }
  }
  csv.end();
  await new Promise((resolve, reject) => out.once('finish', resolve).once('error', reject));
  return { rows };
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/**
 * Formats only where a bare value would mislead: dates (a serial number
 * otherwise). Every styled cell costs the streaming writer a style lookup, so
 * numbers stay General, which shows them as they are.
 */
const NUMBER_FORMATS: Partial<Record<ColumnType['kind'], string>> = { date: 'yyyy-mm-dd', timestamp: 'yyyy-mm-dd hh:mm:ss' };

async function writeXlsx(
  batches: AsyncIterable<Row[]>,
  columns: { name: string; type: ColumnType }[],
  key: string[] | undefined,
  sheetName: string,
  out: Writable,
): Promise<{ rows: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const seen = key ? columns.filter((c) => !key.includes(c.name)) : [];
  sheet.columns = [
    ...columns.map((c) => {
      const numFmt = NUMBER_FORMATS[c.type.kind];
      return { header: c.name, key: c.name, width: Math.min(40, Math.max(10, c.name.length + 2)), ...(numFmt ? { style: { numFmt } } : {}) };
    }),
    ...(key ? [{ header: KEY_COLUMN, key: KEY_COLUMN, hidden: true }] : []),
    // The values as exported travel as text: imports compare them exactly, whatever the person does to the visible cells.
    ...seen.map((c) => ({ header: `${SEEN_PREFIX}${c.name}`, key: `${SEEN_PREFIX}${c.name}`, hidden: true })),
  ];
  sheet.getRow(1).font = { bold: true };
  let rows = 0;
  for await (const batch of batches) {
    for (const row of batch) {
      const values = columns.map((c) => cellValue(row[c.name], c.type));
      if (key) values.push(JSON.stringify(Object.fromEntries(key.map((k) => [k, row[k] ?? null]))));
      for (const c of seen) values.push(row[c.name] === null || row[c.name] === undefined ? null : String(row[c.name]));
      sheet.addRow(values).commit();
      rows += 1;
    }
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}

/** A warehouse value as a workbook cell: numbers and dates typed, so the person can compute with them. */
function cellValue(value: unknown, type: ColumnType): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (type.kind === 'integer' || type.kind === 'decimal' || type.kind === 'float') {
    const n = Number(value);
    return Number.isFinite(n) ? n : String(value);
  }
  if (type.kind === 'date' || type.kind === 'timestamp') {
    const date = new Date(type.kind === 'date' ? `${String(value)}T00:00:00Z` : String(value));
    return Number.isNaN(date.getTime()) ? String(value) : date;
  }
  if (type.kind === 'boolean') return value === true || value === 'true';
  return String(value);
}
