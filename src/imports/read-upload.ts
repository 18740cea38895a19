import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AppError } from '../errors/index.js';
import { assertInflatesWithinLimits } from '../exports/ooxml/ooxml-package.js';

/** The largest upload accepted, in bytes. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** One raw cell as the file holds it. */
export type RawCell =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: Date }
  /** A formula: imports take values, not formulas (its cached result is kept to show). */
  | { kind: 'formula'; formula: string; result: unknown }
  | { kind: 'error'; value: string };

/** A sheet as rows of cells: `header` holds the header row, `rows` the rest with their sheet row numbers. */
export interface UploadedSheet {
  sheet: string;
  header: string[];
  rows: { sheetRow: number; cells: RawCell[] }[];
}

/** Reads an uploaded .xlsx (first sheet, or `sheet`) or CSV into header and rows; bad files get coded 4xx errors. */
export async function readUpload(data: Buffer, fileName: string, sheet?: string): Promise<UploadedSheet> {
  if (data.length > IMPORT_MAX_BYTES) {
    throw new AppError('IMP_TOO_LARGE', `The file is larger than ${IMPORT_MAX_BYTES / 2 ** 20} MiB.`, { limit: IMPORT_MAX_BYTES });
  }
  if (data.length === 0) throw new AppError('IMP_UNREADABLE', 'The file is empty.');
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  const isOle = data[0] === 0xd0 && data[1] === 0xcf;
  if (isOle) throw new AppError('IMP_ENCRYPTED', `${fileName} is password-protected (or an old .xls file); save it as an .xlsx workbook without a password.`);
  if (isZip) return readWorkbook(data, fileName, sheet);
  if (/\.xlsx?$/i.test(fileName)) throw new AppError('IMP_UNREADABLE', `${fileName} is not a workbook: it could not be opened as .xlsx.`);
  return readCsv(data, fileName);
}

async function readWorkbook(data: Buffer, fileName: string, sheetName?: string): Promise<UploadedSheet> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data, { checkCRC32: false });
  } catch {
    throw new AppError('IMP_UNREADABLE', `${fileName} is not a workbook: it is a damaged zip file.`);
  }
  await assertInflatesWithinLimits(zip, 'file');
  if (!zip.file('xl/workbook.xml')) throw new AppError('IMP_UNREADABLE', `${fileName} is not an Excel workbook (.xlsx).`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMP_UNREADABLE', `${fileName} could not be read as a workbook.`);
  }
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets.find((ws) => ws.state !== 'hidden' && ws.rowCount > 0);
  if (!sheet)
    throw new AppError('IMP_UNREADABLE', sheetName ? `${fileName} has no sheet '${sheetName}'.` : `${fileName} has no sheet with data.`, { sheet: sheetName });
  const rows: { sheetRow: number; cells: RawCell[] }[] = [];
  let header: string[] | undefined;
  sheet.eachRow({ includeEmpty: false }, (row, sheetRow) => {
    const cells: RawCell[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(rawCell(row.getCell(c).value));
    if (!header)
      header = cells.map((cell) => (cell.kind === 'empty' ? '' : cell.kind === 'text' ? cell.value.trim() : String('value' in cell ? cell.value : '')));
    else rows.push({ sheetRow, cells });
  });
  if (!header) throw new AppError('IMP_UNREADABLE', `The sheet ${sheet.name} of ${fileName} is empty.`);
  return { sheet: sheet.name, header, rows };
}

function rawCell(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined || value === '') return { kind: 'empty' };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') return { kind: 'text', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) return { kind: 'date', value };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const f = value as { formula?: string; sharedFormula?: string; result?: unknown };
      return { kind: 'formula', formula: f.formula ?? f.sharedFormula ?? '', result: f.result ?? null };
    }
    if ('richText' in value) return { kind: 'text', value: value.richText.map((r) => r.text).join('') };
    if ('text' in value && typeof value.text === 'string') return { kind: 'text', value: value.text };
    if ('error' in value) return { kind: 'error', value: String(value.error) };
  }
  return { kind: 'text', value: String(value) };
}

function readCsv(data: Buffer, fileName: string): UploadedSheet {
  const text = data.toString('utf8');
  if (text.includes('\u0000')) throw new AppError('IMP_UNREADABLE', `${fileName} is neither a workbook (.xlsx) nor a CSV text file.`);
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new AppError('IMP_UNREADABLE', `${fileName} is not valid CSV: ${(error as Error).message.split('\n')[0]}`);
  }
  const [header, ...rest] = records;
  if (!header) throw new AppError('IMP_UNREADABLE', `${fileName} is empty.`);
  return {
    sheet: fileName,
    header: header.map((h) => h.trim()),
    rows: rest.map((cells, i) => ({ sheetRow: i + 2, cells: cells.map((value): RawCell => (value === '' ? { kind: 'empty' } : { kind: 'text', value })) })),
  };
}
