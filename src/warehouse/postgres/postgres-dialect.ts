import type { ColumnType } from '../column-type.js';
import type { Dialect } from '../dialect.js';
import { parseSqlType } from '../parse-sql-type.js';
import { sql } from '../sql.js';

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  defaultSchema: 'public',
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
