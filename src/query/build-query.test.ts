import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../warehouse/column-type.js';
import type { Dialect } from '../warehouse/dialect.js';
import { duckdbDialect } from '../warehouse/duckdb/duckdb-dialect.js';
import { postgresDialect } from '../warehouse/postgres/postgres-dialect.js';
import { raw, renderSql } from '../warehouse/sql.js';
import { buildPagedQuery } from './build-query.js';
import { queryRequestSchema } from './query-request-schema.js';

const DIALECTS: Dialect[] = [duckdbDialect, postgresDialect];

function columns(dialect: Dialect): Map<string, ColumnType> {
  return new Map([
    ['line_id', dialect.parseType('INTEGER')],
    ['entity_id', dialect.parseType('VARCHAR')],
    ['amount', dialect.parseType('DECIMAL(18,2)')],
    ['comment', dialect.parseType('VARCHAR')],
  ]);
}

const SOURCE = raw('SELECT * FROM budget_lines');

describe.each(DIALECTS)('buildPagedQuery ($name)', (dialect) => {
  it('searches the named columns as text, ANDed with the filters, in the page and the summary alike', () => {
    const request = queryRequestSchema.parse({
      filters: [{ column: 'entity_id', op: 'eq', value: 'E01' }],
      search: { text: 'board', columns: ['comment', 'line_id'] },
      sort: [{ column: 'amount', direction: 'desc' }],
      limit: 100,
      offset: 200,
      withTotal: true,
      aggregates: [
        { column: 'amount', fn: 'sum' },
        { column: 'comment', fn: 'count' },
      ],
    });
    const { page, summary } = buildPagedQuery(SOURCE, columns(dialect), request);
    const where =
      'WHERE "entity_id" = CAST($1 AS VARCHAR) AND (CAST("comment" AS VARCHAR) ILIKE $2 ESCAPE \'\\\' OR CAST("line_id" AS VARCHAR) ILIKE $3 ESCAPE \'\\\')';
    expect(renderSql(page, dialect)).toEqual({
      sql: `SELECT * FROM (SELECT * FROM budget_lines) AS "q" ${where} ORDER BY "amount" DESC NULLS LAST LIMIT $4 OFFSET $5`,
      params: ['E01', '%board%', '%board%', 100, 200],
    });
    expect(renderSql(summary, dialect)).toEqual({
      sql: `SELECT count(*) AS "n", SUM("amount") AS "a0", COUNT("comment") AS "a1" FROM (SELECT * FROM budget_lines) AS "q" ${where}`,
      params: ['E01', '%board%', '%board%'],
    });
  });

  it('searches every column when none are named', () => {
    const request = queryRequestSchema.parse({ search: { text: '12' } });
    const { summary } = buildPagedQuery(SOURCE, columns(dialect), request);
    expect(renderSql(summary, dialect).sql).toBe(
      'SELECT count(*) AS "n" FROM (SELECT * FROM budget_lines) AS "q" WHERE (' +
        `CAST("line_id" AS VARCHAR) ILIKE $1 ESCAPE '\\' OR CAST("entity_id" AS VARCHAR) ILIKE $2 ESCAPE '\\' OR ` +
        `CAST("amount" AS VARCHAR) ILIKE $3 ESCAPE '\\' OR CAST("comment" AS VARCHAR) ILIKE $4 ESCAPE '\\')`,
    );
  });

  it('refuses unknown columns and a sum of text', () => {
    expect(() => buildPagedQuery(SOURCE, columns(dialect), queryRequestSchema.parse({ search: { text: 'x', columns: ['nope'] } }))).toThrow(
      expect.objectContaining({ code: 'QRY_UNKNOWN_COLUMN' }),
    );
    expect(() => buildPagedQuery(SOURCE, columns(dialect), queryRequestSchema.parse({ aggregates: [{ column: 'comment', fn: 'sum' }] }))).toThrow(
      expect.objectContaining({ code: 'QRY_INVALID_AGGREGATE' }),
    );
  });
});
