import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportConfig } from '../app-model/export-schema.js';
import type { ResolvedApp } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { hasAnyRole, type Principal } from '../governance/principal.js';
import { runDataset } from '../query/index.js';
import type { WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { chartData, type FillData, fillData, selectedColumns, textRows, textValue, workbookRows } from './export-values.js';
import { OoxmlPackage } from './ooxml/ooxml-package.js';
import { fillPptxTemplate, type PptxFills, type PptxTargets, readPptxTargets } from './ooxml/pptx-template.js';
import { fillXlsxTemplate } from './ooxml/xlsx-template.js';
import { recordExport } from './record-export.js';

/** What an export runs with: the warehouse, the project folder (templates) and the user's warehouse identity. */
export interface ExportContext {
  driver: WarehouseDriver;
  projectDir: string;
  auditSchema: string;
  identity: WarehouseIdentity | undefined;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  data: Buffer;
}

export type ExportParams = Record<string, string | number | boolean | null>;

export const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
} as const;

/** The export `name` of the app, if it exists and the principal holds one of its roles (else 404: exports reveal nothing to others). */
export function exportSpec(app: ResolvedApp, name: string, principal: Principal): ExportConfig {
  const spec = Object.hasOwn(app.config.exports, name) ? app.config.exports[name] : undefined;
  if (!spec || !hasAnyRole(principal, spec.roles))
    throw new AppError('EXP_NOT_FOUND', `App ${app.name} has no export '${name}' you may run.`, { export: name });
  return spec;
}

/** Parameters as declared: given values coerced to their type, defaults for the rest; unknown names refused. */
export function exportParams(spec: ExportConfig, given: ExportParams): ExportParams {
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(spec.params, key)) throw new AppError('QRY_INVALID_PARAM', `The export has no parameter '${key}'.`, { param: key });
  }
  const out: ExportParams = {};
  for (const [key, param] of Object.entries(spec.params)) {
    const value = Object.hasOwn(given, key) ? given[key] : (param.default ?? null);
    if (value === null || value === undefined) out[key] = null;
    else if (param.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new AppError('QRY_INVALID_PARAM', `Parameter '${key}' is a number.`, { param: key });
      out[key] = n;
    } else if (param.type === 'boolean') out[key] = value === true || value === 'true';
    else if (param.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) {
      throw new AppError('QRY_INVALID_PARAM', `Parameter '${key}' is a date (YYYY-MM-DD).`, { param: key });
    } else out[key] = String(value);
  }
  return out;
}

/**
 * Fills the export's template from live data, read with the user's read
 * policies and warehouse identity, and records who exported what. Every
 * fill's dataset runs once; the template's other content is kept.
 */
export async function runExport(context: ExportContext, app: ResolvedApp, name: string, principal: Principal, given: ExportParams): Promise<ExportFile> {
  const spec = exportSpec(app, name, principal);
  const params = exportParams(spec, given);
  const file = await buildExportFile(context, app, name, spec, principal, params);
  await recordExport(context.driver, context.auditSchema, {
    username: principal.username,
    app: app.name,
    exportName: name,
    params,
    fileName: file.fileName,
    files: 1,
  });
  return file;
}

/** The filled file for one set of parameters (no activity record: packs record once for all their files). */
export async function buildExportFile(
  context: ExportContext,
  app: ResolvedApp,
  name: string,
  spec: ExportConfig,
  principal: Principal,
  params: ExportParams,
): Promise<ExportFile> {
  const data = await Promise.all(spec.fills.map((fill) => readFill(context, app, principal, fill, params)));
  const template = await readFile(join(context.projectDir, spec.template)).catch(() => {
    throw new AppError('EXP_TEMPLATE_INVALID', `The template ${spec.template} of export ${name} cannot be read.`, { export: name });
  });
  const kind = spec.template.toLowerCase().endsWith('.pptx') ? 'pptx' : 'xlsx';
  const filled =
    kind === 'xlsx'
      ? await fillXlsxTemplate(
          template,
          spec.fills.map((fill, i) => ({ target: fill.target, rows: workbookRows(fill, data[i]!) })),
        )
      : await fillPptxTemplate(template, deckFills(spec, data, await readPptxTargets(await OoxmlPackage.open(template, 'template'))));
  return { fileName: exportFileName(name, spec, params, kind), contentType: CONTENT_TYPES[kind], data: filled };
}

async function readFill(
  context: ExportContext,
  app: ResolvedApp,
  principal: Principal,
  fill: ExportConfig['fills'][number],
  params: ExportParams,
): Promise<FillData> {
  const resolve = (value: string | number | boolean | null) => (typeof value === 'string' && value.startsWith(':') ? (params[value.slice(1)] ?? null) : value);
  if (fill.dataset === undefined) return valueData(resolve(fill.value ?? null), fill.column ?? 'value');
  const datasetParams = Object.fromEntries(Object.entries(fill.params).map(([key, value]) => [key, resolve(value)]));
  const result = await runDataset(
    context.driver,
    app,
    fill.dataset,
    principal,
    { params: datasetParams, filters: [], sort: [], limit: 10_000, offset: 0, withTotal: false },
    context.identity,
    context.auditSchema,
  );
  return fillData(result, context.driver.dialect);
}

/** One value as a one-row, one-column result, typed by what it is. */
function valueData(value: string | number | boolean | null, column: string): FillData {
  const type =
    typeof value === 'number'
      ? { kind: 'float' as const, sql: 'DOUBLE' }
      : typeof value === 'boolean'
        ? { kind: 'boolean' as const, sql: 'BOOLEAN' }
        : { kind: 'string' as const, sql: 'VARCHAR' };
  return { columns: [{ name: column, type }], rows: [{ [column]: value }] };
}

/** A deck's fills by the kind of their target in the template: `{{placeholder}}`, named table or named chart. */
function deckFills(spec: ExportConfig, data: FillData[], targets: PptxTargets): PptxFills {
  const fills: PptxFills = { text: new Map(), tables: new Map(), charts: new Map() };
  spec.fills.forEach((fill, i) => {
    const rows = data[i]!;
    const placeholder = placeholderName(fill.target);
    if (placeholder) {
      const [column] = selectedColumns(fill, rows);
      const first = rows.rows[0];
      fills.text.set(placeholder, column && first ? textValue(first[column.name], column.type, fill.format) : '');
    } else if (targets.tables.has(fill.target)) fills.tables.set(fill.target, textRows(fill, rows));
    else if (targets.charts.has(fill.target)) fills.charts.set(fill.target, chartData(fill, rows));
    else throw new AppError('EXP_TEMPLATE_INVALID', `The deck has no table or chart named '${fill.target}'.`, { target: fill.target });
  });
  return fills;
}

/** `{{name}}` → name; anything else is not a placeholder. */
export function placeholderName(target: string): string | undefined {
  return /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(target)?.[1];
}

/** `fileName` with `{param}` replaced (or the export name and its parameter values), safe as a download name. */
export function exportFileName(name: string, spec: ExportConfig, params: ExportParams, kind: string): string {
  const base = spec.fileName
    ? spec.fileName.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, key: string) => String(params[key] ?? ''))
    : [name, ...Object.values(params).filter((v) => v !== null)].join(' ');
  const safe =
    base
      .replace(/\.(xlsx|pptx)$/i, '')
      .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
      .replace(/\s+/g, ' ')
      .trim() || name;
  return `${safe}.${kind}`;
}
