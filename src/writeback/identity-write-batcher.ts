import type { IdentityWrite, Row, WarehouseDriver } from '../warehouse/driver.js';
import { GroupCommit, type GroupedWrite, rowsByJob } from './group-commit.js';

/**
 * A write under a user's identity (`WarehouseDriver.writeAs`) whose
 * statement returns its place among the writes sharing a call as the column
 * `JOB_COLUMN` (group-commit.ts): the statement's LAST parameter, set when it goes out.
 */
export interface BatchableIdentityWrite extends GroupedWrite {
  write: IdentityWrite;
  /** The columns the statement returns, JOB_COLUMN first. */
  columns: readonly { name: string; type: string }[];
}

/**
 * Group commit (see GroupCommit) of writes under users' own identities:
 * writes of one shape (statement, audit statement and setting names) share
 * ONE call of the driver's `writeAs`, each under its own role and claims.
 */
export class IdentityWriteBatcher extends GroupCommit<BatchableIdentityWrite> {
  constructor(private readonly driver: WarehouseDriver) {
    super();
  }

  protected async execute(writes: BatchableIdentityWrite[]): Promise<(Row | undefined)[]> {
    const calls = writes.map(({ write }, job) => ({
      ...write,
      statement: { sql: write.statement.sql, params: [...write.statement.params.slice(0, -1), job] },
    }));
    return rowsByJob((await this.driver.writeAs!(calls, writes[0]!.columns)).rows, writes.length);
  }
}

/** Writes share a call when their statement, audit statement and setting names are the same. */
export function identityBatchKey(write: IdentityWrite): string {
  return [write.statement.sql, write.after?.sql ?? '', ...Object.keys(write.identity.settings).sort()].join('\u0000');
}

const batchers = new WeakMap<WarehouseDriver, IdentityWriteBatcher>();

/** The batcher of writes under users' identities of a driver (one per warehouse connection pool). */
export function identityWriteBatcherOf(driver: WarehouseDriver): IdentityWriteBatcher {
  let batcher = batchers.get(driver);
  if (!batcher) batchers.set(driver, (batcher = new IdentityWriteBatcher(driver)));
  return batcher;
}
