import { join } from 'node:path';
import type { SystemStoreConfig, WarehouseProjectConfig } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { WarehouseConfig } from '../warehouse/open-warehouse.js';

type Text = string | { env: string };

/**
 * Turns a connection as written in roundtrip.yaml into what a driver takes:
 * relative paths made absolute, `{ env: NAME }` values read. This is the only
 * place that reads the environment for connections.
 */
export function resolveConnection(config: WarehouseProjectConfig | SystemStoreConfig, dataDir: string, env: NodeJS.ProcessEnv = process.env): WarehouseConfig {
  if (config.type === 'duckdb') return { type: 'duckdb', path: join(dataDir, config.path) };
  const read = (value: Text, field: string): string => {
    if (typeof value === 'string') return value;
    const found = env[value.env];
    if (found === undefined || found === '') throw new AppError('CFG_INVALID', `roundtrip.yaml: ${field} reads environment variable ${value.env}, which is not set.`, { field });
    return found;
  };
  const port = typeof config.port === 'number' ? config.port : Number(read(config.port, 'port'));
  if (!Number.isInteger(port)) throw new AppError('CFG_INVALID', 'roundtrip.yaml: port must be a whole number.', { field: 'port' });
  return {
    type: 'postgres',
    host: read(config.host, 'host'),
    port,
    database: read(config.database, 'database'),
    user: read(config.user, 'user'),
    password: config.password === undefined ? undefined : read(config.password, 'password'),
    ssl: config.ssl,
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  };
}
