import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/index.js';
import { PostgresDriver } from '../../src/warehouse/postgres/postgres-driver.js';
import { ident, sql, table, typed } from '../../src/warehouse/sql.js';
import { WriteBatcher, type BatchableWrite } from '../../src/writeback/write-batcher.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

/** Group commit on a real PostgreSQL server: independent writes share statements without sharing fate. */
let db: TestDatabase;
let driver: PostgresDriver;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.admin.query(`CREATE TABLE cells (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);
    INSERT INTO cells SELECT i, 0 FROM generate_series(1, 200) i;
    CREATE TABLE log (id INTEGER PRIMARY KEY, cell INTEGER NOT NULL)`);
  driver = await PostgresDriver.connect({ host: db.host, port: db.port, database: db.database, user: db.user });
});
afterAll(async () => {
  await driver?.close();
  await db?.drop();
});

/** Sets cell `id` from `from` to `to` and logs it under `logId` (a duplicate `logId` makes the write fail). */
function setCell(id: number, from: number, to: number, logId = id): BatchableWrite {
  return {
    batchKey: 'cells',
    rowKey: String(id),
    build(prefix) {
      const changed = `${prefix}changed`;
      return {
        result: changed,
        ctes: sql`${ident(changed)} AS (UPDATE ${table('cells')} SET v = ${typed(to, driver.dialect.parseType('INTEGER'))}
            WHERE id = ${typed(id, driver.dialect.parseType('INTEGER'))} AND v = ${typed(from, driver.dialect.parseType('INTEGER'))} RETURNING id, v),
          ${ident(`${prefix}logged`)} AS (INSERT INTO ${table('log')} (id, cell) SELECT ${typed(logId, driver.dialect.parseType('INTEGER'))}, id FROM ${ident(changed)})`,
      };
    },
  };
}
const values = async (ids: number[]) => (await db.admin.query('SELECT id, v FROM cells WHERE id = ANY($1) ORDER BY id', [ids])).rows.map((r) => [r.id, r.v]);

describe('write batcher (group commit) on PostgreSQL', () => {
  it('sends a lone write at once, and concurrent writes to other rows together', async () => {
    const batcher = new WriteBatcher(driver);
    expect(await batcher.run(setCell(1, 0, 1))).toEqual({ id: 1, v: 1 });
    expect(batcher.stats).toEqual({ statements: 1, writes: 1 });
    const ids = Array.from({ length: 40 }, (_, i) => 10 + i);
    const rows = await Promise.all(ids.map((id) => batcher.run(setCell(id, 0, id))));
    expect(rows).toEqual(ids.map((id) => ({ id, v: id })));
    expect(batcher.stats.writes).toBe(41);
    // The first goes alone; the rest queue behind it and share statements.
    expect(batcher.stats.statements).toBeLessThan(20);
    expect(await values(ids)).toEqual(ids.map((id) => [id, id]));
    expect(Number((await db.admin.query('SELECT count(*) AS n FROM log WHERE id BETWEEN 10 AND 49')).rows[0].n)).toBe(40);
  });

  it("lets each write's guard decide for itself, and never puts two writes of one row in one statement", async () => {
    const batcher = new WriteBatcher(driver);
    // 60 stale, 61 fresh; then three writes of row 62 in a row, each expecting the previous one's value.
    const results = await Promise.all([
      batcher.run(setCell(60, 5, 6)),
      batcher.run(setCell(61, 0, 6)),
      batcher.run(setCell(62, 0, 1, 1062)),
      batcher.run(setCell(62, 1, 2, 2062)),
      batcher.run(setCell(62, 2, 3, 3062)),
    ]);
    expect(results).toEqual([undefined, { id: 61, v: 6 }, { id: 62, v: 1 }, { id: 62, v: 2 }, { id: 62, v: 3 }]);
    expect(await values([60, 61, 62])).toEqual([
      [60, 0],
      [61, 6],
      [62, 3],
    ]);
    expect((await db.admin.query('SELECT id FROM log WHERE cell = 62 ORDER BY id')).rows.map((r) => r.id)).toEqual([1062, 2062, 3062]);
  });

  it('fails only the write that broke a shared statement; the others apply', async () => {
    const batcher = new WriteBatcher(driver);
    await batcher.run(setCell(70, 0, 1, 7000));
    const outcomes = await Promise.allSettled([
      batcher.run(setCell(71, 0, 1)),
      batcher.run(setCell(72, 0, 1)),
      // Its log id is taken: the INSERT part fails with a unique violation.
      batcher.run(setCell(73, 0, 1, 7000)),
      batcher.run(setCell(74, 0, 1)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const failure = (outcomes[2] as PromiseRejectedResult).reason;
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('DRV_UNIQUE_VIOLATION');
    expect(await values([71, 72, 73, 74])).toEqual([
      [71, 1],
      [72, 1],
      [73, 0],
      [74, 1],
    ]);
  });

  it('does not let a write waiting on a row lock hold up the writes queued behind it', async () => {
    const batcher = new WriteBatcher(driver);
    const holder = await db.admin.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM cells WHERE id = 80 FOR UPDATE');
      const blocked = batcher.run(setCell(80, 0, 1));
      await new Promise((resolve) => setTimeout(resolve, 30));
      const started = Date.now();
      expect(await batcher.run(setCell(81, 0, 1))).toEqual({ id: 81, v: 1 });
      expect(Date.now() - started).toBeLessThan(1000);
      await holder.query('COMMIT');
      expect(await blocked).toEqual({ id: 80, v: 1 });
    } finally {
      holder.release();
    }
  });
});
