import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SystemStoreConfig, WarehouseProjectConfig } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { WarehouseConfig } from '../warehouse/open-warehouse.js';

type Text = string | { env: string };

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
  if (config.type === 'duckdb') return { type: 'duckdb', path: join(dataDir, config.path) };
  const read = (value: Text, field: string): string => {
    if (typeof value === 'string') return value;
    const found = env[value.env];
    if (found === undefined || found === '')
      throw new AppError('CFG_INVALID', `roundtrip.yaml: ${field} reads environment variable ${value.env}, which is not set.`, { field });
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
    ssl: typeof config.ssl === 'boolean' ? config.ssl : { ca: readCertificate(resolve(projectDir, read(config.ssl.caFile, 'ssl.caFile'))) },
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  };
}

function readCertificate(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError(
      'CFG_INVALID',
      `roundtrip.yaml: ssl.caFile ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      { field: 'ssl.caFile' },
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new AppError('CFG_INVALID', `roundtrip.yaml: ssl.caFile ${path} holds no PEM certificate.`, { field: 'ssl.caFile' });
  return pem;
}
