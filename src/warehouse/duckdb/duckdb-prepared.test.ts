import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedCount, runPrepared } from './duckdb-prepared.js';
import { readMaterialized } from './duckdb-result.js';

describe('prepared statements kept per DuckDB connection', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  const rows = async (sql: string, values: (string | number | null)[]) => readMaterialized(await runPrepared(connection, sql, values)).rows;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run('CREATE TABLE t (id INTEGER PRIMARY KEY, amount DECIMAL(18,2), note VARCHAR)');
    await connection.run("INSERT INTO t VALUES (1, 10.50, 'a'), (2, 20.00, 'b')");
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it('prepares a statement once and runs it with each call’s values', async () => {
    const sql = 'SELECT id, amount FROM t WHERE id = $1';
    expect(await rows(sql, [1])).toEqual([{ id: 1, amount: '10.50' }]);
    const kept = preparedCount(connection);
    expect(await rows(sql, [2])).toEqual([{ id: 2, amount: '20.00' }]);
    // Another type bound to the same parameter is cast as an unprepared run would.
    expect(await rows(sql, ['1'])).toEqual([{ id: 1, amount: '10.50' }]);
    expect(preparedCount(connection)).toBe(kept);
    const update = 'UPDATE t SET amount = CAST($1 AS DECIMAL(18,2)) WHERE id = $2 RETURNING amount';
    expect(await rows(update, ['11.25', 1])).toEqual([{ amount: '11.25' }]);
    expect(await rows(update, ['12.75', 1])).toEqual([{ amount: '12.75' }]);
  });

  it('runs the same statement twice at once, each with its own values', async () => {
    const sql = 'SELECT $1::INTEGER * 2 AS v';
    const results = await Promise.all([1, 2, 3, 4].map((n) => rows(sql, [n])));
    expect(results).toEqual([[{ v: 2 }], [{ v: 4 }], [{ v: 6 }], [{ v: 8 }]]);
  });

  it('sees a table changed since the statement was prepared', async () => {
    const sql = 'SELECT * FROM t WHERE id = $1';
    expect(Object.keys((await rows(sql, [1]))[0]!)).toEqual(['id', 'amount', 'note']);
    await connection.run("ALTER TABLE t ADD COLUMN owner VARCHAR DEFAULT 'x'");
    expect(await rows(sql, [1])).toEqual([{ id: 1, amount: '12.75', note: 'a', owner: 'x' }]);
    await connection.run('DROP TABLE t');
    await connection.run('CREATE TABLE t (id INTEGER PRIMARY KEY, amount DOUBLE, note VARCHAR)');
    await connection.run("INSERT INTO t VALUES (1, 1.5, 'c')");
    expect(await rows(sql, [1])).toEqual([{ id: 1, amount: 1.5, note: 'c' }]);
  });

  it('drops a statement that failed, and runs it again afterwards', async () => {
    const insert = 'INSERT INTO t VALUES ($1, $2, $3)';
    await rows(insert, [5, 1, 'e']);
    const before = preparedCount(connection);
    await expect(rows(insert, [5, 2, 'again'])).rejects.toThrow(/Duplicate key|PRIMARY KEY|constraint/i);
    expect(preparedCount(connection)).toBe(before - 1);
    await rows(insert, [6, 2, 'f']);
    expect(await rows('SELECT count(*)::INTEGER AS n FROM t WHERE id IN ($1, $2)', [5, 6])).toEqual([{ n: 2 }]);
  });

  it('runs several statements in one string unprepared, and keeps at most 256 statements', async () => {
    expect(await rows('SELECT 1 AS a; SELECT $1::INTEGER AS b', [7])).toEqual([{ b: 7 }]);
    for (let i = 0; i < 300; i++) await rows(`SELECT $1::INTEGER + ${i} AS v`, [1]);
    expect(preparedCount(connection)).toBe(256);
    expect(await rows('SELECT $1::INTEGER + 299 AS v', [1])).toEqual([{ v: 300 }]);
  });
});
