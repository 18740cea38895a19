import type { Document, Element } from '@xmldom/xmldom';
import { AppError } from '../../errors/index.js';
import { children, elements, OoxmlPackage } from './ooxml-package.js';
import { type CellRange, parseRange, parseSheetRange, SheetCells, type TypedValue } from './sheet-cells.js';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A place in a workbook a fill can write to: a defined name, or an Excel table's data rows. */
export interface XlsxTarget {
  kind: 'name' | 'table';
  sheet: string;
  /** Worksheet part path. */
  part: string;
  range: CellRange;
}

/** The fillable targets of a workbook template, by name. */
export async function readXlsxTargets(pkg: OoxmlPackage): Promise<Map<string, XlsxTarget>> {
  const workbookPath = await mainPart(pkg);
  const workbook = await pkg.xml(workbookPath);
  const rels = await pkg.relationships(workbookPath);
  const sheets = new Map<string, string>();
  for (const sheet of elements(workbook, 'sheet')) {
    const target = rels.get(sheet.getAttributeNS(REL, 'id') ?? sheet.getAttribute('r:id') ?? '');
    if (target) sheets.set(sheet.getAttribute('name') ?? '', target.target);
  }
  const targets = new Map<string, XlsxTarget>();
  for (const definedName of elements(workbook, 'definedName')) {
    const name = definedName.getAttribute('name') ?? '';
    if (name.startsWith('_xlnm.')) continue; // print areas and the like
    let parsed: ReturnType<typeof parseSheetRange>;
    try {
      parsed = parseSheetRange(definedName.textContent ?? '');
    } catch {
      continue; // constants and formulas are names too, but not places to write
    }
    const part = sheets.get(parsed.sheet);
    if (part) targets.set(name, { kind: 'name', sheet: parsed.sheet, part, range: parsed.range });
  }
  for (const [sheet, part] of sheets) {
    for (const rel of (await pkg.relationships(part)).values()) {
      if (!rel.type.endsWith('/table')) continue;
      const table = (await pkg.xml(rel.target)).documentElement!;
      const range = parseRange(table.getAttribute('ref') ?? '');
      const headerRows = Number(table.getAttribute('headerRowCount') ?? '1');
      const totalsRows = Number(table.getAttribute('totalsRowCount') ?? '0');
      const data = { from: { ...range.from, row: range.from.row + headerRows }, to: { ...range.to, row: range.to.row - totalsRows } };
      for (const key of [table.getAttribute('name'), table.getAttribute('displayName')]) {
        if (key) targets.set(key, { kind: 'table', sheet, part, range: data });
      }
    }
  }
  return targets;
}

/** Rows of typed values for one target. */
export interface XlsxFill {
  target: string;
  rows: TypedValue[][];
}

/**
 * Fills a workbook template: each fill writes its rows into its target from
 * the top-left cell, row by row, and empties the target's remaining cells.
 * Styles, merged cells, formulas, charts, defined names and every other part
 * stay as they were; formula results are dropped and the workbook is set to
 * recalculate fully when opened, so totals and charts follow the new values.
 */
export async function fillXlsxTemplate(template: Uint8Array, fills: readonly XlsxFill[]): Promise<Buffer> {
  const pkg = await OoxmlPackage.open(template, 'template');
  const targets = await readXlsxTargets(pkg);
  const sheets = new Map<string, SheetCells>();
  const sheetOf = async (part: string) => {
    let cells = sheets.get(part);
    if (!cells) sheets.set(part, (cells = new SheetCells(await pkg.xml(part))));
    return cells;
  };
  for (const fill of fills) {
    const target = targets.get(fill.target);
    if (!target) throw new AppError('EXP_TEMPLATE_INVALID', `The template has no defined name or table '${fill.target}'.`, { target: fill.target });
    const height = target.range.to.row - target.range.from.row + 1;
    const width = target.range.to.col - target.range.from.col + 1;
    const widest = Math.max(0, ...fill.rows.map((r) => r.length));
    if (fill.rows.length > height || widest > width) {
      throw new AppError(
        'EXP_TARGET_TOO_SMALL',
        `'${fill.target}' holds ${height} × ${width} cells; the data has ${fill.rows.length} rows × ${widest} columns. Make the range larger in the template.`,
        { target: fill.target, holds: { rows: height, columns: width }, data: { rows: fill.rows.length, columns: widest } },
      );
    }
    const cells = await sheetOf(target.part);
    for (let r = 0; r < height; r += 1) {
      for (let c = 0; c < width; c += 1) {
        cells.set({ row: target.range.from.row + r, col: target.range.from.col + c }, fill.rows[r]?.[c] ?? { kind: 'empty' });
      }
    }
  }
  for (const part of await worksheetParts(pkg)) (await sheetOf(part)).dropFormulaCaches();
  await recalculateOnOpen(pkg);
  return pkg.save();
}

async function mainPart(pkg: OoxmlPackage): Promise<string> {
  for (const rel of (await pkg.relationships('')).values()) if (rel.type.endsWith('/officeDocument')) return rel.target;
  throw new AppError('EXP_TEMPLATE_INVALID', 'The file has no main document part.');
}

async function worksheetParts(pkg: OoxmlPackage): Promise<string[]> {
  const workbookPath = await mainPart(pkg);
  return [...(await pkg.relationships(workbookPath)).values()].filter((r) => r.type.endsWith('/worksheet')).map((r) => r.target);
}

/** `<calcPr fullCalcOnLoad="1"/>`, and no calculation chain (the application rebuilds it). */
async function recalculateOnOpen(pkg: OoxmlPackage): Promise<void> {
  const workbookPath = await mainPart(pkg);
  const workbook: Document = await pkg.xml(workbookPath);
  const root = workbook.documentElement!;
  let calcPr: Element | undefined = children(root, 'calcPr')[0];
  if (!calcPr) {
    calcPr = workbook.createElementNS(root.namespaceURI, 'calcPr');
    // Schema order: calcPr follows definedNames (or sheets) and precedes the rest.
    const after = children(root, 'definedNames')[0] ?? children(root, 'sheets')[0];
    root.insertBefore(calcPr, after?.nextSibling ?? null);
  }
  calcPr.setAttribute('fullCalcOnLoad', '1');
}
