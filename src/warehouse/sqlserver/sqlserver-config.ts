import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { configText, type ConfigText, type ConnectionContext, fromEnv, readCertificateFile, readConfigText } from '../config-values.js';
import { identitySchema } from '../identity-config.js';
import type { SqlserverConfig } from './sqlserver-driver.js';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and _ only, starting with a letter or _');

export const sqlserverWarehouseSchema = z
  .strictObject({
    type: z.literal('sqlserver').describe('Microsoft SQL Server 2017 or later, Azure SQL Database or Azure SQL Managed Instance.'),
    server: configText.describe('Host name the TLS certificate is for, e.g. myserver.database.windows.net, or { env: MSSQL_SERVER }.'),
    port: z
      .union([z.number().int().min(1).max(65535), fromEnv])
      .default(1433)
      .describe('TCP port (1433 unless the server listens elsewhere).'),
    database: configText.describe('Database to connect to.'),
    schema: identifier.default('dbo').describe('Schema unqualified tables live in.'),
    user: configText.optional().describe('SQL login (SQL Server authentication), with password. Leave out with accessToken.'),
    password: fromEnv.optional().describe("The SQL login's password: { env: NAME } only, never inline."),
    accessToken: fromEnv
      .optional()
      .describe('Microsoft Entra ID (Azure AD) access token for https://database.windows.net/, instead of user and password: { env: NAME } only.'),
    caFile: configText
      .optional()
      .describe(
        "PEM file of the certificate authority that signed the server's certificate (relative to the project folder); default: the system's authorities. TLS is always on and the certificate always verified.",
      ),
    poolSize: z.number().int().min(1).max(200).default(10).describe('Connections kept open.'),
    statementTimeoutMs: z.number().int().min(100).default(30_000).describe('A statement running longer is cancelled (DRV_TIMEOUT).'),
    identity: identitySchema.describe(
      'passthrough: statements run as EXECUTE AS USER (a database user without login per warehouse role) with the claims in SESSION_CONTEXT; see README (SQL Server).',
    ),
  })
  .superRefine((config, context) => {
    const login = config.user !== undefined || config.password !== undefined;
    if (login && config.accessToken !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['accessToken'],
        message: 'give either user and password (a SQL login) or accessToken (Microsoft Entra ID), not both',
      });
    else if (!login && config.accessToken === undefined)
      context.addIssue({ code: 'custom', path: ['user'], message: 'give user and password (a SQL login) or accessToken (Microsoft Entra ID)' });
    else if (login && (config.user === undefined || config.password === undefined))
      context.addIssue({ code: 'custom', path: [config.user === undefined ? 'user' : 'password'], message: 'a SQL login needs both user and password' });
  });

type SqlserverProjectConfig = z.infer<typeof sqlserverWarehouseSchema>;

/** Server, database and credentials from the config or the environment; a certificate authority read from the project folder. */
export function resolveSqlserverConnection(config: SqlserverProjectConfig, context: ConnectionContext): SqlserverConfig {
  const read = (value: ConfigText, field: string) => readConfigText(value, field, context.env);
  const port = typeof config.port === 'number' ? config.port : Number(read(config.port, 'port'));
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new AppError('CFG_INVALID', 'roundtrip.yaml: warehouse.port must be a whole number from 1 to 65535.', { field: 'port' });
  return {
    server: read(config.server, 'server'),
    port,
    database: read(config.database, 'database'),
    schema: config.schema,
    authentication:
      config.accessToken !== undefined
        ? { kind: 'accessToken', token: read(config.accessToken, 'accessToken') }
        : { kind: 'login', user: read(config.user!, 'user'), password: read(config.password!, 'password') },
    ca: config.caFile === undefined ? undefined : readCertificateFile(resolve(context.projectDir, read(config.caFile, 'caFile')), 'warehouse.caFile'),
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  };
}

/**
 * The live test runner's connection, from the environment:
 * - `ROUNDTRIP_SQLSERVER_SERVER` (required): host name, e.g. myserver.database.windows.net
 * - `ROUNDTRIP_SQLSERVER_DATABASE` (required): database
 * - `ROUNDTRIP_SQLSERVER_USER` and `ROUNDTRIP_SQLSERVER_PASSWORD`: a SQL login, or
 * - `ROUNDTRIP_SQLSERVER_ACCESS_TOKEN`: a Microsoft Entra ID access token instead
 * - `ROUNDTRIP_SQLSERVER_PORT` (default 1433), `ROUNDTRIP_SQLSERVER_SCHEMA` (default dbo)
 * - `ROUNDTRIP_SQLSERVER_CA_FILE`: PEM certificate authority (e.g. of a test server's self-signed certificate)
 */
export function sqlserverLiveConfigFromEnv(env: NodeJS.ProcessEnv): { config: SqlserverConfig } | { missing: string[] } {
  const value = (name: string) => (env[`ROUNDTRIP_SQLSERVER_${name}`] ?? '') || undefined;
  const token = value('ACCESS_TOKEN');
  const missing = [...['SERVER', 'DATABASE'].filter((name) => !value(name)), ...(token ? [] : ['USER', 'PASSWORD'].filter((name) => !value(name)))].map(
    (name) => `ROUNDTRIP_SQLSERVER_${name}`,
  );
  if (missing.length > 0) return { missing };
  const port = Number(value('PORT') ?? 1433);
  if (!Number.isInteger(port)) return { missing: ['ROUNDTRIP_SQLSERVER_PORT (a whole number)'] };
  const caFile = value('CA_FILE');
  return {
    config: {
      server: value('SERVER')!,
      port,
      database: value('DATABASE')!,
      schema: value('SCHEMA') ?? 'dbo',
      authentication: token ? { kind: 'accessToken', token } : { kind: 'login', user: value('USER')!, password: value('PASSWORD')! },
      ca: caFile === undefined ? undefined : readCertificateFile(resolve(caFile), 'warehouse.caFile'),
    },
  };
}
