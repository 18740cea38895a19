import { AppError } from '../../errors/index.js';
import type { ClickHouseClientConfigOptions } from '@clickhouse/client';

type Connection = NonNullable<ClickHouseClientConfigOptions['connection']>;

export interface EmbeddedConnection {
  connection: Connection;
  /** Gives this use back; the engine stays open while another driver of the process uses it. */
  release(): Promise<void>;
}

/**
 * The in-process ClickHouse engine (`chdb`) runs once per process, on one
 * folder: drivers of that folder share it (each in its own database), and a
 * second folder while one is open is refused with a clear error. `chdb` is a
 * large optional package, loaded only when a project asks for the engine.
 */
let open: { path: string; users: number; load: Promise<Connection> } | undefined;
// Settings are the driver's own, the same for every driver: the first one's are the engine's.

/** Calls that carry a statement; the engine runs them one at a time on its one session. */
const STATEMENT_CALLS = new Set(['query', 'command', 'exec']);

export async function openEmbeddedConnection(path: string, quotedDatabase: string, settings: Record<string, unknown>): Promise<EmbeddedConnection> {
  if (open && open.path !== path) {
    throw new AppError(
      'CFG_INVALID',
      `The in-process ClickHouse engine is already open on ${open.path}; one process runs it on one folder (asked for ${path}). Use a server (url) for more.`,
    );
  }
  if (!open) {
    const load = import('chdb/connection').then(
      async (chdb) => {
        const connection = chdb.createChdbConnection({ path }) as unknown as Connection;
        const set = Object.entries(settings).map(
          ([name, value]) => `SET ${name} = ${typeof value === 'number' ? value : `'${String(value).replaceAll("'", "''")}'`}`,
        );
        await connection.command({ query: set.join('; '), query_id: crypto.randomUUID() } as never);
        return connection;
      },
      (error: unknown) => {
        throw new AppError(
          'CFG_INVALID',
          'The in-process ClickHouse engine needs the chdb package: run `npm install chdb`, or give warehouse.url of a ClickHouse server.',
          {},
          { cause: error },
        );
      },
    );
    open = { path, users: 0, load };
    load.catch(() => (open = undefined));
  }
  const current = open;
  current.users += 1;
  const connection = await current.load;
  await connection.command({ query: `CREATE DATABASE IF NOT EXISTS ${quotedDatabase}`, query_id: crypto.randomUUID() } as never);
  let released = false;
  return {
    // The engine's session has one current database, and the client's `database` option is an HTTP
    // parameter it does not read: every statement of this driver names its database first. Closing a
    // client closes its connection, so each driver's close only gives its use back.
    connection: new Proxy(connection, {
      get: (target, key) => {
        if (key === 'close') return async () => undefined;
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (typeof key === 'string' && STATEMENT_CALLS.has(key)) {
          return (params: { query: string }) => value.call(target, { ...params, query: `USE ${quotedDatabase}; ${params.query}` });
        }
        return value.bind(target);
      },
    }),
    release: async () => {
      if (released) return;
      released = true;
      current.users -= 1;
      if (current.users === 0 && open === current) {
        open = undefined;
        await connection.close();
      }
    },
  };
}
