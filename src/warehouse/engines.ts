import { z } from 'zod';
import type { ConnectionContext } from './config-values.js';
import type { WarehouseDriver } from './driver.js';
import { duckdbSystemStoreSchema, duckdbWarehouseSchema, resolveDuckdbConnection } from './duckdb/duckdb-config.js';
import { DuckdbDriver, type DuckdbConfig } from './duckdb/duckdb-driver.js';
import type { identitySchema, userTokenIdentitySchema } from './identity-config.js';
import { postgresSystemStoreSchema, postgresWarehouseSchema, resolvePostgresConnection } from './postgres/postgres-config.js';
import { PostgresDriver, type PostgresConfig } from './postgres/postgres-driver.js';
import type { EngineScaffold } from './engine-scaffold.js';
import { duckdbScaffold } from './duckdb/duckdb-scaffold.js';
import { postgresScaffold } from './postgres/postgres-scaffold.js';
import { clickhouseWarehouseSchema, resolveClickhouseConnection } from './clickhouse/clickhouse-config.js';
import { ClickhouseDriver, type ClickhouseConfig } from './clickhouse/clickhouse-driver.js';
import { clickhouseScaffold } from './clickhouse/clickhouse-scaffold.js';
import { resolveSnowflakeConnection, snowflakeWarehouseSchema } from './snowflake/snowflake-config.js';
import type { SnowflakeConfig } from './snowflake/snowflake-driver.js';
import { snowflakeScaffold } from './snowflake/snowflake-scaffold.js';
import { databricksWarehouseSchema, resolveDatabricksConnection } from './databricks/databricks-config.js';
import type { DatabricksConfig } from './databricks/databricks-driver.js';
import { databricksScaffold } from './databricks/databricks-scaffold.js';
import { bigqueryWarehouseSchema, resolveBigqueryConnection } from './bigquery/bigquery-config.js';
import type { BigqueryConfig } from './bigquery/bigquery-driver.js';
import { bigqueryScaffold } from './bigquery/bigquery-scaffold.js';
import { resolveSqlserverConnection, sqlserverWarehouseSchema } from './sqlserver/sqlserver-config.js';
import type { SqlserverConfig } from './sqlserver/sqlserver-driver.js';
import { sqlserverScaffold } from './sqlserver/sqlserver-scaffold.js';

/**
 * Every warehouse engine Roundtrip speaks, as configuration: the schema of its
 * `warehouse:` and `systemStore:` blocks, how a block becomes driver settings
 * and how the driver opens. Core code reaches engines only through this list;
 * an engine joins by adding one entry (and its folder under src/warehouse/).
 */
export const ENGINE_NAMES = ['duckdb', 'postgres', 'clickhouse', 'snowflake', 'bigquery', 'databricks', 'sqlserver'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export const warehouseSchema = z.discriminatedUnion('type', [
  duckdbWarehouseSchema,
  postgresWarehouseSchema,
  clickhouseWarehouseSchema,
  snowflakeWarehouseSchema,
  bigqueryWarehouseSchema,
  databricksWarehouseSchema,
  sqlserverWarehouseSchema,
]);
export const systemStoreSchema = z.discriminatedUnion('type', [duckdbSystemStoreSchema, postgresSystemStoreSchema]);

export type WarehouseProjectConfig = z.infer<typeof warehouseSchema>;
export type SystemStoreConfig = z.infer<typeof systemStoreSchema>;
/** Settings of engines that run statements as the user: their own database role, or their own OAuth token. */
export type IdentityConfig = z.infer<typeof identitySchema> | z.infer<typeof userTokenIdentitySchema>;

/** Without a `warehouse:` or `systemStore:` block: embedded files in the data folder, nothing to install. */
export const DEFAULT_WAREHOUSE: WarehouseProjectConfig = { type: 'duckdb', path: 'warehouse.duckdb' };
export const DEFAULT_SYSTEM_STORE: SystemStoreConfig = { type: 'duckdb', path: 'system.duckdb', threads: 1 };

/** What `roundtrip init --warehouse <engine>` writes, per engine. */
export const ENGINE_SCAFFOLDS: Record<EngineName, EngineScaffold> = {
  duckdb: duckdbScaffold,
  postgres: postgresScaffold,
  clickhouse: clickhouseScaffold,
  snowflake: snowflakeScaffold,
  bigquery: bigqueryScaffold,
  databricks: databricksScaffold,
  sqlserver: sqlserverScaffold,
};

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}

/** A warehouse connection after config resolution (paths absolute, secrets read). */
export type WarehouseConfig =
  | ({ type: 'duckdb' } & DuckdbConfig)
  | ({ type: 'postgres' } & PostgresConfig)
  | ({ type: 'clickhouse' } & ClickhouseConfig)
  | ({ type: 'snowflake' } & SnowflakeConfig)
  | ({ type: 'bigquery' } & BigqueryConfig)
  | ({ type: 'databricks' } & DatabricksConfig)
  | ({ type: 'sqlserver' } & SqlserverConfig);

/**
 * Turns a connection as written in roundtrip.yaml into what a driver takes:
 * relative paths made absolute (data files in `dataDir`, a TLS certificate
 * authority in `projectDir`), `{ env: NAME }` values read. This is the only
 * place that reads the environment for connections.
 */
export function resolveConnection(
  config: WarehouseProjectConfig | SystemStoreConfig,
  { dataDir, projectDir }: { dataDir: string; projectDir: string },
  env: NodeJS.ProcessEnv = process.env,
): WarehouseConfig {
  const context: ConnectionContext = { dataDir, projectDir, env };
  switch (config.type) {
    case 'duckdb':
      return { type: 'duckdb', ...resolveDuckdbConnection(config, context) };
    case 'postgres':
      return { type: 'postgres', ...resolvePostgresConnection(config, context) };
    case 'clickhouse':
      return { type: 'clickhouse', ...resolveClickhouseConnection(config, context) };
    case 'snowflake':
      return { type: 'snowflake', ...resolveSnowflakeConnection(config, context) };
    case 'bigquery':
      return { type: 'bigquery', ...resolveBigqueryConnection(config, context) };
    case 'databricks':
      return { type: 'databricks', ...resolveDatabricksConnection(config, context) };
    case 'sqlserver':
      return { type: 'sqlserver', ...resolveSqlserverConnection(config, context) };
  }
}

/**
 * Opens the driver for a resolved config. Drivers never read the environment
 * themselves. The cloud engines' clients load only when their engine opens.
 */
export async function openWarehouse(config: WarehouseConfig): Promise<WarehouseDriver> {
  switch (config.type) {
    case 'duckdb':
      return DuckdbDriver.connect({ path: config.path, poolSize: config.poolSize, threads: config.threads, openInstance: config.openInstance });
    case 'postgres':
      return PostgresDriver.connect(config);
    case 'clickhouse':
      return ClickhouseDriver.connect(config);
    case 'snowflake':
      return (await import('./snowflake/snowflake-driver.js')).SnowflakeDriver.connect(config);
    case 'bigquery':
      return (await import('./bigquery/bigquery-driver.js')).BigqueryDriver.connect(config);
    case 'databricks':
      return (await import('./databricks/databricks-driver.js')).DatabricksDriver.connect(config);
    case 'sqlserver':
      return (await import('./sqlserver/sqlserver-driver.js')).SqlserverDriver.connect(config);
  }
}

/** The run-as-the-user settings of a warehouse block, for engines that have them. */
export function identitySettingsOf(config: WarehouseProjectConfig) {
  return 'identity' in config ? config.identity : undefined;
}
