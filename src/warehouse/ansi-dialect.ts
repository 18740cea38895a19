import type { ColumnType } from './column-type.js';
import type { Dialect } from './dialect.js';
import { parseSqlType } from './parse-sql-type.js';
import { sql } from './sql.js';

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The rendering rules DuckDB and PostgreSQL share: double-quoted identifiers,
 * `$n` placeholders, `CAST(… AS type)`, `LIMIT/OFFSET`, `ILIKE`. A dialect
 * that differs builds its own object.
 */
export function ansiDialect(name: string, defaultSchema: string): Dialect {
  return {
    name,
    defaultSchema,
    quoteIdent,
    quoteTable: (qualifiedName) => qualifiedName.split('.').map(quoteIdent).join('.'),
    placeholder: (index) => `$${index}`,
    castParam: (placeholder, type: ColumnType) => `CAST(${placeholder} AS ${type.sql})`,
    parseType: parseSqlType,
    limitOffset: (limit, offset) => sql`LIMIT ${limit} OFFSET ${offset}`,
    containsInsensitive: (text, pattern) => sql`${text} ILIKE '%' || ${pattern} || '%'`,
    textType: 'VARCHAR',
    timestampType: 'TIMESTAMPTZ',
  };
}
