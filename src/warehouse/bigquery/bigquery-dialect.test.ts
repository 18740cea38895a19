import { describe, expect, it } from 'vitest';
import { ident, renderSql, sql, table, typed } from '../sql.js';
import { bigqueryDialect } from './bigquery-dialect.js';

const d = bigqueryDialect('sales');
const t = d.parseType;
const render = (fragment: ReturnType<typeof sql>) => renderSql(fragment, d);

describe('BigQuery dialect', () => {
  it('quotes identifiers with backticks, escaping backticks and backslashes as GoogleSQL does', () => {
    expect(d.quoteIdent('order')).toBe('`order`');
    expect(d.quoteIdent('a`b\\c')).toBe('`a\\`b\\\\c`');
    expect(d.quoteTable('acme-1.sales.orders')).toBe('`acme-1`.`sales`.`orders`');
    expect(d.quoteTable('sales.orders')).toBe('`sales`.`orders`');
  });

  it('binds @pN placeholders and casts typed text to BigQuery types (JSON parsed, bytes from base64)', () => {
    const q = render(sql`SELECT ${typed('1', t('BIGINT'))}, ${typed('x', t('VARCHAR(20)'))}, ${typed('{}', t('JSON'))}, ${typed('AA==', t('BYTES'))}`);
    expect(q.sql).toBe('SELECT CAST(@p1 AS INT64), CAST(@p2 AS STRING), PARSE_JSON(@p3), FROM_BASE64(@p4)');
    expect(q.params).toEqual(['1', 'x', '{}', 'AA==']);
  });

  it('stages any number of rows in ONE JSON text parameter, each cell cast to its column type', () => {
    const columns = [
      { name: 'id', type: t('INT64') },
      { name: 'amount', type: t('NUMERIC(18, 2)') },
    ];
    const few = render(d.stagedRows(columns, [['1', '2.50']], 's'));
    const many = render(
      d.stagedRows(
        columns,
        Array.from({ length: 1000 }, (_, i) => [String(i), null]),
        's',
      ),
    );
    expect(few.sql).toBe(
      "(SELECT CAST(JSON_VALUE(`r`, '$[0]') AS INT64) AS `id`, CAST(JSON_VALUE(`r`, '$[1]') AS NUMERIC(18,2)) AS `amount` FROM UNNEST(JSON_QUERY_ARRAY(@p1)) AS `r`) AS `s`",
    );
    expect(many.sql).toBe(few.sql);
    expect(few.params).toEqual(['[["1","2.50"]]']);
    expect(JSON.parse(String(many.params[0]))).toHaveLength(1000);
  });

  it('updates and deletes by key with ONE MERGE each', () => {
    const key = [{ name: 'id', type: t('INT64') }];
    const update = render(d.updateByKey('sales.orders', key, [{ name: 'id', type: t('INT64') }], [['1', '2']]));
    expect(update.sql).toBe(
      "MERGE `sales`.`orders` AS `t` USING (SELECT CAST(JSON_VALUE(`r`, '$[0]') AS INT64) AS `k0`, CAST(JSON_VALUE(`r`, '$[1]') AS INT64) AS `v0` FROM UNNEST(JSON_QUERY_ARRAY(@p1)) AS `r`) AS `s` ON `t`.`id` = `s`.`k0` WHEN MATCHED THEN UPDATE SET `id` = `s`.`v0`",
    );
    const remove = render(d.deleteByKey('sales.orders', key, [['1']]));
    expect(remove.sql).toBe(
      "MERGE `sales`.`orders` AS `t` USING (SELECT CAST(JSON_VALUE(`r`, '$[0]') AS INT64) AS `k0` FROM UNNEST(JSON_QUERY_ARRAY(@p1)) AS `r`) AS `s` ON `t`.`id` = `s`.`k0` WHEN MATCHED THEN DELETE",
    );
    expect(remove.params).toEqual(['[["1"]]']);
  });

  it('searches text literally, binding the needle', () => {
    const q = render(d.containsInsensitive(ident('label'), '50%_off\\'));
    expect(q.sql).toBe('STRPOS(LOWER(`label`), LOWER(@p1)) > 0');
    expect(q.params).toEqual(['50%_off\\']);
  });

  it('spells predicates, paging and text with GoogleSQL names', () => {
    expect(render(d.castToText(ident('a'))).sql).toBe('CAST(`a` AS STRING)');
    expect(render(d.flag(sql`${ident('a')} > 1`)).sql).toBe('CAST(`a` > 1 AS BOOL)');
    expect(render(d.definitely(sql`${ident('a')} = 1`)).sql).toBe('COALESCE(`a` = 1, FALSE)');
    expect(render(d.nullSafeEquals(ident('a'), ident('b'))).sql).toBe('`a` IS NOT DISTINCT FROM `b`');
    const page = render(d.limitOffset(sql`${50}`, sql`${100}`));
    expect(page).toEqual({ sql: 'LIMIT @p1 OFFSET @p2', params: [50, 100] });
    expect(render(d.tableAsOf!(table('sales.orders'), typed('2026-01-01T00:00:00Z', t('TIMESTAMP')))).sql).toBe(
      '`sales`.`orders` FOR SYSTEM_TIME AS OF CAST(@p1 AS TIMESTAMP)',
    );
  });

  it('has no RETURNING and no ON CONFLICT', () => {
    expect(() => d.returning(sql`id`)).toThrow(expect.objectContaining({ code: 'DRV_UNSUPPORTED' }));
    expect(() => d.onConflictDoNothing(['id'])).toThrow(expect.objectContaining({ code: 'DRV_UNSUPPORTED' }));
  });

  it('creates schemas and tables idempotently, keys NOT ENFORCED, without unique constraints or indexes', () => {
    expect(d.createSchema('audit')).toBe('CREATE SCHEMA IF NOT EXISTS `audit`');
    const ddl = d.createTable({
      schema: 'audit',
      name: 'cells',
      columns: [
        { name: 'id', type: 'text', notNull: true },
        { name: 'n', type: 'bigint', unique: true },
        { name: 'at', type: 'timestamp' },
      ],
      primaryKey: ['id'],
      unique: [['n', 'at']],
      indexes: [{ name: 'cells_at', columns: ['at'] }],
    });
    expect(ddl).toEqual([
      'CREATE TABLE IF NOT EXISTS `audit`.`cells` (\n  `id` STRING NOT NULL,\n  `n` INT64,\n  `at` TIMESTAMP,\n  PRIMARY KEY (`id`) NOT ENFORCED\n)',
    ]);
    expect([d.typeName('text'), d.typeName('integer'), d.typeName('double'), d.typeName('boolean'), d.textType, d.timestampType]).toEqual([
      'STRING',
      'INT64',
      'FLOAT64',
      'BOOL',
      'STRING',
      'TIMESTAMP',
    ]);
  });
});
