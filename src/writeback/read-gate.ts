import type { SharedLocks, WarehouseDriver } from '../warehouse/driver.js';

/**
 * What readers see of a write on engines without transactions: while an
 * undoable write (`withUndoableWrite`) applies its statements to a table,
 * Roundtrip's reads of that table wait until it committed or was taken back,
 * and the write first waits for the reads of the table already running. So a
 * changeset is seen whole or not at all, as a transaction would show it.
 *
 * Reads name what they read as words: a writable table's name, or every
 * identifier of a SQL dataset (a word that is no table costs nothing). A
 * table is known by the last part of its qualified name, lowercased.
 * Engines with transactions never reach here.
 */
interface Reader {
  words: ReadonlySet<string>;
  done: Promise<void>;
}

interface Gate {
  readers: Set<Reader>;
  /** Writes applying, each under its table's word (tables of two schemas may share one) and settling when it ends. */
  writing: { word: string; ends: Promise<void> }[];
  /** Across servers: the system store's locks, and the tables they gate (the project's writable tables). */
  shared?: { locks: SharedLocks; tables: () => ReadonlySet<string> };
}

const gates = new WeakMap<object, Gate>();

function gateOf(warehouse: object): Gate {
  let gate = gates.get(warehouse);
  if (!gate) {
    gate = { readers: new Set(), writing: [] };
    gates.set(warehouse, gate);
  }
  return gate;
}

/**
 * Makes the gates of `warehouse` hold across the servers sharing the system
 * store whose `locks` these are: a read of a writable table holds the
 * table's read lock shared (on a system-store connection, for the read's
 * duration); a write applying to it holds it exclusively. `tables` gives the
 * words of the project's writable tables (other words are not locked).
 */
export function shareReadGates(warehouse: object, locks: SharedLocks, tables: () => ReadonlySet<string>): void {
  gateOf(warehouse).shared = { locks, tables };
}

const lockName = (word: string) => `roundtrip:table-read:${word}`;

/** How a table is named in the gate: `"Audit"."Lines"` and `lines` are one table. */
export function tableWord(qualifiedName: string): string {
  return qualifiedName.split('.').at(-1)!.replaceAll('"', '').replaceAll('`', '').toLowerCase();
}

/** The words a SQL text may name tables with. */
export function wordsOf(sqlText: string): Set<string> {
  return new Set(sqlText.toLowerCase().match(/[a-z_][a-z0-9_$]*/g) ?? []);
}

/**
 * Runs `read` when no write of a table it names is applying; writes of those
 * tables wait for it. On engines with transactions, just runs it.
 */
export async function gatedRead<T>(warehouse: WarehouseDriver, words: ReadonlySet<string>, read: () => Promise<T>): Promise<T> {
  if (warehouse.capabilities.transactions) return read();
  const gate = gateOf(warehouse);
  for (;;) {
    const blocking = gate.writing.filter((w) => words.has(w.word)).map((w) => w.ends);
    if (!blocking.length) break;
    await Promise.all(blocking);
  }
  let finish!: () => void;
  const reader: Reader = { words, done: new Promise((resolve) => (finish = resolve)) };
  gate.readers.add(reader);
  try {
    const shared = gate.shared;
    if (!shared) return await read();
    // In one order, so that two readers never wait for each other.
    const locked = [...shared.tables()].filter((word) => words.has(word)).sort();
    const holding = (i: number): Promise<T> => (i === locked.length ? read() : shared.locks.holdShared(lockName(locked[i]!), () => holding(i + 1)));
    return await holding(0);
  } finally {
    gate.readers.delete(reader);
    finish();
  }
}

/**
 * Closes the gate of `table` to new reads and waits for the running reads of
 * it; returns what opens it again. The caller holds the table's write lock:
 * one write per table at a time.
 */
export async function closeForWrite(warehouse: object, table: string): Promise<() => void> {
  const gate = gateOf(warehouse);
  const word = tableWord(table);
  let open!: () => void;
  const write = { word, ends: new Promise<void>((resolve) => (open = resolve)) };
  gate.writing.push(write);
  const reopen = () => {
    gate.writing.splice(gate.writing.indexOf(write), 1);
    open();
  };
  try {
    await Promise.all([...gate.readers].filter((r) => r.words.has(word)).map((r) => r.done));
    const release = gate.shared?.tables().has(word) ? await holdUntilReleased(gate.shared.locks, lockName(word)) : undefined;
    return () => {
      void release?.().catch(() => undefined);
      reopen();
    };
  } catch (error) {
    reopen();
    throw error;
  }
}

/** Takes `name` exclusively (after every shared holder on every server let go); resolves to what lets go of it. */
async function holdUntilReleased(locks: SharedLocks, name: string): Promise<() => Promise<void>> {
  let taken!: () => void;
  let letGo!: () => void;
  const isTaken = new Promise<void>((resolve) => (taken = resolve));
  const held = locks.hold(name, () => {
    taken();
    return new Promise<void>((resolve) => (letGo = resolve));
  });
  await Promise.race([isTaken, held]);
  return async () => {
    letGo();
    await held;
  };
}
