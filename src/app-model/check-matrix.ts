import type { AppConfig, MatrixBlockConfig } from './app-schema.js';
import { ownEntry } from './own-entry.js';
import type { ResolvedTable } from './resolved-types.js';
import { isNumericType } from '../warehouse/column-type.js';

type At = (path: (string | number)[], message: string) => void;

/** What a matrix block names without the warehouse: its table, its axis datasets, three distinct columns. */
export function checkMatrixBlock(block: MatrixBlockConfig, config: AppConfig, path: (string | number)[], at: At): void {
  const table = ownEntry(config.tables, block.table);
  if (!table) return at([...path, 'table'], `'${block.table}' is not a writable table of this app`);
  const named: [string, (string | number)[]][] = [
    [block.value, [...path, 'value']],
    [block.rows.column, [...path, 'rows', 'column']],
    [block.columns.column, [...path, 'columns', 'column']],
  ];
  const seen = new Set<string>();
  for (const [column, at_] of named) {
    if (seen.has(column)) at(at_, `'${column}' is used twice; a matrix needs three different columns: value, rows and columns`);
    seen.add(column);
    if (table.columns && !table.columns.includes(column) && !table.key.includes(column))
      at(at_, `'${column}' is not among the columns of ${block.table} (${table.columns.join(', ')})`);
  }
  if (table.key.includes(block.value)) at([...path, 'value'], `'${block.value}' is part of the key of ${block.table}; the matrix types into a value column`);
  for (const axis of ['rows', 'columns'] as const) {
    const spec = block[axis];
    const axisPath = [...path, axis];
    if (spec.dataset && !Object.hasOwn(config.datasets, spec.dataset)) at([...axisPath, 'dataset'], `'${spec.dataset}' is not a dataset of this app`);
    if (!spec.dataset) {
      const extra = (['key', 'label', 'group'] as const).filter((k) => k in spec && (spec as Record<string, unknown>)[k] !== undefined);
      for (const k of extra) at([...axisPath, k], `${k} names a column of the axis dataset; set dataset too`);
    }
  }
}

/** What needs the catalogue: the axis and value columns exist, and the value column holds numbers. */
export function checkMatrixColumns(block: MatrixBlockConfig, table: ResolvedTable, path: (string | number)[], at: At): void {
  const value = table.columnByName.get(block.value);
  if (value && !isNumericType(value.type)) at([...path, 'value'], `'${block.value}' is ${value.type.sql}; the matrix value column must be numeric`);
  const columns = [
    [block.value, 'value'],
    [block.rows.column, 'rows'],
    [block.columns.column, 'columns'],
  ] as const;
  for (const [column, where] of columns) {
    if (!table.columnByName.has(column)) {
      at(
        where === 'value' ? [...path, 'value'] : [...path, where, 'column'],
        `column '${column}' is not a column of ${table.name} (${table.columns.map((c) => c.name).join(', ')})`,
      );
    }
  }
}
