import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import { findCatalogTable } from '../catalog.js';
import type { WarehouseDriver } from '../driver.js';
import { ident, renderSql, returningRows, sql, table, typed } from '../sql.js';

export type ConformanceCase =
  | 'types'
  | 'binding'
  | 'injection'
  | 'rollback'
  | 'commit-failure'
  | 'conflict'
  | 'introspection'
  | 'cancellation'
  | 'returning'
  | 'prepared'
  | 'prepared-schema-change'
  | 'writable-ctes'
  | 'staged-rows'
  | 'by-key'
  | 'stream'
  | 'shared-locks';

export interface ConformanceOptions {
  name: string;
  createDriver: () => Promise<WarehouseDriver>;
  /** A statement that runs for many seconds in this warehouse (for the cancellation case). */
  slowQuery: string;
  /**
   * The engine's DDL for the suite's table, where it differs from the ANSI
   * text (e.g. a table engine, or a key declared apart from its column).
   */
  fixture?: {
    /** Creates the suite's table `name` (quoted) with the columns the cases use. */
    createTable(name: string): string;
    /** Changes the type of `column` (quoted) of table `name` (quoted) to a text type. */
    changeColumnToText(name: string, column: string): string;
  };
  /** Cases this driver cannot pass, each with the reason (printed in the test name). */
  skip?: { cases: ConformanceCase[]; reason: string }[];
}

const ANSI_FIXTURE: NonNullable<ConformanceOptions['fixture']> = {
  createTable: (name) => `CREATE TABLE ${name} (
        id INTEGER PRIMARY KEY, big BIGINT, amount DECIMAL(18,2), ratio DOUBLE PRECISION,
        label VARCHAR(200), flag BOOLEAN, day DATE, happened_at TIMESTAMP WITH TIME ZONE, note VARCHAR NOT NULL DEFAULT '')`,
  changeColumnToText: (name, column) => `ALTER TABLE ${name} ALTER COLUMN ${column} TYPE VARCHAR(20)`,
};

const INJECTIONS = ["'; DROP TABLE conformance; --", "x' OR '1'='1", 'Robert"); DELETE FROM t; --', '$1', "\\'", '💥 naïve ☃'];

/**
 * One suite every driver must pass, against a real instance started by the
 * test run. A driver that cannot be reached fails here; it is never skipped.
 */
