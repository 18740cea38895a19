import { AppError } from '../errors/index.js';
import type { Row, SharedLocks, WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { renderSql, type RenderedSql, type SqlFragment } from '../warehouse/sql.js';
import { closeForWrite } from './read-gate.js';
import { uuid7 } from './uuid7.js';
import { journalEnd, journaledTables, journaledWrites, journalUndo } from './write-journal.js';

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
/** The system store journaling each warehouse's undoable writes (write-journal.ts). */
const systemStores = new WeakMap<object, WarehouseDriver>();

/**
 * Gives `warehouse` the project's system store: it journals undoable writes,
 * and its `locks` make the table write locks hold across every server of the
 * project (they all share it). Without locks (an embedded system store: one
 * server), the queue of this process is the lock.
 */
export function useSystemStore(warehouse: WarehouseDriver, system: WarehouseDriver): void {
  if (system.locks) acrossServers.set(warehouse, system.locks);
  systemStores.set(warehouse, system);
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
  /**
   * Runs a statement that changes nothing (a check), or one whose undo was
   * registered before it; as `options.identity` when given (the user's own
   * statements), else as the service. Undo statements always run as the
   * service: they are Roundtrip's own recovery.
   */
  run(statement: SqlFragment, options?: { identity?: WarehouseIdentity }): Promise<Row[]>;
  /**
   * Registers statements that take back what the next statement will do,
   * BEFORE it runs (they are journaled first). They run in the given order,
   * after those of later calls, and must be harmless when that statement did
   * not run, ran in part, or was already taken back.
   */
  undoWith(...statements: SqlFragment[]): Promise<void>;
}

/**
 * All or nothing without transactions: `work` runs under the table's write
 * lock, and when it throws, the undo statements it registered run, last
 * first, before the error is rethrown. Where the warehouse uses a system
 * store (`useSystemStore`), the undo statements are journaled there before
 * the statement they take back, with `committed` (a query returning a row
 * once the write committed): a write interrupted for good (the process died,
 * the warehouse went away during the undo) is taken back by the next writer
 * of the table, or at the next start, before anything else writes it.
 */
export async function withUndoableWrite<T>(
  driver: WarehouseDriver,
  table: string,
  committed: SqlFragment,
  work: (write: UndoableWrite) => Promise<T>,
): Promise<T> {
  return withTableWriteLock(driver, table, async () => {
    const system = systemStores.get(driver);
    const journal = system && journalStateOf(system);
    if (system) await recoverTable(driver, system, table);
    const writeId = uuid7();
    const render = (statement: SqlFragment) => renderSql(statement, driver.dialect);
    const undo: RenderedSql[] = [];
    const run = async (statement: RenderedSql, identity?: WarehouseIdentity) =>
      (await driver.query(statement.sql, statement.params, identity ? { identity } : undefined)).rows;
    let openGate: (() => void) | undefined;
    const undoWith = async (...statements: SqlFragment[]) => {
      const rendered = statements.map(render);
      // From the first statement that changes the table until the write ends, its readers wait (read-gate.ts).
      openGate ??= await closeForWrite(driver, table);
      // Kept (and journaled) in reverse: the whole list runs last first.
      rendered.reverse();
      if (system) {
        journal!.clean?.delete(table);
        await journalUndo(system, writeId, table, undo.length + 1, rendered, undo.length ? undefined : render(committed));
      }
      undo.push(...rendered);
    };
    // Removes the write's entries; one left behind (the system store failed us) is resolved by the table's next writer.
    const end = () => {
      if (!system || !undo.length) return Promise.resolve();
      return journalEnd(system, writeId).then(
        () => void journal!.clean?.add(table),
        () => undefined,
      );
    };
    let result: T;
    try {
      result = await work({ run: (statement, options) => run(render(statement), options?.identity), undoWith });
    } catch (error) {
      let undone = true;
      for (const statement of undo.reverse()) await run(statement).catch(() => (undone = false));
      if (undone) await end();
      throw error;
    } finally {
      openGate?.();
    }
    // Committed. The entries are removed while the caller goes on: the table's next writer waits for that
    // first (an entry left behind is recognised as committed by `committed` and dropped).
    journal?.ending.set(table, end());
    return result;
  });
}

/**
 * Takes back the journaled writes of `table` that did not commit (newest
 * first; every undo statement is harmless to run twice) and forgets them.
 * Runs under the table's write lock: no journaled write of it is running.
 * A warehouse that refuses the undo fails the caller's write, which would
 * otherwise build on a half-applied one.
 */
async function recoverTable(driver: WarehouseDriver, system: WarehouseDriver, table: string, readAlways = false): Promise<void> {
  const journal = journalStateOf(system);
  await journal.ending.get(table);
  journal.ending.delete(table);
  if (journal.clean?.has(table) && !readAlways) return;
  for (const write of (await journaledWrites(system, table)).reverse()) {
    try {
      const committed = (await driver.query(write.committed.sql, write.committed.params)).rows.length > 0;
      if (!committed) for (const statement of [...write.undo].reverse()) await driver.query(statement.sql, statement.params);
    } catch (error) {
      throw new AppError(
        'WB_INTERRUPTED_WRITE',
        `An earlier write to ${table} was interrupted and cannot be taken back yet; nothing was written. Try again when the warehouse answers.`,
        { table },
        { cause: error },
      );
    }
    await journalEnd(system, write.writeId);
  }
  journal.clean?.add(table);
}

/** What this process knows of a system store's journal. */
interface JournalState {
  /**
   * Tables with no entry. Kept only for a store without shared locks (an
   * embedded one: this process alone writes its journal); elsewhere another
   * server may leave entries, and every write reads the journal.
   */
  clean?: Set<string>;
  /** Per table, the removal of the last committed write's entries. */
  ending: Map<string, Promise<void>>;
}

const journalStates = new WeakMap<object, JournalState>();

function journalStateOf(system: WarehouseDriver): JournalState {
  let state = journalStates.get(system);
  if (!state) {
    state = { clean: system.locks ? undefined : new Set(), ending: new Map() };
    journalStates.set(system, state);
  }
  return state;
}

/** Takes back every interrupted write journaled in the system store (at start, before serving). */
export async function recoverInterruptedWrites(driver: WarehouseDriver): Promise<number> {
  const system = systemStores.get(driver);
  if (!system) return 0;
  const tables = await journaledTables(system);
  for (const table of tables) await withTableWriteLock(driver, table, () => recoverTable(driver, system, table, true));
  return tables.length;
}
