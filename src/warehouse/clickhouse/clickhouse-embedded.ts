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
 * folder: drivers of the same folder share it, and a second folder while one
 * is open is refused with a clear error. `chdb` is a large optional package,
 * loaded only when a project asks for the in-process engine.
 */
let open: { path: string; database: string; users: number; load: Promise<Connection> } | undefined;

/**
 * The engine's session has one current database (the client's `database`
 * option is an HTTP parameter the in-process engine does not read), so the
 * engine is opened on a folder and a database, and `use` makes it current.
 */
export async function openEmbeddedConnection(path: string, database: string, use: (connection: Connection) => Promise<void>): Promise<EmbeddedConnection> {
  if (open && (open.path !== path || open.database !== database)) {
    throw new AppError(
      'CFG_INVALID',
      `The in-process ClickHouse engine is already open on ${open.path} (database ${open.database}); one process runs it on one folder and database (asked for ${path}, ${database}). Use a server (url) for more.`,
    );
  }
  if (!open) {
    const load = import('chdb/connection').then(
      async (chdb) => {
        const connection = chdb.createChdbConnection({ path }) as unknown as Connection;
        await use(connection);
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
    open = { path, database, users: 0, load };
    load.catch(() => (open = undefined));
  }
  const current = open;
  current.users += 1;
  const connection = await current.load;
  let released = false;
  return {
    // Closing a client closes its connection: each driver gets a view whose close only gives the use back.
    connection: new Proxy(connection, {
      get: (target, key) => {
        if (key === 'close') return async () => undefined;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
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
