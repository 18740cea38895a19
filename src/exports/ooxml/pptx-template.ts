import type { Document, Element } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors/index.js';
import { children, elements, OoxmlPackage } from './ooxml-package.js';
import { formatCellRef } from './sheet-cells.js';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** What a deck template offers to fill: text placeholders `{{name}}`, and named tables and charts. */
export interface PptxTargets {
  placeholders: Set<string>;
  tables: Set<string>;
  charts: Map<string, { series: number }>;
}

export interface ChartData {
  categories: string[];
  series: { name?: string; values: (number | null)[] }[];
}

export interface PptxFills {
  /** Text for each `{{name}}`. */
  text: Map<string, string>;
  /** Body rows (cell texts) for each named table; its first row is the header and stays. */
  tables: Map<string, string[][]>;
  charts: Map<string, ChartData>;
}

export async function readPptxTargets(pkg: OoxmlPackage): Promise<PptxTargets> {
  const targets: PptxTargets = { placeholders: new Set(), tables: new Set(), charts: new Map() };
  for (const slide of await slideParts(pkg)) {
    const doc = await pkg.xml(slide);
    for (const paragraph of elements(doc, 'p')) {
      for (const match of paragraphText(paragraph).matchAll(PLACEHOLDER)) targets.placeholders.add(match[1]!);
    }
    for (const frame of elements(doc, 'graphicFrame')) {
      const name = frameName(frame);
      if (!name) continue;
      if (elements(frame, 'tbl').length) targets.tables.add(name);
      const chart = await chartPartOf(pkg, slide, frame);
      if (chart) targets.charts.set(name, { series: elements(await pkg.xml(chart), 'ser').length });
    }
  }
  return targets;
}

/**
 * Fills a deck template: placeholders in any text, rows of named tables
 * (each new row formatted like the template's first body row), and the data
 * of named native charts (their caches and their embedded workbook, so the
 * chart stays editable in PowerPoint). Everything else stays as it was.
 */
export async function fillPptxTemplate(template: Uint8Array, fills: PptxFills): Promise<Buffer> {
  const pkg = await OoxmlPackage.open(template, 'template');
  for (const slide of await slideParts(pkg)) {
    const doc = await pkg.xml(slide);
    for (const paragraph of elements(doc, 'p')) replacePlaceholders(paragraph, fills.text);
    for (const frame of elements(doc, 'graphicFrame')) {
      const name = frameName(frame);
      if (!name) continue;
      const rows = fills.tables.get(name);
      if (rows) fillTable(doc, frame, name, rows);
      const data = fills.charts.get(name);
      const chart = data && (await chartPartOf(pkg, slide, frame));
      if (data && chart) await fillChart(pkg, chart, name, data);
    }
  }
  return pkg.save();
}

async function slideParts(pkg: OoxmlPackage): Promise<string[]> {
  const presentation = [...(await pkg.relationships('')).values()].find((r) => r.type.endsWith('/officeDocument'));
  if (!presentation) throw new AppError('EXP_TEMPLATE_INVALID', 'The deck has no presentation part.');
  const rels = await pkg.relationships(presentation.target);
  const doc = await pkg.xml(presentation.target);
  // Slide order is the order of sldId entries, not of file names.
  return elements(doc, 'sldId')
    .map((id) => rels.get(id.getAttributeNS(REL, 'id') ?? id.getAttribute('r:id') ?? '')?.target)
    .filter((t): t is string => Boolean(t));
}

function frameName(frame: Element): string | undefined {
  return elements(frame, 'cNvPr')[0]?.getAttribute('name') ?? undefined;
}

async function chartPartOf(pkg: OoxmlPackage, slide: string, frame: Element): Promise<string | undefined> {
  const chart = elements(frame, 'chart')[0];
  const id = chart?.getAttributeNS(REL, 'id') ?? chart?.getAttribute('r:id');
  return id ? (await pkg.relationships(slide)).get(id)?.target : undefined;
}

function paragraphText(paragraph: Element): string {
  return elements(paragraph, 't')
    .map((t) => t.textContent ?? '')
    .join('');
}

/** Replaces `{{name}}` in a paragraph; a placeholder split over runs is joined into the run where it starts. */
function replacePlaceholders(paragraph: Element, text: ReadonlyMap<string, string>): void {
  const runs = elements(paragraph, 't');
  if (!paragraphText(paragraph).includes('{{')) return;
  const replace = (s: string) => s.replace(PLACEHOLDER, (whole, name: string) => text.get(name) ?? whole);
  const intact = runs.every((t) => {
    const own = t.textContent ?? '';
    return (own.match(/\{\{/g)?.length ?? 0) === (own.match(/\}\}/g)?.length ?? 0);
  });
  if (intact) {
    for (const t of runs) setText(t, replace(t.textContent ?? ''));
    return;
  }
  // A placeholder spans runs: the paragraph keeps the first run's formatting.
  setText(runs[0]!, replace(paragraphText(paragraph)));
  for (const t of runs.slice(1)) setText(t, '');
}

function setText(el: Element, value: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(el.ownerDocument!.createTextNode(value));
}

