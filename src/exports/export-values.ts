import type { ExportFillConfig } from '../app-model/export-schema.js';
import { AppError } from '../errors/index.js';
import type { ColumnType } from '../warehouse/column-type.js';
import type { Dialect } from '../warehouse/dialect.js';
import type { ChartData } from './ooxml/pptx-template.js';
import { excelSerial, type TypedValue } from './ooxml/sheet-cells.js';

/** A dataset result as a fill reads it: columns with their types, rows as returned. */
export interface FillData {
  columns: { name: string; type: ColumnType }[];
  rows: Record<string, unknown>[];
}

export function fillData(result: { columns: { name: string; type: string }[]; rows: Record<string, unknown>[] }, dialect: Dialect): FillData {
  return { columns: result.columns.map((c) => ({ name: c.name, type: dialect.parseType(c.type) })), rows: result.rows };
}

/** The columns a fill writes, in order; an unknown name is a 422 naming the dataset's columns. */
export function selectedColumns(fill: ExportFillConfig, data: FillData): FillData['columns'] {
  const wanted = fill.columns ?? (fill.column ? [fill.column] : data.columns.map((c) => c.name));
  return wanted.map((name) => {
    const column = data.columns.find((c) => c.name === name);
    if (!column) {
      throw new AppError(
        'EXP_TEMPLATE_INVALID',
        `Fill '${fill.target}': dataset ${fill.dataset} has no column '${name}' (it has ${data.columns.map((c) => c.name).join(', ')}).`,
        {
          target: fill.target,
        },
      );
    }
    return column;
  });
}

/** One cell value typed for a workbook: numbers as numbers, dates as Excel dates, text as text. */
export function typedValue(value: unknown, type: ColumnType): TypedValue {
  if (value === null || value === undefined || value === '') return { kind: 'empty' };
  switch (type.kind) {
    case 'integer':
    case 'decimal':
    case 'float': {
      const n = Number(value);
      return Number.isFinite(n) ? { kind: 'number', value: n } : { kind: 'string', value: String(value) };
    }
    case 'boolean':
      return { kind: 'boolean', value: value === true || value === 'true' };
    case 'date':
    case 'timestamp': {
      const serial = excelSerial(String(value));
      return Number.isFinite(serial) ? { kind: 'date', value: serial } : { kind: 'string', value: String(value) };
    }
    default:
      return { kind: 'string', value: String(value) };
  }
}

export function workbookRows(fill: ExportFillConfig, data: FillData): TypedValue[][] {
  const columns = selectedColumns(fill, data);
  const rows = fill.column ? data.rows.slice(0, 1) : data.rows;
  return rows.map((row) => columns.map((c) => typedValue(row[c.name], c.type)));
}

const FORMATS: Record<string, Intl.NumberFormat> = {
  number: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
  integer: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
  currency: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
  percent: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }),
};

/** A value as text for a deck, in the fill's format. */
export function textValue(value: unknown, type: ColumnType, format: ExportFillConfig['format']): string {
  if (value === null || value === undefined) return '';
  const numeric = type.kind === 'integer' || type.kind === 'decimal' || type.kind === 'float';
  if (numeric && format && format !== 'text') {
    const n = Number(value);
    if (Number.isFinite(n)) return FORMATS[format]!.format(n);
  }
  return String(value);
}

export function textRows(fill: ExportFillConfig, data: FillData): string[][] {
  const columns = selectedColumns(fill, data);
  return data.rows.map((row) => columns.map((c) => textValue(row[c.name], c.type, fill.format)));
}

/** Chart data: the first selected column names the categories, each further column is a series (named by its column). */
export function chartData(fill: ExportFillConfig, data: FillData): ChartData {
  const [category, ...series] = selectedColumns(fill, data);
  if (!category || series.length === 0) {
    throw new AppError('EXP_TEMPLATE_INVALID', `Fill '${fill.target}': a chart needs a category column and at least one value column.`, {
      target: fill.target,
    });
  }
  return {
    categories: data.rows.map((row) => textValue(row[category.name], category.type, 'text')),
    series: series.map((c) => ({
      values: data.rows.map((row) => {
        const n = row[c.name] === null || row[c.name] === undefined ? Number.NaN : Number(row[c.name]);
        return Number.isFinite(n) ? n : null;
      }),
    })),
  };
}
