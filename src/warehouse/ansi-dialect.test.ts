import { describe, expect, it } from 'vitest';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';
import { postgresDialect } from './postgres/postgres-dialect.js';
import { ident, renderSql } from './sql.js';

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
