import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import { ident, renderSql, sql, table, typed, valueAs } from '../sql.js';
import { databricksDialect } from './databricks-dialect.js';

const dialect = databricksDialect({ schema: 'sales', unityCatalog: true });
const type = (name: string) => dialect.parseType(name);
const render = (fragment: ReturnType<typeof sql>) => renderSql(fragment, dialect);

describe('Databricks dialect', () => {
  it('quotes identifiers with backticks, doubling them, and qualified names part by part', () => {
    expect(dialect.quoteIdent('a`b')).toBe('`a``b`');
    expect(dialect.quoteTable('main.sales.orders')).toBe('`main`.`sales`.`orders`');
    expect(dialect.quoteTable('sales.orders')).toBe('`sales`.`orders`');
  });

  it('binds named :pN markers, typed values cast inside SQL', () => {
    const q = render(
      sql`SELECT * FROM ${table('orders')} WHERE ${ident('id')} = ${typed('7', type('BIGINT'))} AND at > ${valueAs('2024-01-01T00:00:00Z', 'timestamp')}`,
    );
    expect(q).toEqual({
      sql: 'SELECT * FROM `orders` WHERE `id` = CAST(:p1 AS BIGINT) AND at > CAST(:p2 AS TIMESTAMP)',
      params: ['7', '2024-01-01T00:00:00Z'],
    });
  });

  it('casts text to complex types the way results hand them out (JSON, base64)', () => {
    expect(dialect.castParam(':p1', type('ARRAY<STRING>'))).toBe("from_json(:p1, 'ARRAY<STRING>')");
    expect(dialect.castParam(':p1', type("STRUCT<`it's`: INT>"))).toBe("from_json(:p1, 'STRUCT<`it\\'s`: INT>')");
    expect(dialect.castParam(':p1', type('VARIANT'))).toBe('parse_json(:p1)');
    expect(dialect.castParam(':p1', type('BINARY'))).toBe('unbase64(:p1)');
    expect(dialect.castParam(':p1', type('VARCHAR(20)'))).toBe('CAST(:p1 AS STRING)');
  });

  it('stages any number of rows as ONE JSON parameter, nulls and quotes intact', () => {
    const columns = [
      { name: 'n', type: type('INT') },
      { name: 'amount', type: type('DECIMAL(18,2)') },
      { name: 'label', type: type('STRING') },
    ];
    const rows = Array.from({ length: 1000 }, (_, i) => [String(i), i % 2 ? null : '1.50', `it's "${i}"`]);
    const q = render(sql`SELECT count(*) FROM ${dialect.stagedRows(columns, rows, 's')}`);
    expect(q.sql).toBe(
      'SELECT count(*) FROM (SELECT CAST(r[0] AS INT) AS `n`, CAST(r[1] AS DECIMAL(18,2)) AS `amount`, CAST(r[2] AS STRING) AS `label` ' +
        "FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s`",
    );
    expect(q.params).toHaveLength(1);
    expect(JSON.parse(q.params[0] as string)).toEqual(rows);
    expect(render(sql`SELECT 1 FROM ${dialect.stagedRows(columns, rows.slice(0, 2), 's')}`).sql).toBe(
      render(sql`SELECT 1 FROM ${dialect.stagedRows(columns, rows.slice(0, 3), 's')}`).sql,
    );
  });

  it('updates and deletes by key with one MERGE each', () => {
    const key = [{ name: 'id', type: type('BIGINT') }];
    const update = render(
      dialect.updateByKey(
        'sales.orders',
        key,
        [
          { name: 'id', type: type('BIGINT') },
          { name: 'note', type: type('STRING') },
        ],
        [['1', '2', null]],
      ),
    );
    expect(update.sql).toBe(
      'MERGE INTO `sales`.`orders` AS `t` USING (SELECT CAST(r[0] AS BIGINT) AS `k0`, CAST(r[1] AS BIGINT) AS `v0`, CAST(r[2] AS STRING) AS `v1` ' +
        "FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` ON `t`.`id` = `s`.`k0` " +
        'WHEN MATCHED THEN UPDATE SET `t`.`id` = `s`.`v0`, `t`.`note` = `s`.`v1`',
    );
    expect(update.params).toEqual(['[["1","2",null]]']);
    const remove = render(dialect.deleteByKey('orders', key, [['1'], ['2']]));
    expect(remove.sql).toBe(
      "MERGE INTO `orders` AS `t` USING (SELECT CAST(r[0] AS BIGINT) AS `k0` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` " +
        'ON `t`.`id` = `s`.`k0` WHEN MATCHED THEN DELETE',
    );
    expect(remove.params).toEqual(['[["1"],["2"]]']);
  });

  it('matches a needle literally and case-insensitively, bound', () => {
    const q = render(sql`SELECT 1 WHERE ${dialect.containsInsensitive(ident('label'), '50%_\\')}`);
    expect(q).toEqual({ sql: 'SELECT 1 WHERE instr(lower(`label`), lower(:p1)) > 0', params: ['50%_\\'] });
  });

  it('spells null-safe equality, paging, text, predicates and time travel', () => {
    expect(render(dialect.nullSafeEquals(ident('a'), sql`${1}`)).sql).toBe('`a` <=> :p1');
    expect(render(dialect.limitOffset(sql`${10}`, sql`${20}`))).toEqual({ sql: 'LIMIT :p1 OFFSET :p2', params: [10, 20] });
    expect(render(dialect.castToText(ident('a'))).sql).toBe('CAST(`a` AS STRING)');
    expect(render(dialect.definitely(sql`a > 1`)).sql).toBe('COALESCE(a > 1, FALSE)');
    expect(render(dialect.flag(sql`a > 1`)).sql).toBe('CAST(a > 1 AS BOOLEAN)');
    expect(render(dialect.tableAsOf!(table('orders'), valueAs('2024-01-01T00:00:00Z', 'timestamp'))).sql).toBe(
      '`orders` TIMESTAMP AS OF CAST(:p1 AS TIMESTAMP)',
    );
  });

  it('refuses RETURNING and ON CONFLICT, which Databricks does not have', () => {
    expect(() => dialect.returning(sql`id`)).toThrow(AppError);
    expect(() => dialect.onConflictDoNothing(['id'])).toThrow(expect.objectContaining({ code: 'DRV_UNSUPPORTED' }));
  });

  it('creates Delta tables idempotently, the primary key informational and NOT NULL', () => {
    const spec = {
      schema: 'audit',
      name: 'changesets',
      columns: [
        { name: 'id', type: 'text' as const },
        { name: 'at', type: 'timestamp' as const, notNull: true },
        { name: 'n', type: 'bigint' as const, unique: true },
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'by_at', columns: ['at'] }],
    };
    expect(dialect.createTable(spec)).toEqual([
      'CREATE TABLE IF NOT EXISTS `audit`.`changesets` (\n  `id` STRING NOT NULL,\n  `at` TIMESTAMP NOT NULL,\n  `n` BIGINT,\n' +
        '  CONSTRAINT `changesets_pk` PRIMARY KEY (`id`)\n) USING DELTA',
    ]);
    expect(databricksDialect({ schema: 'default', unityCatalog: false }).createTable(spec)[0]).not.toContain('PRIMARY KEY');
    expect(dialect.createSchema('audit')).toBe('CREATE SCHEMA IF NOT EXISTS `audit`');
    expect(['text', 'integer', 'bigint', 'double', 'boolean', 'timestamp'].map((t) => dialect.typeName(t as 'text'))).toEqual([
      'STRING',
      'INT',
      'BIGINT',
      'DOUBLE',
      'BOOLEAN',
      'TIMESTAMP',
    ]);
  });
});
