import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../warehouse/duckdb/duckdb-dialect.js';
import { ident, renderSql } from '../../warehouse/sql.js';
import { compileToSql } from './compile-to-sql.js';
import { parseExpression } from './parse-expression.js';

function compile(source: string, user: Record<string, unknown> = {}) {
  const parsed = parseExpression(source, ['row', 'user']);
  if (!parsed.ok) throw new Error(parsed.message);
  return renderSql(compileToSql(parsed.expression.ast, { rowField: (c) => ident(c), values: { user } }), duckdbDialect);
}

describe('compileToSql', () => {
  it('binds user attributes as parameters in an IN list', () => {
    expect(compile('row.entity_id in user.entities', { entities: ['E01', "E02'; --"] })).toEqual({
      sql: '("entity_id" IN ($1, $2))',
      params: ['E01', "E02'; --"],
    });
  });

  it('turns an empty attribute list into a predicate that matches nothing', () => {
    expect(compile('row.entity_id in user.entities', { entities: [] }).sql).toBe('(1 = 0)');
  });

  it('compiles logic, comparisons and null checks', () => {
    expect(compile('row.amount >= 0 && (row.comment != null || !(row.status == "draft"))')).toEqual({
      sql: '(("amount" >= $1) AND (("comment" IS NOT NULL) OR (NOT ("status" = $2))))',
      params: [0, 'draft'],
    });
  });

  it('refuses functions it cannot enforce in SQL', () => {
    expect(() => compile('size(row.comment) > 3')).toThrow(/cannot run in SQL/);
  });

  it('rejects unknown variables at parse time', () => {
    expect(parseExpression('session.id == 1', ['row', 'user'])).toMatchObject({ ok: false, message: expect.stringMatching(/unknown variable 'session'/) });
  });
});
