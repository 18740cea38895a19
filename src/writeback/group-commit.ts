import type { Row } from '../warehouse/driver.js';

/** What group commit needs of a write: which writes may share a statement, and its row. */
export interface GroupedWrite {
  /** Writes with the same key may share a statement (the same table; for some statements the same text too). */
  batchKey: string;
  /** Two writes to one row never share a statement (PostgreSQL applies only one of two updates of a row in one statement). */
  rowKey: string;
}

/** The column a shared statement tags each row with: the place of the write it belongs to among those sharing it. */
export const JOB_COLUMN = 'rt_job';

/** Each write's row among a shared statement's rows tagged with JOB_COLUMN (undefined: the write matched nothing). */
export function rowsByJob(rows: readonly Row[], writes: number): (Row | undefined)[] {
  const out: (Row | undefined)[] = Array.from({ length: writes }, () => undefined);
  for (const row of rows) {
    const { [JOB_COLUMN]: job, ...rest } = row;
    out[Number(job)] = rest;
  }
  return out;
}

interface Pending<W> {
  write: W;
  resolve: (row: Row | undefined) => void;
  reject: (error: unknown) => void;
}

/** Statements running per batcher; writes arriving meanwhile wait and go out together in the next one. */
const IN_FLIGHT = 1;
/**
 * A statement running longer than this (waiting on a row lock another
 * transaction holds, say) stops counting against IN_FLIGHT, so it cannot hold
 * up the writes queued behind it for longer than this.
 */
const STALL_MS = 20;
/** Writes per statement at most (its text, and so its prepared plan, may grow with each). */
const MAX_BATCH = 16;

/**
 * Group commit for one-statement writes. While no statement runs, a write
 * goes out at once, alone: no added latency. Under load, writes queue while
 * one statement runs, and when it finishes the queued writes with the same
 * batch key go out together as ONE statement (`execute`), in which each
 * write's guard decides for itself (a write whose guard fails returns no row,
 * the others still apply) and which commits all its writes or none. If a
 * combined statement fails, its writes are retried one by one, so an error
 * belongs only to the write that caused it.
 */
export abstract class GroupCommit<W extends GroupedWrite> {
  private readonly queue: Pending<W>[] = [];
  private inFlight = 0;
  /** Statements sent and writes they carried (for tests and benchmarks). */
  readonly stats = { statements: 0, writes: 0 };

  /** Runs the writes as one atomic statement; the result row of each (undefined: its guard matched nothing), in order. */
  protected abstract execute(writes: W[]): Promise<(Row | undefined)[]>;

  /** Runs the write; resolves with its result row, or undefined when its guard matched nothing. */
  run(write: W): Promise<Row | undefined> {
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

  /** The oldest queued write and the queued writes with its batch key on other rows, in arrival order. */
  private takeBatch(): Pending<W>[] {
    const first = this.queue.shift()!;
    const batch = [first];
    const rows = new Set([first.write.rowKey]);
    for (let i = 0; i < this.queue.length && batch.length < MAX_BATCH; ) {
      const next = this.queue[i]!;
      if (next.write.batchKey === first.write.batchKey && !rows.has(next.write.rowKey)) {
        rows.add(next.write.rowKey);
        batch.push(next);
        this.queue.splice(i, 1);
      } else i += 1;
    }
    return batch;
  }

  private async send(batch: Pending<W>[]): Promise<void> {
    try {
      const rows = await this.count(batch.map((p) => p.write));
      batch.forEach((pending, i) => pending.resolve(rows[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One write spoiled the statement: each on its own, so only that one fails.
      await Promise.all(batch.map((pending) => this.count([pending.write]).then((rows) => pending.resolve(rows[0]), pending.reject)));
    }
  }

  private count(writes: W[]): Promise<(Row | undefined)[]> {
    this.stats.statements += 1;
    this.stats.writes += writes.length;
    return this.execute(writes);
  }
}
