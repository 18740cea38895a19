import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { configText, type ConfigText, type ConnectionContext, fromEnv, readCertificateFile, readConfigText } from '../config-values.js';
import type { PostgresConfig } from './postgres-driver.js';
import { identitySchema } from '../identity-config.js';

const postgresConnection = {
  host: configText.default('127.0.0.1'),
  port: z.union([z.number().int().min(1).max(65535), fromEnv]).default(5432),
  database: configText,
  user: configText.describe('Login role. In passthrough mode: a NOINHERIT role that is a member of the business roles.'),
  password: configText.optional().describe('Prefer { env: NAME } over an inline password.'),
  ssl: z
    .union([
      z.boolean(),
      z.strictObject({
        caFile: configText.describe(
          "PEM file of the certificate authority that signed the server's certificate (relative to the project folder), e.g. Supabase's root certificate.",
        ),
      }),
    ])
    .default(false)
    .describe(
      "TLS, always with the server's certificate verified: true against the system's certificate authorities, { caFile } against that one. The host name must match the certificate.",
    ),
  poolSize: z.number().int().min(1).max(200).default(10),
  statementTimeoutMs: z.number().int().min(100).default(30_000),
};

export const postgresWarehouseSchema = z.strictObject({
  type: z.literal('postgres').describe('PostgreSQL or Supabase.'),
  ...postgresConnection,
  identity: identitySchema,
});

export const postgresSystemStoreSchema = z
  .strictObject({ type: z.literal('postgres'), ...postgresConnection })
  .describe('Shared by several servers behind a load balancer; change events fan out through LISTEN/NOTIFY.');

type PostgresConnectionConfig = z.infer<typeof postgresSystemStoreSchema>;

/** Host, port, database and user from the config or the environment; a TLS certificate authority read from the project folder. */
export function resolvePostgresConnection(config: PostgresConnectionConfig, context: ConnectionContext): PostgresConfig {
  const read = (value: ConfigText, field: string) => readConfigText(value, field, context.env);
  const port = typeof config.port === 'number' ? config.port : Number(read(config.port, 'port'));
  if (!Number.isInteger(port)) throw new AppError('CFG_INVALID', 'roundtrip.yaml: port must be a whole number.', { field: 'port' });
  return {
    host: read(config.host, 'host'),
    port,
    database: read(config.database, 'database'),
    user: read(config.user, 'user'),
    password: config.password === undefined ? undefined : read(config.password, 'password'),
    ssl:
      typeof config.ssl === 'boolean'
        ? config.ssl
        : { ca: readCertificateFile(resolve(context.projectDir, read(config.ssl.caFile, 'ssl.caFile')), 'ssl.caFile') },
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  };
}
