import type { Row, WarehouseDriver } from '../warehouse/driver.js';
import { ident, join, raw, renderSql, sql, type SqlFragment } from '../warehouse/sql.js';
import { GroupCommit, type GroupedWrite, JOB_COLUMN, rowsByJob } from './group-commit.js';

/** One self-contained write: its CTEs under names made from `prefix`, and the CTE whose rows tell whether it applied. */
export interface BatchableWrite extends GroupedWrite {
  /** The table written: writes to one table batch together (their result rows have the same columns). */
  batchKey: string;
  build(prefix: string): { ctes: SqlFragment; result: string };
}

/**
 * Group commit (see GroupCommit) of one-statement writes under the service
 * identity: the writes to one table share ONE statement of independent CTE
 * groups, each write's rows tagged with its place.
 */
export class WriteBatcher extends GroupCommit<BatchableWrite> {
  constructor(private readonly driver: WarehouseDriver) {
    super();
  }

  protected async execute(writes: BatchableWrite[]): Promise<(Row | undefined)[]> {
    const parts = writes.map((write, i) => write.build(writes.length === 1 ? '' : `w${i + 1}_`));
    const results = parts.map((part, i) => sql`SELECT ${raw(String(i))} AS ${ident(JOB_COLUMN)}, * FROM ${ident(part.result)}`);
    const statement = sql`WITH ${join(
      parts.map((p) => p.ctes),
      ',\n',
    )}\n${join(results, '\nUNION ALL ')}`;
    const q = renderSql(statement, this.driver.dialect);
    return rowsByJob((await this.driver.query(q.sql, q.params, { prepare: true })).rows, writes.length);
  }
}

const batchers = new WeakMap<WarehouseDriver, WriteBatcher>();

/** The batcher of a driver (one per warehouse connection pool). */
export function writeBatcherOf(driver: WarehouseDriver): WriteBatcher {
  let batcher = batchers.get(driver);
  if (!batcher) batchers.set(driver, (batcher = new WriteBatcher(driver)));
  return batcher;
}
