import type { ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { fetchRowsByKey } from '../query/index.js';
import { type CanonicalValue, coerceValue } from '../warehouse/coerce-value.js';
import { checkChangeset } from '../writeback/apply-changeset.js';
import type { Change, CellInput as ChangeCell } from '../writeback/changeset-schema.js';
import { MAX_CHANGES_PER_CHANGESET } from '../writeback/changeset-schema.js';
import { clientRowKey, formatRowKey } from '../writeback/row-key.js';
import type { WriteContext } from '../writeback/write-context.js';
import { type ColumnMatch, matchColumns } from './match-columns.js';
import { cellInput, localeFormat } from './parse-cell.js';
import type { UploadedSheet } from './read-upload.js';

/** One problem of an import, located in the file. */
export interface ImportProblem {
  /** Row number in the sheet (the header is row 1 of a CSV); null for the file as a whole. */
  sheetRow: number | null;
  column?: string;
  rule: string;
  message: string;
}

export interface ImportPreview {
  fileName: string;
  sheet: string;
  columns: { matched: Record<string, string>; ignored: string[]; comparedWithExport: boolean };
  summary: { rows: number; inserts: number; updates: number; cellsChanged: number; unchanged: number; problems: number };
  /** The first rows of each kind (at most PREVIEW_ROWS each); the summary counts them all. */
  inserts: { sheetRow: number; values: Record<string, unknown> }[];
  updates: { sheetRow: number; key: Record<string, unknown>; cells: { column: string; old: unknown; new: unknown }[] }[];
  problems: ImportProblem[];
}

/** The changes an import would apply, with the sheet row of each (by change index). */
export interface ImportPlan {
  preview: ImportPreview;
  changes: Change[];
  sheetRows: number[];
}

const PREVIEW_ROWS = 1_000;

/**
 * Turns an uploaded sheet into the changeset it stands for and a preview:
 * rows whose key the table has (and the user may read) become updates of the
 * cells that differ, the others inserts; nothing is deleted. Cells are read
 * in the person's locale. A workbook exported by Roundtrip carries each cell
 * as it was exported: a cell someone changed since is a problem (stale), not
 * an overwrite, and the update expects the exported value, so a change made
 * between preview and apply is a conflict too. The changeset then runs as a
 * dry run through the write pipeline, so permission, rule, lookup and gate
 * problems show per sheet row before anything is written.
 */
export async function planImport(
  context: WriteContext,
  upload: UploadedSheet,
  options: { fileName: string; mapping?: Record<string, string | null>; locale?: string },
): Promise<ImportPlan> {
  const { table } = context;
  const match = matchColumns(table, upload.header, options.mapping);
  const format = localeFormat(options.locale);
  const problems: ImportProblem[] = [];
  const records = readRecords(table, upload, match, format, problems);
  if (records.length > MAX_CHANGES_PER_CHANGESET) {
    throw new AppError(
      'IMP_TOO_LARGE',
      `The file has ${records.length.toLocaleString('en')} rows; one import takes at most ${MAX_CHANGES_PER_CHANGESET.toLocaleString('en')}.`,
      {
        limit: MAX_CHANGES_PER_CHANGESET,
      },
    );
  }
  const current = await fetchRowsByKey(
    context.driver,
    table,
    context.principal,
    records.map((r) => r.key),
    context.identity ?? undefined,
  );
  const byKey = new Map(current.map((row) => [formatRowKey(table, canonicalRow(table, row, table.key)), row]));
  const preview: ImportPreview = {
    fileName: options.fileName,
    sheet: upload.sheet,
    columns: {
      matched: Object.fromEntries([...match.columns].map(([column, i]) => [upload.header[i]!, column])),
      ignored: match.ignored,
      comparedWithExport: match.seen.size > 0,
    },
    summary: { rows: upload.rows.length, inserts: 0, updates: 0, cellsChanged: 0, unchanged: 0, problems: 0 },
    inserts: [],
    updates: [],
    problems,
  };
  const changes: Change[] = [];
  const sheetRows: number[] = [];
  for (const record of records) {
    const row = byKey.get(formatRowKey(table, record.key));
    if (!row) {
      changes.push({ op: 'insert', values: record.values });
      sheetRows.push(record.sheetRow);
      preview.summary.inserts += 1;
      if (preview.inserts.length < PREVIEW_ROWS) preview.inserts.push({ sheetRow: record.sheetRow, values: record.values });
      continue;
    }
    const stored = canonicalRow(table, row, [...match.columns.keys()]);
    const set: Record<string, ChangeCell> = {};
    const expect: Record<string, ChangeCell> = {};
    const cells: ImportPreview['updates'][number]['cells'] = [];
    for (const [column, value] of Object.entries(record.canonical)) {
      if (table.key.includes(column) || value === stored[column]) continue;
      const seen = record.seen.get(column);
      if (seen !== undefined && seen !== stored[column]) {
        problems.push({
          sheetRow: record.sheetRow,
          column,
          rule: 'stale',
          message: `${column} changed since the export: it is now ${stored[column] ?? 'empty'} (the file was exported with ${seen ?? 'empty'})`,
        });
        continue;
      }
      set[column] = record.values[column] ?? null;
      expect[column] = seen !== undefined ? seen : (stored[column] ?? null);
      cells.push({ column, old: stored[column], new: value });
    }
    if (cells.length === 0) {
      preview.summary.unchanged += 1;
      continue;
    }
    changes.push({ op: 'update', key: clientRowKey(table, record.key) as Record<string, ChangeCell>, set, expect });
    sheetRows.push(record.sheetRow);
    preview.summary.updates += 1;
    preview.summary.cellsChanged += cells.length;
    if (preview.updates.length < PREVIEW_ROWS) preview.updates.push({ sheetRow: record.sheetRow, key: clientRowKey(table, record.key), cells });
  }
  if (changes.length) problems.push(...(await dryRun(context, changes, sheetRows)));
  preview.summary.problems = problems.length;
  problems.sort((a, b) => (a.sheetRow ?? 0) - (b.sheetRow ?? 0));
  if (problems.length > PREVIEW_ROWS) problems.length = PREVIEW_ROWS;
  return { preview, changes, sheetRows };
}

interface ImportRecord {
  sheetRow: number;
  key: Record<string, CanonicalValue>;
  /** Values as sent to the pipeline (matched columns). */
  values: Record<string, ChangeCell>;
  /** The same values in canonical form, for comparing with the stored row. */
  canonical: Record<string, CanonicalValue>;
  /** Cells as the export showed them (workbooks exported by Roundtrip), canonical. */
  seen: Map<string, CanonicalValue>;
}

/** Reads each row's matched cells; problems are collected per cell, rows with an unusable key are left out. */
function readRecords(
  table: ResolvedTable,
  upload: UploadedSheet,
  match: ColumnMatch,
  format: ReturnType<typeof localeFormat>,
  problems: ImportProblem[],
): ImportRecord[] {
  const records: ImportRecord[] = [];
  const seenKeys = new Map<string, number>();
  for (const { sheetRow, cells } of upload.rows) {
    if (cells.every((c) => c.kind === 'empty')) continue;
    const record: ImportRecord = { sheetRow, key: {}, values: {}, canonical: {}, seen: new Map() };
    let usable = true;
    for (const [column, index] of match.columns) {
      const type = table.columnByName.get(column)!.type;
      const input = cellInput(cells[index] ?? { kind: 'empty' }, type, format);
      if (!input.ok) {
        problems.push({ sheetRow, column, rule: input.rule, message: `${column}: ${input.message}` });
        if (table.key.includes(column)) usable = false;
        continue;
      }
      const coerced = coerceValue(input.value, type);
      if (!coerced.ok) {
        problems.push({ sheetRow, column, rule: 'type', message: `${column}: ${coerced.message}` });
        if (table.key.includes(column)) usable = false;
        continue;
      }
      record.values[column] = input.value;
      record.canonical[column] = coerced.value;
      if (table.key.includes(column)) record.key[column] = coerced.value;
    }
    for (const [column, index] of match.seen) {
      const cell = cells[index] ?? { kind: 'empty' as const };
      const input = cellInput(cell, table.columnByName.get(column)!.type, localeFormat('en'));
      const coerced = input.ok ? coerceValue(input.value, table.columnByName.get(column)!.type) : undefined;
      if (coerced?.ok) record.seen.set(column, coerced.value);
    }
    if (!usable) continue;
    if (table.key.some((k) => record.key[k] === null || record.key[k] === undefined)) {
      problems.push({ sheetRow, rule: 'key', message: `the row has no ${table.key.join(', ')}` });
      continue;
    }
    const keyText = formatRowKey(table, record.key);
    const first = seenKeys.get(keyText);
    if (first !== undefined) {
      problems.push({ sheetRow, rule: 'duplicate', message: `the key ${keyText} is also in row ${first}; keep one of the two` });
      continue;
    }
    seenKeys.set(keyText, sheetRow);
    records.push(record);
  }
  return records;
}

function canonicalRow(table: ResolvedTable, row: Record<string, unknown>, columns: readonly string[]): Record<string, CanonicalValue> {
  const out: Record<string, CanonicalValue> = {};
  for (const column of columns) {
    const coerced = coerceValue(row[column], table.columnByName.get(column)!.type);
    out[column] = coerced.ok ? coerced.value : ((row[column] ?? null) as CanonicalValue);
  }
  return out;
}

/** The pipeline's dry run of the changes; its refusal, whatever it is, as problems on sheet rows. */
async function dryRun(context: WriteContext, changes: Change[], sheetRows: number[]): Promise<ImportProblem[]> {
  try {
    await checkChangeset(context, { changes });
    return [];
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const rowOf = (index: unknown) => (typeof index === 'number' ? (sheetRows[index] ?? null) : null);
    const details = error.details as Record<string, unknown>;
    const located = [
      ...((details.issues as { changeIndex?: number; column?: string; rule?: string; message: string }[] | undefined) ?? []).map((i) => ({
        sheetRow: rowOf(i.changeIndex),
        column: i.column,
        rule: i.rule ?? error.code,
        message: i.message,
      })),
      ...((details.rows as { changeIndex?: number; message?: string }[] | undefined) ?? []).map((r) => ({
        sheetRow: rowOf(r.changeIndex),
        rule: error.code,
        message: r.message ? `${error.message} (${r.message})` : error.message,
      })),
      ...((details.conflicts as { changeIndex: number; column: string; actual: unknown; changedBy?: string }[] | undefined) ?? []).map((c) => ({
        sheetRow: rowOf(c.changeIndex),
        column: c.column,
        rule: 'stale',
        message: `${c.column} was changed${c.changedBy ? ` by ${c.changedBy}` : ''} to ${String(c.actual)} since the export`,
      })),
      ...((details.violations as { message: string }[] | undefined) ?? []).map((v) => ({ sheetRow: null, rule: error.code, message: v.message })),
    ];
    if (located.length) return located;
    return [{ sheetRow: rowOf(details.changeIndex), column: (details.columns as string[] | undefined)?.[0], rule: error.code, message: error.message }];
  }
}
