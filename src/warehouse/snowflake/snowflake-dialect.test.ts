import { describe, expect, it } from 'vitest';
import { renderSql, sql, table, valueAs } from '../sql.js';
import { snowflakeDialect } from './snowflake-dialect.js';

const dialect = snowflakeDialect('PUBLIC');
const int = dialect.parseType('NUMBER(38,0)');
const money = dialect.parseType('NUMBER(10,2)');
const json = dialect.parseType('VARIANT');

describe('Snowflake dialect', () => {
  it('stages any number of rows in ONE bound JSON text, unpacked by FLATTEN and cast per column', () => {
    const columns = [
      { name: 'id', type: int },
      { name: 'price', type: money },
      { name: 'attrs', type: json },
    ];
    const one = renderSql(dialect.stagedRows(columns, [['1', '9.5', '{"a":1}']], 'c'), dialect);
    const many = renderSql(
      dialect.stagedRows(
        columns,
        Array.from({ length: 1000 }, (_, i) => [String(i), null, null]),
        'c',
      ),
      dialect,
    );
    expect(one.sql).toBe(
      '(SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS NUMBER(38,0)) AS "id", CAST(AS_VARCHAR("f".VALUE[1]) AS NUMBER(10,2)) AS "price", ' +
        'PARSE_JSON(AS_VARCHAR("f".VALUE[2])) AS "attrs" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "c"',
    );
    expect(one.params).toEqual([JSON.stringify([['1', '9.5', '{"a":1}']])]);
    expect(many.sql).toBe(one.sql);
    expect(many.params).toHaveLength(1);
    expect(JSON.parse(many.params[0] as string)[999]).toEqual(['999', null, null]);
  });

  it('updates by key with UPDATE … FROM and deletes by key with MERGE … DELETE, one statement each', () => {
    const update = renderSql(dialect.updateByKey('SALES.orders', [{ name: 'id', type: int }], [{ name: 'id', type: int }], [['1', '2']]), dialect);
    expect(update.sql).toBe(
      'UPDATE "SALES"."orders" AS "t" SET "id" = "s"."v0" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS NUMBER(38,0)) AS "k0", ' +
        'CAST(AS_VARCHAR("f".VALUE[1]) AS NUMBER(38,0)) AS "v0" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" WHERE "t"."id" = "s"."k0"',
    );
    expect(update.params).toEqual(['[["1","2"]]']);
    const remove = renderSql(dialect.deleteByKey('orders', [{ name: 'id', type: int }], [['7']]), dialect);
    expect(remove.sql).toMatch(/^MERGE INTO "orders" AS "t" USING \(SELECT .* AS "s" ON "t"\."id" = "s"\."k0" WHEN MATCHED THEN DELETE$/);
  });

  it('binds positional ? in order, and parses JSON parameters of semi-structured columns', () => {
    const q = renderSql(sql`SELECT * FROM ${table('t')} WHERE a = ${1} AND b = ${valueAs('2024-01-01T00:00:00Z', 'timestamp')}`, dialect);
    expect(q).toEqual({ sql: 'SELECT * FROM "t" WHERE a = ? AND b = CAST(? AS TIMESTAMP_TZ)', params: [1, '2024-01-01T00:00:00Z'] });
    expect(dialect.castParam('?', dialect.parseType('OBJECT'))).toBe('PARSE_JSON(?)::OBJECT');
  });

  it('matches a needle literally: wildcards are bound text, not a pattern', () => {
    const q = renderSql(dialect.containsInsensitive(sql`"name"`, '50%_off\\'), dialect);
    expect(q).toEqual({ sql: 'CONTAINS(LOWER("name"), LOWER(?))', params: ['50%_off\\'] });
  });

  it('refuses RETURNING and ON CONFLICT, which Snowflake does not have', () => {
    expect(() => dialect.returning(sql`"id"`)).toThrow(expect.objectContaining({ code: 'DRV_UNSUPPORTED' }));
    expect(() => dialect.onConflictDoNothing(['id'])).toThrow(expect.objectContaining({ code: 'DRV_UNSUPPORTED' }));
  });

  it('reads a table as of a past instant with Time Travel', () => {
    const q = renderSql(dialect.tableAsOf!(sql`"t"`, valueAs('2024-05-01T10:00:00Z', 'timestamp')), dialect);
    expect(q.sql).toBe('"t" AT(TIMESTAMP => CAST(? AS TIMESTAMP_TZ))');
  });

  it('writes idempotent DDL with Snowflake types; quoted names keep their case', () => {
    expect(dialect.createSchema('audit')).toBe('CREATE SCHEMA IF NOT EXISTS "audit"');
    const [ddl, ...rest] = dialect.createTable({
      schema: 'audit',
      name: 'cells',
      columns: [
        { name: 'id', type: 'bigint', notNull: true },
        { name: 'at', type: 'timestamp' },
        { name: 'ok', type: 'boolean' },
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'cells_at', columns: ['at'] }],
    });
    expect(ddl).toBe('CREATE TABLE IF NOT EXISTS "audit"."cells" (\n  "id" BIGINT NOT NULL,\n  "at" TIMESTAMP_TZ,\n  "ok" BOOLEAN,\n  PRIMARY KEY ("id")\n)');
    expect(rest).toEqual([]);
    expect(dialect.quoteTable('My "x".t')).toBe('"My ""x"""."t"');
  });
});
