import type { Row, WarehouseDriver } from '../warehouse/driver.js';
import { ident, join, raw, renderSql, sql, type SqlFragment } from '../warehouse/sql.js';

/** One self-contained write: its CTEs under names made from `prefix`, and the CTE whose rows tell whether it applied. */
export interface BatchableWrite {
  /** Writes to the same target (table) batch together: their result rows have the same columns. */
  target: string;
  /** Two writes to one row never share a statement (PostgreSQL applies only one of two updates of a row in one statement). */
  rowKey: string;
  build(prefix: string): { ctes: SqlFragment; result: string };
}

interface Pending {
  write: BatchableWrite;
  resolve: (row: Row | undefined) => void;
  reject: (error: unknown) => void;
}

/** Statements running per driver; writes arriving meanwhile wait and go out together in the next one. */
const IN_FLIGHT = 1;
/**
 * A statement running longer than this (waiting on a row lock another
 * transaction holds, say) stops counting against IN_FLIGHT, so it cannot hold
 * up the writes queued behind it for longer than this.
 */
const STALL_MS = 20;
/** Writes per statement at most (its text, and so its prepared plan, grows with each). */
const MAX_BATCH = 16;
const JOB = 'rt_job';

/**
 * Group commit for one-statement writes. While no statement runs, a write
 * goes out at once, alone: no added latency. Under load, writes queue while
 * one statement runs, and when it finishes the queued writes to the same
 * table go out together, as ONE statement of independent CTE groups:
 * each write's guard decides for itself (a write whose guard fails returns no
 * row, the others still apply), and a statement commits all its writes or
 * none. If a combined statement fails, its writes are retried one by one, so
 * an error belongs only to the write that caused it.
 */
export class WriteBatcher {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  /** Statements sent and writes they carried (for tests and benchmarks). */
  readonly stats = { statements: 0, writes: 0 };

  constructor(private readonly driver: WarehouseDriver) {}

  /** Runs the write; resolves with its result row, or undefined when its guard matched nothing. */
  run(write: BatchableWrite): Promise<Row | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < IN_FLIGHT && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      let counted = true;
      const release = () => {
        if (!counted) return;
        counted = false;
        this.inFlight -= 1;
        this.pump();
      };
      const stalled = setTimeout(release, STALL_MS);
      void this.send(batch).finally(() => {
        clearTimeout(stalled);
        release();
      });
    }
  }

  /** The oldest queued write and the queued writes to the same table on other rows, in arrival order. */
  private takeBatch(): Pending[] {
    const first = this.queue.shift()!;
    const batch = [first];
    const rows = new Set([first.write.rowKey]);
    for (let i = 0; i < this.queue.length && batch.length < MAX_BATCH; ) {
      const next = this.queue[i]!;
      if (next.write.target === first.write.target && !rows.has(next.write.rowKey)) {
        rows.add(next.write.rowKey);
        batch.push(next);
        this.queue.splice(i, 1);
      } else i += 1;
    }
    return batch;
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const rows = await this.execute(batch.map((p) => p.write));
      batch.forEach((pending, i) => pending.resolve(rows[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One write spoiled the statement: each on its own, so only that one fails.
      await Promise.all(batch.map((pending) => this.execute([pending.write]).then((rows) => pending.resolve(rows[0]), pending.reject)));
    }
  }

  private async execute(writes: BatchableWrite[]): Promise<(Row | undefined)[]> {
    this.stats.statements += 1;
    this.stats.writes += writes.length;
    const parts = writes.map((write, i) => write.build(writes.length === 1 ? '' : `w${i + 1}_`));
    const results = parts.map((part, i) => sql`SELECT ${raw(String(i))} AS ${ident(JOB)}, * FROM ${ident(part.result)}`);
    const statement = sql`WITH ${join(
      parts.map((p) => p.ctes),
      ',\n',
    )}\n${join(results, '\nUNION ALL ')}`;
    const q = renderSql(statement, this.driver.dialect);
    const out: (Row | undefined)[] = writes.map(() => undefined);
    for (const row of (await this.driver.query(q.sql, q.params, { prepare: true })).rows) {
      const { [JOB]: job, ...rest } = row;
      out[Number(job)] = rest;
    }
    return out;
  }
}

const batchers = new WeakMap<WarehouseDriver, WriteBatcher>();

/** The batcher of a driver (one per warehouse connection pool). */
export function writeBatcherOf(driver: WarehouseDriver): WriteBatcher {
  let batcher = batchers.get(driver);
  if (!batcher) batchers.set(driver, (batcher = new WriteBatcher(driver)));
  return batcher;
}
