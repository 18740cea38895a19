import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMaterialized } from './duckdb-result.js';

describe('reading a materialized DuckDB result at once', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  /** What the chunk-by-chunk reader gives for the same statement. */
  const readerRows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson();

  it('gives the rows and columns the result reader gives, over many chunks', async () => {
    // range() counts in BIGINT, which comes back as text like every big integer.
    const sql = `SELECT i AS id, CAST(i / 100 AS DECIMAL(18,2)) AS amount, DATE '2026-01-01' + CAST(i % 28 AS INTEGER) AS day,
                 CAST(i AS BIGINT) * 1000000000000 AS big, CASE WHEN i % 3 = 0 THEN NULL ELSE 'n' || i END AS note,
                 [i, i + 1] AS pair, {'k': i} AS rec, i % 2 = 0 AS even
                 FROM range(5000) t(i) ORDER BY i`;
    const result = readMaterialized(await connection.run(sql));
    expect(result.rows).toHaveLength(5000);
    expect(result.rows).toEqual(await readerRows(sql));
    expect(result.columns.map((c) => c.name)).toEqual(['id', 'amount', 'day', 'big', 'note', 'pair', 'rec', 'even']);
    expect(result.columns.find((c) => c.name === 'amount')!.type).toBe('DECIMAL(18,2)');
    expect(result.rows[3]).toMatchObject({ id: '3', amount: '0.03', day: '2026-01-04', note: null, even: false });
  });

  it('keeps columns of the same name apart as the reader does', async () => {
    const sql = 'SELECT 1 AS a, 2 AS a, 3 AS b';
    const result = readMaterialized(await connection.run(sql));
    expect(result.rows).toEqual(await readerRows(sql));
    expect(Object.keys(result.rows[0]!)).toHaveLength(3);
  });

  it('gives no rows and the columns of an empty answer, and nothing for a statement without one', async () => {
    const empty = readMaterialized(await connection.run('SELECT 1 AS x WHERE false'));
    expect(empty).toEqual({ columns: [{ name: 'x', type: 'INTEGER' }], rows: [] });
    await connection.run('CREATE TABLE t (id INTEGER)');
    const insert = readMaterialized(await connection.run('INSERT INTO t VALUES (1), (2)'));
    expect(insert.rows).toEqual(await readerRows('SELECT 2::BIGINT AS "Count"'));
  });
});
