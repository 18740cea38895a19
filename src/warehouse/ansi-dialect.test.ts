import { describe, expect, it } from 'vitest';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';
import { postgresDialect } from './postgres/postgres-dialect.js';
import { ident, renderSql, sql, valueAs } from './sql.js';

describe.each([duckdbDialect, postgresDialect])('containsInsensitive on $name', (dialect) => {
  const render = (needle: string) => renderSql(dialect.containsInsensitive(ident('body'), needle), dialect);

  it('binds the needle between wildcards and names the escape character', () => {
    expect(render('north')).toEqual({ sql: `"body" ILIKE $1 ESCAPE '\\'`, params: ['%north%'] });
  });

  it('escapes %, _ and the escape character, so they match themselves', () => {
    expect(render('50%').params).toEqual(['%50\\%%']);
    expect(render('a_b').params).toEqual(['%a\\_b%']);
    expect(render('back\\slash').params).toEqual(['%back\\\\slash%']);
    expect(render(`%_\\'`).params).toEqual([`%\\%\\_\\\\'%`]);
  });
});

describe('table specs as DDL', () => {
  it('renders columns, keys, unique constraints and indexes, quoting every name', () => {
    expect(
      duckdbDialect.createTable({
        schema: 'audit',
        name: 'runs',
        columns: [
          { name: 'id', type: 'text', notNull: true },
          { name: 'seq', type: 'bigint', unique: true },
          { name: 'at', type: 'timestamp', notNull: true },
          { name: 'ok', type: 'boolean' },
        ],
        primaryKey: ['id'],
        unique: [['at', 'ok']],
        indexes: [{ name: 'runs_at', columns: ['at'] }],
      }),
    ).toEqual([
      'CREATE TABLE IF NOT EXISTS "audit"."runs" (\n  "id" VARCHAR NOT NULL,\n  "seq" BIGINT UNIQUE,\n  "at" TIMESTAMPTZ NOT NULL,\n  "ok" BOOLEAN,\n  PRIMARY KEY ("id"),\n  UNIQUE ("at", "ok")\n)',
      'CREATE INDEX IF NOT EXISTS "runs_at" ON "audit"."runs" ("at")',
    ]);
    expect(duckdbDialect.createSchema('a"b')).toBe('CREATE SCHEMA IF NOT EXISTS "a""b"');
  });
});

describe('values cast to a neutral type', () => {
  it('bind the value and cast it to the dialect type', () => {
    expect(renderSql(sql`SELECT ${valueAs('2026-01-01T00:00:00Z', 'timestamp')}, ${valueAs(3, 'integer')}`, postgresDialect)).toEqual({
      sql: 'SELECT CAST($1 AS TIMESTAMPTZ), CAST($2 AS INTEGER)',
      params: ['2026-01-01T00:00:00Z', '3'],
    });
  });
});
