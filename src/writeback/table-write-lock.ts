import type { Row, SharedLocks, WarehouseDriver } from '../warehouse/driver.js';
import { renderSql, type SqlFragment } from '../warehouse/sql.js';

/**
 * Writes to one table of one warehouse, one at a time: the serialized
 * strategy (apply-serialized.ts) checks its guards and then applies, and
 * nothing else of Roundtrip may write the table in between. In this process
 * a queue per table orders them; across the servers of a project, the system
 * store's shared lock of the table (`shareTableWriteLocks`), taken by the
 * head of the queue only, so a server waits with one connection per table.
 */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>();
const acrossServers = new WeakMap<object, SharedLocks>();

/**
 * Makes the table write locks of `warehouse` hold across every server of the
 * project: they all share the system store whose `locks` these are. Without
 * locks (an embedded system store: one server), the queue of this process is
 * the lock.
 */
export function shareTableWriteLocks(warehouse: object, locks: SharedLocks | undefined): void {
  if (locks) acrossServers.set(warehouse, locks);
}

export async function withTableWriteLock<T>(warehouse: object, table: string, work: () => Promise<T>): Promise<T> {
  const shared = acrossServers.get(warehouse);
  return inProcessQueue(warehouse, table, shared ? () => shared.hold(`roundtrip:table-write:${table}`, work) : work);
}

async function inProcessQueue<T>(warehouse: object, table: string, work: () => Promise<T>): Promise<T> {
  let tables = queues.get(warehouse);
  if (!tables) {
    tables = new Map();
    queues.set(warehouse, tables);
  }
  const previous = tables.get(table) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  tables.set(table, settled);
  try {
    return await run;
  } finally {
    if (tables.get(table) === settled) tables.delete(table);
  }
}

/** Statements of one write under a table's lock, and what takes each back. */
export interface UndoableWrite {
  run(statement: SqlFragment): Promise<Row[]>;
  /** Statements that take back what ran so far; run last first if the write fails. */
  undoWith(...statements: SqlFragment[]): void;
}

/**
 * All or nothing without transactions: `work` runs under the table's write
 * lock, and when it throws, the undo statements it registered run, last
 * first, before the error is rethrown.
 */
export async function withUndoableWrite<T>(driver: WarehouseDriver, table: string, work: (write: UndoableWrite) => Promise<T>): Promise<T> {
  return withTableWriteLock(driver, table, async () => {
    const undo: SqlFragment[] = [];
    const run = async (statement: SqlFragment) => {
      const q = renderSql(statement, driver.dialect);
      return (await driver.query(q.sql, q.params)).rows;
    };
    try {
      return await work({ run, undoWith: (...statements) => undo.push(...statements) });
    } catch (error) {
      for (const statement of undo.reverse()) await run(statement).catch(() => undefined);
      throw error;
    }
  });
}
