import { startPostgresCluster } from '../../test/support/postgres-cluster.js';
import { runWriteBench, type WriteResult } from '../write-bench.js';
import { createBenchDatabase, startPostgresBenchServer, type IdentityMode } from './postgres-bench-project.js';
import { openPostgresRawWriter, type PostgresRawWriter } from './postgres-raw-write.js';

export interface PostgresOptions {
  writesPerSide: number;
  /** Unmeasured writes per side at each level before measuring. */
  warmupWrites: number;
  /** Identity modes to measure, each against the same raw writer; the first is the headline figure. */
  modes: IdentityMode[];
}

export interface PostgresOutcome {
  modes: { mode: IdentityMode; writes: WriteResult }[];
  writesPerSide: number;
  warmupWrites: number;
  /** The cluster's server version, e.g. `15.14`. */
  serverVersion: string;
  /** Connections of the server's warehouse pool, and so of the raw side's. */
  poolSize: number;
}

/**
 * Audited single-cell writes on PostgreSQL: the demo on a throwaway local
 * cluster, through the HTTP API against one SQL statement on a raw `pg` pool.
 * The cluster is stopped and removed at the end, on failure and on Ctrl-C.
 */
export async function runPostgresBench(options: PostgresOptions, log: (line: string) => void, errors: string[]): Promise<PostgresOutcome> {
  log('Starting a throwaway PostgreSQL cluster…');
  const cluster = await startPostgresCluster();
  const stopOnSignal = () => {
    try {
      cluster.stop();
    } finally {
      process.exit(130);
    }
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const { connection, serverVersion } = await createBenchDatabase(cluster);
    log(`  PostgreSQL ${serverVersion} on ${cluster.host}:${cluster.port} (fsync off), database ${connection.database}`);
    const modes: PostgresOutcome['modes'] = [];
    let raw: PostgresRawWriter | undefined;
    let poolSize = 0;
    try {
      for (const mode of options.modes) {
        log(`Starting the server on the demo scaffolded for PostgreSQL, identity ${mode}…`);
        const server = await startPostgresBenchServer(connection, mode, log);
        try {
          const { warehouse } = server.runtime.current().config;
          if (warehouse.type !== 'postgres') throw new Error('the PostgreSQL benchmark project is not on PostgreSQL');
          poolSize = warehouse.poolSize;
          // Opened once the first start has generated budget_lines; as large as the server's pool.
          raw ??= await openPostgresRawWriter(connection, poolSize);
          const writes = await runWriteBench(
            server,
            { perSide: options.writesPerSide, batch: 10, warmup: options.warmupWrites, concurrencies: [1, 16], label: `pg ${mode} write` },
            log,
            errors,
            raw,
          );
          modes.push({ mode, writes });
        } finally {
          await server.close();
        }
      }
      return { modes, writesPerSide: options.writesPerSide, warmupWrites: options.warmupWrites, serverVersion, poolSize };
    } finally {
      await raw?.close();
    }
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    cluster.stop();
  }
}
