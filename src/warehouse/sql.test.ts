import { describe, expect, it } from 'vitest';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';
import type { Dialect } from './dialect.js';
import { byDialect, ident, join, nullSafeEquals, raw, renderSql, returningRows, sql, table, typed } from './sql.js';

describe('renderSql', () => {
  it('keeps values out of the text and quotes identifiers', () => {
    const amount = duckdbDialect.parseType('DECIMAL(18,2)');
    const q = sql`UPDATE ${table('main.budget_lines')} SET ${ident('amount')} = ${typed('10.5', amount)} WHERE ${ident('line_id')} = ${7}`;
    expect(renderSql(q, duckdbDialect)).toEqual({
      sql: 'UPDATE "main"."budget_lines" SET "amount" = CAST($1 AS DECIMAL(18,2)) WHERE "line_id" = $2',
      params: ['10.5', 7],
    });
  });

  it("leaves the engine's own spellings to the dialect, numbering parameters through them", () => {
    const q = sql`DELETE FROM ${table('t')} WHERE ${ident('k')} = ${1} AND ${nullSafeEquals(ident('note'), sql`${'old'}`)}${returningRows(ident('k'))}`;
    expect(renderSql(q, duckdbDialect)).toEqual({ sql: 'DELETE FROM "t" WHERE "k" = $1 AND "note" IS NOT DISTINCT FROM $2 RETURNING "k"', params: [1, 'old'] });
    // Another engine spells them its way from the same fragment.
    const other: Dialect = { ...duckdbDialect, placeholder: () => '?', nullSafeEquals: (a, b) => sql`${a} <=> ${b}`, returning: () => raw('') };
    expect(renderSql(q, other)).toEqual({ sql: 'DELETE FROM "t" WHERE "k" = ? AND "note" <=> ?', params: [1, 'old'] });
    expect(
      renderSql(
        byDialect((d) => raw(d.name)),
        duckdbDialect,
      ).sql,
    ).toBe('duckdb');
  });

  it('escapes quotes inside identifiers so names cannot break out', () => {
    expect(renderSql(ident('a"; DROP TABLE x; --'), duckdbDialect).sql).toBe('"a""; DROP TABLE x; --"');
  });

  it('numbers parameters across joined fragments', () => {
    const parts = [sql`a = ${1}`, sql`b = ${'x'}`, raw('TRUE')];
    expect(renderSql(join(parts, ' AND '), duckdbDialect)).toEqual({ sql: 'a = $1 AND b = $2 AND TRUE', params: [1, 'x'] });
  });
});
