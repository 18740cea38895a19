import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import { ALWAYS, definitely, flag, ident, nullSafeEquals, renderSql, sql, table } from '../sql.js';
import { sqlserverDialect } from './sqlserver-dialect.js';

const dialect = sqlserverDialect('dbo');
const type = (name: string) => dialect.parseType(name);
const render = (fragment: Parameters<typeof renderSql>[0]) => renderSql(fragment, dialect);

describe('sqlserverDialect', () => {
  it('quotes identifiers with brackets, doubling ]', () => {
    expect(dialect.quoteIdent('a]b')).toBe('[a]]b]');
    expect(dialect.quoteTable('sales.order lines')).toBe('[sales].[order lines]');
    expect(render(sql`SELECT ${ident('x')} FROM ${table('dbo.t')} WHERE a = ${5}`)).toEqual({ sql: 'SELECT [x] FROM [dbo].[t] WHERE a = @p1', params: [5] });
  });

  it('stages every row in one JSON parameter, text through OPENJSON so long values survive', () => {
    const long = 'x'.repeat(5000);
    const q = render(
      sql`SELECT * FROM ${dialect.stagedRows(
        [
          { name: 'id', type: type('INT') },
          { name: 'note', type: type('NVARCHAR(MAX)') },
        ],
        [
          ['1', long],
          ['2', null],
        ],
        'staged',
      )}`,
    );
    expect(q.sql).toBe(
      "SELECT * FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [id], " +
        "CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'1') AS NVARCHAR(MAX)) AS [note] FROM OPENJSON(@p1) AS r) AS [staged]",
    );
    expect(q.params).toEqual([
      JSON.stringify([
        ['1', long],
        ['2', null],
      ]),
    ]);
  });

  it('keeps one parameter however many rows are staged', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [String(i)]);
    expect(render(dialect.stagedRows([{ name: 'id', type: type('BIGINT') }], rows, 's')).params).toHaveLength(1);
  });

  it('updates by key with UPDATE … FROM over the staged rows', () => {
    const q = render(
      dialect.updateByKey('dbo.orders', [{ name: 'id', type: type('INT') }], [{ name: 'amount', type: type('DECIMAL(18,2)') }], [['7', '2.50']]),
    );
    expect(q.sql).toBe(
      "UPDATE [t] SET [amount] = [s].[v0] FROM [dbo].[orders] AS [t], (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [k0], " +
        "CAST(JSON_VALUE(r.[value], N'$[1]') AS DECIMAL(18,2)) AS [v0] FROM OPENJSON(@p1) AS r) AS [s] WHERE [t].[id] = [s].[k0]",
    );
    expect(q.params).toEqual(['[["7","2.50"]]']);
  });

  it('deletes by key with EXISTS over the staged keys', () => {
    const q = render(dialect.deleteByKey('dbo.orders', [{ name: 'id', type: type('INT') }], [['7']]));
    expect(q.sql).toBe(
      "DELETE FROM [dbo].[orders] WHERE EXISTS (SELECT 1 FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [k0] FROM OPENJSON(@p1) AS r) AS [s] WHERE [dbo].[orders].[id] = [s].[k0])",
    );
  });

  it('spells predicates without a boolean type', () => {
    const q = render(sql`SELECT ${flag(sql`a > ${1}`)} AS f WHERE ${definitely(nullSafeEquals(ident('a'), ident('b')))} AND ${ALWAYS}`);
    expect(q.sql).toBe(
      'SELECT CAST(CASE WHEN a > @p1 THEN 1 ELSE 0 END AS BIT) AS f WHERE (CASE WHEN ([a] = [b] OR ([a] IS NULL AND [b] IS NULL)) THEN 1 ELSE 0 END = 1) AND (1 = 1)',
    );
    expect(dialect.alwaysFalse).toBe('(1 = 0)');
    expect(dialect.booleanValue(true)).toBe('1');
  });

  it('sorts NULLs last and matches row values without row-value IN', () => {
    expect(render(dialect.orderTerm!(ident('a'), false)).sql).toBe('CASE WHEN [a] IS NULL THEN 1 ELSE 0 END, [a] ASC');
    expect(render(dialect.orderTerm!(ident('a'), true)).sql).toBe('[a] DESC');
    expect(render(dialect.tupleIn!([ident('a'), sql`${1}`], sql`SELECT x, y FROM ${table('dbo.locks')}`))).toEqual({
      sql: 'EXISTS (SELECT 1 FROM (SELECT x, y FROM [dbo].[locks]) AS [rt_in]([c0], [c1]) WHERE [rt_in].[c0] = [a] AND [rt_in].[c1] = @p1)',
      params: [1],
    });
    expect(render(dialect.tupleIn!([ident('a')], sql`SELECT x FROM t`)).sql).toBe('[a] IN (SELECT x FROM t)');
  });

  it('pages with OFFSET … FETCH, offset first, after an ORDER BY', () => {
    expect(dialect.pagingNeedsOrder).toBe(true);
    expect(render(dialect.limitOffset(sql`${10}`, sql`${20}`))).toEqual({ sql: 'OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY', params: [20, 10] });
  });

  it('searches a needle literally, bound', () => {
    const q = render(dialect.containsInsensitive(ident('name'), '50%_[x]'));
    expect(q).toEqual({ sql: 'CHARINDEX(LOWER(@p1), LOWER([name])) > 0', params: ['50%_[x]'] });
    expect(render(dialect.containsInsensitive(ident('name'), '')).sql).toBe('[name] IS NOT NULL');
  });

  it('refuses RETURNING and ON CONFLICT', () => {
    expect(() => dialect.returning(sql`*`)).toThrowError(AppError);
    expect(() => dialect.onConflictDoNothing(['id'])).toThrow(/ON CONFLICT/);
  });

  it('creates schemas and tables only when missing, bounding indexed text', () => {
    expect(dialect.createSchema("rt's")).toBe("IF SCHEMA_ID(N'rt''s') IS NULL EXEC(N'CREATE SCHEMA [rt''s]')");
    expect(
      dialect.createTable({
        schema: 'roundtrip',
        name: 'audit',
        columns: [
          { name: 'id', type: 'text' },
          { name: 'at', type: 'timestamp', notNull: true },
          { name: 'body', type: 'text' },
          { name: 'ok', type: 'boolean' },
        ],
        primaryKey: ['id'],
        indexes: [{ name: 'audit_at', columns: ['at'] }],
      }),
    ).toEqual([
      "IF OBJECT_ID(N'[roundtrip].[audit]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip].[audit] ([id] NVARCHAR(450) NOT NULL, [at] DATETIMEOFFSET(6) NOT NULL, [body] NVARCHAR(MAX), [ok] BIT, PRIMARY KEY ([id]))')",
      "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'audit_at' AND object_id = OBJECT_ID(N'[roundtrip].[audit]')) EXEC(N'CREATE INDEX [audit_at] ON [roundtrip].[audit] ([at])')",
    ]);
  });

  it('keeps uniqueness over columns that may be NULL in a filtered unique index (one NULL is no duplicate)', () => {
    const statements = dialect.createTable({
      schema: 'a',
      name: 'changesets',
      columns: [
        { name: 'id', type: 'text', notNull: true },
        { name: 'user_id', type: 'text', notNull: true },
        { name: 'idempotency_key', type: 'text' },
        { name: 'seq', type: 'bigint', unique: true },
        { name: 'code', type: 'text', notNull: true, unique: true },
      ],
      primaryKey: ['id'],
      unique: [['user_id', 'idempotency_key']],
    });
    expect(statements).toEqual([
      "IF OBJECT_ID(N'[a].[changesets]', N'U') IS NULL EXEC(N'CREATE TABLE [a].[changesets] ([id] NVARCHAR(450) NOT NULL, [user_id] NVARCHAR(450) NOT NULL, [idempotency_key] NVARCHAR(450), [seq] BIGINT, [code] NVARCHAR(450) NOT NULL, PRIMARY KEY ([id]), UNIQUE ([code]))')",
      "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'changesets_seq_key' AND object_id = OBJECT_ID(N'[a].[changesets]')) EXEC(N'CREATE UNIQUE INDEX [changesets_seq_key] ON [a].[changesets] ([seq]) WHERE [seq] IS NOT NULL')",
      "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'changesets_user_id_idempotency_key_key' AND object_id = OBJECT_ID(N'[a].[changesets]')) EXEC(N'CREATE UNIQUE INDEX [changesets_user_id_idempotency_key_key] ON [a].[changesets] ([user_id], [idempotency_key]) WHERE [idempotency_key] IS NOT NULL')",
    ]);
  });

  it('casts typed parameters and reads tables as of a time', () => {
    expect(dialect.castParam('@p1', type('DATETIMEOFFSET(6)'))).toBe('CAST(@p1 AS DATETIMEOFFSET(6))');
    // A type another engine named: never T-SQL's VARCHAR(30) default.
    expect(dialect.castParam('@p1', { kind: 'string', sql: 'VARCHAR' })).toBe('CAST(@p1 AS NVARCHAR(MAX))');
    expect(render(dialect.tableAsOf!(table('dbo.t'), sql`${'2024-01-01T00:00:00Z'}`)).sql).toBe(
      "[dbo].[t] FOR SYSTEM_TIME AS OF CAST(SWITCHOFFSET(@p1, '+00:00') AS DATETIME2)",
    );
  });
});
