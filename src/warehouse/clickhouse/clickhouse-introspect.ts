import type { Catalog, CatalogTable } from '../catalog.js';
import type { SqlRunner } from '../driver.js';
import { unwrapClickhouseType } from './clickhouse-types.js';

const SYSTEM_DATABASES = ['system', 'INFORMATION_SCHEMA', 'information_schema'];

/**
 * Reads tables and columns of every user database (a ClickHouse database is
 * a schema). The primary key is the table's primary key expression when it
 * names plain columns; ClickHouse does not enforce it.
 */
/**
 * Rows are updated in place by lightweight UPDATE and DELETE, which need a
 * MergeTree table that keeps block numbers and offsets; others are named
 * with the settings to add.
 */
function inPlace(engine: string, definition: string): { notWritable?: string } {
  if (!engine.endsWith('MergeTree'))
    return engine === 'View' || engine === 'MaterializedView' ? {} : { notWritable: `${engine} tables are not updated in place; use a MergeTree table` };
  const needs = ['enable_block_number_column', 'enable_block_offset_column'].filter((name) => !new RegExp(`${name} = (1|true)`, 'i').test(definition));
  return needs.length
    ? {
        notWritable: `lightweight updates need ${needs.map((n) => `${n} = 1`).join(' and ')}: ALTER TABLE … MODIFY SETTING ${needs.map((n) => `${n} = 1`).join(', ')}`,
      }
    : {};
}

export async function introspectClickhouse(runner: SqlRunner): Promise<Catalog> {
  const notSystem = `database NOT IN (${SYSTEM_DATABASES.map((d) => `'${d}'`).join(', ')})`;
  const tables = await runner.query(
    `SELECT database, name, primary_key, engine, engine_full FROM system.tables WHERE ${notSystem} AND NOT is_temporary ORDER BY database, name`,
  );
  const columns = await runner.query(
    `SELECT database, table, name, type, default_kind, default_expression FROM system.columns WHERE ${notSystem} ORDER BY database, table, position`,
  );
  const found = new Map<string, CatalogTable & { keyText: string }>();
  for (const row of tables.rows) {
    found.set(`${row.database}.${row.name}`, {
      schema: String(row.database),
      name: String(row.name),
      columns: [],
      primaryKey: [],
      keyText: String(row.primary_key ?? ''),
      ...inPlace(String(row.engine), String(row.engine_full ?? '')),
    });
  }
  for (const row of columns.rows) {
    const table = found.get(`${row.database}.${row.table}`);
    if (!table) continue;
    const { inner, nullable } = unwrapClickhouseType(String(row.type));
    const kind = String(row.default_kind ?? '');
    // No sequences here: a constant default on an integer column is where Roundtrip starts numbering new rows.
    const start = kind === 'DEFAULT' && /^U?Int\d+$/.test(inner) ? /^-?\d+$/.exec(String(row.default_expression ?? '').trim())?.[0] : undefined;
    table.columns.push({
      name: String(row.name),
      type: String(row.type),
      nullable,
      hasDefault: kind !== '',
      ...(start === undefined ? {} : { numberFrom: Number(start) }),
    });
  }
  return {
    tables: [...found.values()].map(({ keyText, ...table }) => {
      const names = new Set(table.columns.map((c) => c.name));
      // `(a, b)`, `a, b` or `a`: plain column names only (an expression key has no row identity to write by).
      const key = keyText
        .replace(/^\((.*)\)$/s, '$1')
        .split(',')
        .map((part) => part.trim().replace(/^`(.*)`$|^"(.*)"$/, '$1$2'))
        .filter(Boolean);
      return { ...table, primaryKey: key.every((k) => names.has(k)) ? key : [] };
    }),
  };
}
