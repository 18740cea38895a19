import type { ProjectRuntime } from '../../src/runtime/open-project.js';

/** How many statements the runtime's system store is sent while `work` runs (0: answered from memory). */
export async function systemQueriesOf(runtime: ProjectRuntime, work: () => Promise<unknown>): Promise<number> {
  const system = runtime.system;
  const query = system.query;
  let count = 0;
  system.query = (...args) => {
    count += 1;
    return query.apply(system, args);
  };
  try {
    await work();
  } finally {
    system.query = query;
  }
  return count;
}
