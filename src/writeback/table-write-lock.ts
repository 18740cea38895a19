/**
 * Writes to one table of one warehouse, one at a time in this process: the
 * serialized strategy (apply-serialized.ts) checks its guards and then
 * applies, and nothing else of Roundtrip may write the table in between.
 */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>();

export async function withTableWriteLock<T>(warehouse: object, table: string, work: () => Promise<T>): Promise<T> {
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