/** Keeps the header row, writes one row per data row (cloned from the first body row), and resizes the frame. */
function fillTable(doc: Document, frame: Element, name: string, rows: string[][]): void {
  const table = elements(frame, 'tbl')[0]!;
  const existing = children(table, 'tr');
  if (existing.length < 2) throw new AppError('EXP_TEMPLATE_INVALID', `Table '${name}' needs a header row and one body row to copy.`);
  const [header, model] = existing as [Element, Element];
  const width = children(model, 'tc').length;
  const widest = Math.max(0, ...rows.map((r) => r.length));
  if (widest > width) {
    throw new AppError('EXP_TARGET_TOO_SMALL', `Table '${name}' has ${width} columns; the data has ${widest}.`, {
      target: name,
      holds: { columns: width },
      data: { columns: widest },
    });
  }
  for (const row of existing.slice(1)) table.removeChild(row);
  for (const values of rows) {
    const row = model.cloneNode(true) as Element;
    children(row, 'tc').forEach((cell, i) => setCellText(doc, cell, values[i] ?? ''));
    table.appendChild(row);
  }
  const height = (row: Element) => Number(row.getAttribute('h') ?? '0');
  const ext = elements(frame, 'ext').find((e) => e.parentNode && (e.parentNode as Element).localName === 'xfrm');
  if (ext) ext.setAttribute('cy', String(height(header) + rows.length * height(model)));
}

function setCellText(doc: Document, cell: Element, value: string): void {
  const paragraph = elements(cell, 'p')[0];
  if (!paragraph) return;
  const runs = children(paragraph, 'r');
  if (runs.length === 0) {
    const ns = paragraph.namespaceURI;
    const run = doc.createElementNS(ns, 'a:r');
    const props = children(paragraph, 'endParaRPr')[0];
    if (props) {
      const rPr = doc.createElementNS(ns, 'a:rPr');
      for (let i = 0; i < props.attributes.length; i += 1) rPr.setAttribute(props.attributes.item(i)!.name, props.attributes.item(i)!.value);
      for (let node = props.firstChild; node; node = node.nextSibling) rPr.appendChild(node.cloneNode(true));
      run.appendChild(rPr);
    }
    const t = doc.createElementNS(ns, 'a:t');
    run.appendChild(t);
    paragraph.insertBefore(run, props ?? null);
    setText(t, value);
    return;
  }
  setText(elements(runs[0]!, 't')[0]!, value);
  for (const extra of runs.slice(1)) paragraph.removeChild(extra);
}

/** New categories and values for every series: the chart's caches, its formulas' extent and its embedded workbook. */
async function fillChart(pkg: OoxmlPackage, part: string, name: string, data: ChartData): Promise<void> {
  const doc = await pkg.xml(part);
  const series = elements(doc, 'ser');
  if (series.length !== data.series.length) {
    throw new AppError('EXP_TARGET_TOO_SMALL', `Chart '${name}' has ${series.length} series; the data has ${data.series.length}.`, {
      target: name,
      holds: { series: series.length },
      data: { series: data.series.length },
    });
  }
  const n = data.categories.length;
  series.forEach((ser, i) => {
    const given = data.series[i]!;
    const tx = children(ser, 'tx')[0];
    if (given.name !== undefined && tx) {
      for (const v of elements(tx, 'v')) setText(v, given.name);
    }
    const cat = children(ser, 'cat')[0];
    if (cat) writeCache(doc, cat, data.categories);
    const val = children(ser, 'val')[0];
    if (val)
      writeCache(
        doc,
        val,
        given.values.map((v) => (v === null ? null : String(v))),
      );
    // Sheet1!$B$2:$B$13 → rows 2 … n + 1, so the embedded workbook and the chart agree.
    for (const f of elements(ser, 'f'))
      setText(
        f,
        (f.textContent ?? '').replace(/(\$[A-Z]+\$)(\d+)(:\$[A-Z]+\$)(\d+)/, (_, a, from, b) => `${a}${from}${b}${Number(from) + n - 1}`),
      );
  });
  const embedded = [...(await pkg.relationships(part)).values()].find((r) => r.type.endsWith('/package'));
  if (embedded) pkg.setBytes(embedded.target, await fillEmbeddedWorkbook(await pkg.bytes(embedded.target), data));
}

/** Rebuilds the point cache under a `c:cat` or `c:val` (string, number or multi-level string cache). */
function writeCache(doc: Document, holder: Element, values: (string | null)[]): void {
  const caches = [...elements(holder, 'lvl'), ...elements(holder, 'strCache'), ...elements(holder, 'numCache')].filter(
    (cache) => !(cache.localName !== 'lvl' && elements(cache, 'lvl').length),
  );
  for (const cache of caches) {
    for (const pt of children(cache, 'pt')) cache.removeChild(pt);
    const count = children(cache, 'ptCount')[0] ?? elements(cache.parentNode as Element, 'ptCount')[0];
    count?.setAttribute('val', String(values.length));
    values.forEach((value, idx) => {
      if (value === null) return;
      const pt = doc.createElementNS(cache.namespaceURI, `${cache.prefix ? `${cache.prefix}:` : ''}pt`);
      pt.setAttribute('idx', String(idx));
      const v = doc.createElementNS(cache.namespaceURI, `${cache.prefix ? `${cache.prefix}:` : ''}v`);
      v.appendChild(doc.createTextNode(value));
      pt.appendChild(v);
      cache.appendChild(pt);
    });
  }
}

/** The chart's own data sheet: categories in column A, one column per series, names in row 1. */
async function fillEmbeddedWorkbook(data: Uint8Array, chart: ChartData): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return data;
  const lastRow = Math.max(ws.rowCount, chart.categories.length + 1);
  for (let r = 2; r <= lastRow; r += 1) for (let c = 1; c <= chart.series.length + 1; c += 1) ws.getCell(formatCellRef({ row: r, col: c - 1 })).value = null;
  chart.series.forEach((s, i) => {
    if (s.name !== undefined) ws.getCell(formatCellRef({ row: 1, col: i + 1 })).value = s.name;
  });
  chart.categories.forEach((category, r) => {
    ws.getCell(formatCellRef({ row: r + 2, col: 0 })).value = category;
    chart.series.forEach((s, i) => {
      ws.getCell(formatCellRef({ row: r + 2, col: i + 1 })).value = s.values[r] ?? null;
    });
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