export function runConformance(options: ConformanceOptions): void {
  const skipped = new Map<ConformanceCase, string>();
  for (const entry of options.skip ?? []) for (const c of entry.cases) skipped.set(c, entry.reason);
  const tableName = `conformance_${randomBytes(4).toString('hex')}`;
  let driver: WarehouseDriver;

  const test = (name: ConformanceCase, title: string, body: () => Promise<void>) => {
    const reason = skipped.get(name);
    if (reason) it.skip(`${title} (skipped: ${reason})`, body);
    else it(title, body, 30_000);
  };
  const run = (fragment: ReturnType<typeof sql>) => {
    const { sql: text, params } = renderSql(fragment, driver.dialect);
    return driver.query(text, params);
  };
  const t = () => table(tableName);
  const fixture = options.fixture ?? ANSI_FIXTURE;
  const type = (name: string) => driver.dialect.parseType(name);

  describe(`warehouse conformance: ${options.name}`, () => {
    beforeAll(async () => {
      driver = await options.createDriver();
      await driver.query(fixture.createTable(driver.dialect.quoteIdent(tableName)));
    });
    afterAll(async () => {
      await driver?.query(`DROP TABLE IF EXISTS ${driver.dialect.quoteIdent(tableName)}`).catch(() => undefined);
      await driver?.close();
    });

    test('types', 'round-trips every supported type as JSON-safe values', async () => {
      await run(sql`INSERT INTO ${t()} (id, big, amount, ratio, label, flag, day, happened_at) VALUES (${typed('1', type('INTEGER'))},
        ${typed('9007199254740993', type('BIGINT'))}, ${typed('12345678.91', type('DECIMAL(18,2)'))}, ${typed('0.25', type('DOUBLE PRECISION'))},
        ${typed('ünïcode', type('VARCHAR'))}, ${typed('true', type('BOOLEAN'))}, ${typed('2026-02-28', type('DATE'))},
        ${typed('2026-02-28T10:11:12Z', type('TIMESTAMP WITH TIME ZONE'))})`);
      const { rows } = await run(
        sql`SELECT id, big, amount, ratio, label, flag, day, CAST(happened_at AS VARCHAR) AS happened_at FROM ${t()} WHERE id = ${typed('1', type('INTEGER'))}`,
      );
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(Number(row.id)).toBe(1);
      expect(String(row.big)).toBe('9007199254740993');
      expect(String(row.amount)).toBe('12345678.91');
      expect(Number(row.ratio)).toBe(0.25);
      expect(row.label).toBe('ünïcode');
      expect(row.flag).toBe(true);
      expect(String(row.day)).toBe('2026-02-28');
      expect(String(row.happened_at)).toMatch(/^2026-02-28 10:11:12(\+00(:00)?)?$/);
    });

    test('binding', 'binds NULL and typed parameters without interpolation', async () => {
      await run(sql`INSERT INTO ${t()} (id, label) VALUES (${typed('2', type('INTEGER'))}, ${typed(null, type('VARCHAR'))})`);
      const { rows } = await run(
        sql`SELECT ${ident('label')} FROM ${t()} WHERE id = ${typed(2, type('INTEGER'))} AND label IS NOT DISTINCT FROM ${typed(null, type('VARCHAR'))}`,
      );
      expect(rows).toEqual([{ label: null }]);
      // Project SQL files open with comments: the statement still answers with its rows.
      const commented = await driver.query(
        `-- a dataset file's heading\n/* and a block */\nSELECT label FROM ${driver.dialect.quoteIdent(tableName)} WHERE id = 2`,
      );
      expect(commented.rows).toEqual([{ label: null }]);
    });

    test('injection', 'stores injection strings verbatim and leaves the table intact', async () => {
      let id = 100;
      for (const text of INJECTIONS) {
        id += 1;
        await run(sql`INSERT INTO ${t()} (id, label) VALUES (${typed(String(id), type('INTEGER'))}, ${typed(text, type('VARCHAR'))})`);
        const { rows } = await run(sql`SELECT label FROM ${t()} WHERE label = ${typed(text, type('VARCHAR'))}`);
        expect(rows).toEqual([{ label: text }]);
      }
      const quoted = renderSql(sql`SELECT 1 AS ${ident('a"b')}`, driver.dialect);
      expect((await driver.query(quoted.sql, quoted.params)).columns[0]?.name).toBe('a"b');
      expect((await run(sql`SELECT count(*) AS n FROM ${t()} WHERE id > 100`)).rows[0]?.n).toSatisfy((n) => Number(n) === INJECTIONS.length);
    });

    test('rollback', 'rolls back every statement when the work throws', async () => {
      await expect(
        driver.transaction(async (tx) => {
          const q = renderSql(sql`INSERT INTO ${t()} (id, label) VALUES (${typed('3', type('INTEGER'))}, ${typed('temp', type('VARCHAR'))})`, driver.dialect);
          await tx.query(q.sql, q.params);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect((await run(sql`SELECT id FROM ${t()} WHERE id = ${typed('3', type('INTEGER'))}`)).rows).toEqual([]);
    });

    test('commit-failure', 'reports a duplicate key as DRV_UNIQUE_VIOLATION and keeps nothing of the transaction', async () => {
      const attempt = driver.transaction(async (tx) => {
        for (const id of ['4', '1']) {
          const q = renderSql(sql`INSERT INTO ${t()} (id, label) VALUES (${typed(id, type('INTEGER'))}, ${typed('dup', type('VARCHAR'))})`, driver.dialect);
          await tx.query(q.sql, q.params);
        }
      });
      await expect(attempt).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'DRV_UNIQUE_VIOLATION');
      expect((await run(sql`SELECT id FROM ${t()} WHERE id = ${typed('4', type('INTEGER'))}`)).rows).toEqual([]);
    });

    test('conflict', 'lets exactly one of two concurrent guarded updates of one cell win, never both', async () => {
      await run(sql`INSERT INTO ${t()} (id, amount) VALUES (${typed('5', type('INTEGER'))}, ${typed('10', type('DECIMAL(18,2)'))})`);
      const dec = type('DECIMAL(18,2)');
      // Each attempt reports how many rows its guarded UPDATE changed; both start before either commits.
      const guarded = (value: string) =>
        driver.transaction(async (tx) => {
          const q = renderSql(
            sql`UPDATE ${t()} SET amount = ${typed(value, dec)} WHERE id = ${typed('5', type('INTEGER'))} AND amount IS NOT DISTINCT FROM ${typed('10', dec)} RETURNING id`,
            driver.dialect,
          );
          const { rows } = await tx.query(q.sql, q.params);
          await new Promise((r) => setTimeout(r, 50));
          return { value, changed: rows.length };
        });
      const results = await Promise.allSettled([guarded('11'), guarded('12')]);
      const final = String((await run(sql`SELECT amount FROM ${t()} WHERE id = ${typed('5', type('INTEGER'))}`)).rows[0]?.amount);
      const won = results.flatMap((r) => (r.status === 'fulfilled' && r.value.changed === 1 ? [r.value.value] : []));
      // Exactly one committed a change, and it is the value that stayed: no lost update.
      expect(won).toHaveLength(1);
      expect(final).toBe(`${won[0]}.00`);
      // The other failed with a conflict, or its guard matched no row (it saw the winner's value).
      for (const result of results) {
        if (result.status === 'rejected') expect((result.reason as AppError).code).toBe('DRV_TRANSACTION_CONFLICT');
        else if (result.value.value !== won[0]) expect(result.value.changed).toBe(0);
      }
    });

    test('returning', 'returns changed rows from UPDATE … RETURNING', async () => {
      await run(sql`INSERT INTO ${t()} (id, amount) VALUES (${typed('6', type('INTEGER'))}, ${typed('1', type('DECIMAL(18,2)'))})`);
      const { rows } = await run(
        sql`UPDATE ${t()} SET amount = ${typed('2.5', type('DECIMAL(18,2)'))} WHERE id = ${typed('6', type('INTEGER'))} RETURNING id, amount`,
      );
      expect(rows.map((r) => String(r.amount))).toEqual(['2.50']);
    });

    test('prepared', 'runs a statement kept prepared (prepare: true) again and again with other values', async () => {
      // With RETURNING where the engine has it: the write and its answer are one prepared statement.
      const returning = driver.capabilities.supportsReturning ? returningRows(sql`id, label`) : sql``;
      const text = renderSql(
        sql`INSERT INTO ${t()} (id, label) VALUES (${typed('0', type('INTEGER'))}, ${typed('', type('VARCHAR'))})${returning}`,
        driver.dialect,
      ).sql;
      for (let i = 0; i < 12; i += 1) {
        const { rows } = await driver.query(text, [String(500 + i), `label ${i}`], { prepare: true });
        if (driver.capabilities.supportsReturning) expect(rows.map((r) => [Number(r.id), r.label])).toEqual([[500 + i, `label ${i}`]]);
      }
      const { rows } = await driver.query(`SELECT count(*) AS n FROM ${driver.dialect.quoteIdent(tableName)} WHERE id BETWEEN 500 AND 511`);
      expect(Number(rows[0]!.n)).toBe(12);
    });

    test('prepared-schema-change', 'runs a prepared statement again after ALTER TABLE changed the type of a column it returns', async () => {
      const other = driver.dialect.quoteIdent(`${tableName}_altered`);
      await driver.query(`CREATE TABLE ${other} (id INTEGER, code INTEGER)`);
      try {
        await driver.query(`INSERT INTO ${other} (id, code) VALUES (1, 42)`);
        // The write shape where the engine returns changed rows; a read of the same columns where it does not.
        const text = renderSql(
          driver.capabilities.supportsReturning
            ? sql`UPDATE ${table(`${tableName}_altered`)} SET code = code WHERE id = ${typed('1', type('INTEGER'))}${returningRows(sql`id, code`)}`
            : sql`SELECT id, code FROM ${table(`${tableName}_altered`)} WHERE id = ${typed('1', type('INTEGER'))}`,
          driver.dialect,
        ).sql;
        // Concurrently, so that several pooled connections hold the statement prepared.
        const runAll = () => Promise.all(Array.from({ length: 16 }, () => driver.query(text, ['1'], { prepare: true })));
        for (const { rows } of await runAll()) expect(rows.map((r) => Number(r.code))).toEqual([42]);
        await driver.query(fixture.changeColumnToText(other, driver.dialect.quoteIdent('code')));
        for (let round = 0; round < 2; round += 1) {
          for (const { rows } of await runAll()) expect(rows.map((r) => r.code)).toEqual(['42']);
        }
      } finally {
        await driver.query(`DROP TABLE IF EXISTS ${other}`);
      }
    });

    test('writable-ctes', 'runs a data-modifying WITH as one atomic statement (capabilities.writableCtes)', async () => {
      expect(driver.capabilities.writableCtes).toBe(true);
      await run(sql`INSERT INTO ${t()} (id, amount) VALUES (${typed('7', type('INTEGER'))}, ${typed('1', type('DECIMAL(18,2)'))})`);
      const moved = (amount: string, copyId: string) => sql`WITH changed AS (
          UPDATE ${t()} SET amount = ${typed(amount, type('DECIMAL(18,2)'))} WHERE id = ${typed('7', type('INTEGER'))} RETURNING id, amount)
        , copied AS (INSERT INTO ${t()} (id, amount) SELECT ${typed(copyId, type('INTEGER'))}, amount FROM changed)
        SELECT id, amount FROM changed`;
      expect((await run(moved('2', '8'))).rows.map((r) => String(r.amount))).toEqual(['2.00']);
      // The INSERT part hits the key it wrote before: the whole statement fails and its UPDATE is undone.
      await expect(run(moved('3', '8'))).rejects.toBeInstanceOf(AppError);
      const { rows } = await run(sql`SELECT id, amount FROM ${t()} WHERE id IN (${typed('7', type('INTEGER'))}, ${typed('8', type('INTEGER'))}) ORDER BY id`);
      expect(rows.map((r) => [Number(r.id), String(r.amount)])).toEqual([
        [7, '2.00'],
        [8, '2.00'],
      ]);
    });

    test('staged-rows', 'stages thousands of typed rows as a fixed number of parameters (dialect.stagedRows), nulls and quotes intact', async () => {
      const rows = Array.from({ length: 5_000 }, (_, i) => [String(i), i % 7 === 0 ? null : `${(i / 4).toFixed(2)}`, INJECTIONS[i % INJECTIONS.length]!]);
      const staged = driver.dialect.stagedRows(
        [
          { name: 'n', type: type('INTEGER') },
          { name: 'amount', type: type('DECIMAL(18,2)') },
          { name: 'label', type: type('VARCHAR') },
        ],
        rows,
        's',
      );
      const q = renderSql(sql`SELECT count(*) AS rows_, sum(n) AS total, count(amount) AS amounts, max(label) AS top FROM ${staged}`, driver.dialect);
      expect(q.params.length).toBe(3);
      const [row] = (await driver.query(q.sql, q.params)).rows;
      expect([Number(row!.rows_), Number(row!.total), Number(row!.amounts)]).toEqual([5_000, (4_999 * 5_000) / 2, 5_000 - Math.ceil(5_000 / 7)]);
      expect(row!.top).toBe([...INJECTIONS].sort().at(-1));
      // A few rows travel as a VALUES list of bound cells: the same rows back, typed, nulls and quotes intact.
      const few = [
        ['1', null, INJECTIONS[0]!],
        ['2', '2.50', INJECTIONS[1]!],
      ];
      const small = renderSql(
        sql`SELECT n, amount, label FROM ${driver.dialect.stagedRows(
          [
            { name: 'n', type: type('INTEGER') },
            { name: 'amount', type: type('DECIMAL(18,2)') },
            { name: 'label', type: type('VARCHAR') },
          ],
          few,
          's',
        )} ORDER BY n`,
        driver.dialect,
      );
      const back = (await driver.query(small.sql, small.params)).rows;
      expect(back.map((r) => [String(r.n), r.amount === null ? null : Number(r.amount).toFixed(2), r.label])).toEqual(few);
    });

    test('by-key', 'updates and deletes thousands of rows by key in one statement each (dialect.updateByKey, deleteByKey)', async () => {
      const from = 20_000;
      const ids = Array.from({ length: 3_000 }, (_, i) => from + i);
      const staged = driver.dialect.stagedRows(
        [
          { name: 'id', type: type('INTEGER') },
          { name: 'label', type: type('VARCHAR') },
        ],
        ids.map((id) => [String(id), 'before']),
        's',
      );
      await run(sql`INSERT INTO ${t()} (id, label) SELECT id, label FROM ${staged}`);
      const key = [{ name: 'id', type: type('INTEGER') }];
      const columns = [
        { name: 'amount', type: type('DECIMAL(18,2)') },
        { name: 'label', type: type('VARCHAR') },
      ];
      // Every other row gets a new amount and label (a NULL and the injection strings among them); the rest stay.
      const changed = ids.filter((id) => id % 2 === 0);
      const rows = changed.map((id, i) => [String(id), i % 5 === 0 ? null : `${id}.25`, INJECTIONS[i % INJECTIONS.length]!]);
      await run(driver.dialect.updateByKey(tableName, key, columns, rows));
      const back = await run(sql`SELECT id, amount, label FROM ${t()} WHERE id >= ${typed(String(from), type('INTEGER'))} ORDER BY id`);
      expect(back.rows).toHaveLength(ids.length);
      const byId = new Map(rows.map((r) => [Number(r[0]), r]));
      for (const row of back.rows) {
        const want = byId.get(Number(row.id));
        if (want) expect([row.amount === null ? null : Number(row.amount).toFixed(2), row.label]).toEqual([want[1], want[2]]);
        else expect([row.amount, row.label]).toEqual([null, 'before']);
      }
      await run(
        driver.dialect.deleteByKey(
          tableName,
          key,
          changed.map((id) => [String(id)]),
        ),
      );
      const left = await run(sql`SELECT count(*) AS n, min(label) AS label FROM ${t()} WHERE id >= ${typed(String(from), type('INTEGER'))}`);
      expect([Number(left.rows[0]!.n), left.rows[0]!.label]).toEqual([ids.length - changed.length, 'before']);
    });

    test('stream', 'streams a large result in batches and releases the connection when the reader stops early', async () => {
      const q = renderSql(
        sql`SELECT n FROM ${driver.dialect.stagedRows(
          [{ name: 'n', type: type('INTEGER') }],
          Array.from({ length: 50_000 }, (_, i) => [String(i)]),
          's',
        )} ORDER BY n`,
        driver.dialect,
      );
      const stream = await driver.stream(q.sql, q.params);
      expect(stream.columns.map((c) => c.name)).toEqual(['n']);
      let count = 0;
      let batches = 0;
      for await (const batch of stream.batches) {
        batches += 1;
        count += batch.length;
      }
      expect(count).toBe(50_000);
      expect(batches).toBeGreaterThan(1);
      // Twenty readers that each stop after one batch: a connection not given back would exhaust the pool.
      for (let i = 0; i < 20; i += 1) {
        const early = await driver.stream(q.sql, q.params);
        for await (const _batch of early.batches) break;
        await early.close();
      }
      expect((await driver.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    test('introspection', 'introspects columns, types, nullability and the primary key', async () => {
      const catalog = await driver.introspect();
      const found = findCatalogTable(catalog, tableName, driver.dialect.defaultSchema);
      expect(found?.primaryKey).toEqual(['id']);
      const byName = new Map(found?.columns.map((c) => [c.name, c]));
      expect(driver.dialect.parseType(byName.get('amount')!.type)).toMatchObject({ kind: 'decimal', precision: 18, scale: 2 });
      expect(driver.dialect.parseType(byName.get('big')!.type).kind).toBe('integer');
      expect(driver.dialect.parseType(byName.get('label')!.type).kind).toBe('string');
      expect(driver.dialect.parseType(byName.get('happened_at')!.type)).toMatchObject({ kind: 'timestamp', withTimeZone: true });
      expect(byName.get('note')?.nullable).toBe(false);
      expect(byName.get('label')?.nullable).toBe(true);
    });

    test(
      'shared-locks',
      'holds a named lock against every other connection: a second holder waits, another name does not; shared holders hold together',
      async () => {
        expect(driver.locks, 'a driver that can be a shared system store has locks').toBeDefined();
        const other = await options.createDriver();
        try {
          const events: string[] = [];
          let release!: () => void;
          const gate = new Promise<void>((resolve) => (release = resolve));
          const first = driver.locks!.hold('conformance-a', async () => {
            events.push('first in');
            await gate;
            events.push('first out');
          });
          while (!events.includes('first in')) await new Promise((resolve) => setTimeout(resolve, 5));
          const second = other.locks!.hold('conformance-a', async () => void events.push('second in'));
          await other.locks!.hold('conformance-b', async () => void events.push('other name'));
          await new Promise((resolve) => setTimeout(resolve, 150));
          expect(events).toEqual(['first in', 'other name']);
          release();
          await Promise.all([first, second]);
          expect(events).toEqual(['first in', 'other name', 'first out', 'second in']);
          // A holder that throws lets go too, and its error is the caller's.
          await expect(driver.locks!.hold('conformance-a', async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
          await expect(other.locks!.hold('conformance-a', async () => 'taken')).resolves.toBe('taken');

          // Shared holders hold together; a holder of the lock itself waits for them all, and they for it.
          const shared: string[] = [];
          let releaseReaders!: () => void;
          const readersGate = new Promise<void>((resolve) => (releaseReaders = resolve));
          const readers = [driver, other].map((holder, i) =>
            holder.locks!.holdShared('conformance-c', async () => {
              shared.push(`reader ${i} in`);
              await readersGate;
              shared.push(`reader ${i} out`);
            }),
          );
          while (shared.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
          const writer = other.locks!.hold('conformance-c', async () => {
            shared.push('writer in');
            await new Promise((resolve) => setTimeout(resolve, 100));
            shared.push('writer out');
          });
          await new Promise((resolve) => setTimeout(resolve, 150));
          expect(shared.sort()).toEqual(['reader 0 in', 'reader 1 in']);
          releaseReaders();
          while (!shared.includes('writer in')) await new Promise((resolve) => setTimeout(resolve, 5));
          const late = driver.locks!.holdShared('conformance-c', async () => void shared.push('late reader'));
          await Promise.all([...readers, writer, late]);
          expect(shared.slice(-3)).toEqual(['writer in', 'writer out', 'late reader']);
        } finally {
          await other.close();
        }
      },
    );

    test('cancellation', 'cancels a long-running statement through an AbortSignal', async () => {
      const controller = new AbortController();
      const started = Date.now();
      const running = driver.query(options.slowQuery, [], { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      // The abort itself, not any failure: a DOMException named AbortError, soon after the abort.
      await expect(running).rejects.toSatisfy((e: unknown) => e instanceof Error && e.name === 'AbortError');
      expect(Date.now() - started).toBeLessThan(10_000);
      // A failing statement without an abort is the warehouse's error, not an abort.
      await expect(driver.query('SELECT * FROM no_such_table_anywhere')).rejects.toSatisfy((e: unknown) => !(e instanceof Error && e.name === 'AbortError'));
      expect((await driver.query('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    });
  });
}
