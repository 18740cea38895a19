import { describe, expect, it } from 'vitest';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';
import { ident, join, raw, renderSql, sql, table, typed } from './sql.js';

describe('renderSql', () => {
  it('keeps values out of the text and quotes identifiers', () => {
    const amount = duckdbDialect.parseType('DECIMAL(18,2)');
    const q = sql`UPDATE ${table('main.budget_lines')} SET ${ident('amount')} = ${typed('10.5', amount)} WHERE ${ident('line_id')} = ${7}`;
    expect(renderSql(q, duckdbDialect)).toEqual({
      sql: 'UPDATE "main"."budget_lines" SET "amount" = CAST($1 AS DECIMAL(18,2)) WHERE "line_id" = $2',
      params: ['10.5', 7],
    });
  });

  it('escapes quotes inside identifiers so names cannot break out', () => {
    expect(renderSql(ident('a"; DROP TABLE x; --'), duckdbDialect).sql).toBe('"a""; DROP TABLE x; --"');
  });

  it('numbers parameters across joined fragments', () => {
    const parts = [sql`a = ${1}`, sql`b = ${'x'}`, raw('TRUE')];
    expect(renderSql(join(parts, ' AND '), duckdbDialect)).toEqual({ sql: 'a = $1 AND b = $2 AND TRUE', params: [1, 'x'] });
  });
});
