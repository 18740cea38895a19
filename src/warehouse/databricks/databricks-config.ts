import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { configText, type ConfigText, type ConnectionContext, fromEnv, readConfigText } from '../config-values.js';
import type { DatabricksConfig } from './databricks-driver.js';
import { userTokenIdentitySchema } from '../identity-config.js';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'use letters, digits, _ and - only, starting with a letter or _');

export const databricksWarehouseSchema = z
  .strictObject({
    type: z.literal('databricks').describe('A Databricks SQL warehouse, over HTTPS, on Unity Catalog tables (Delta).'),
    host: configText.describe('Workspace host name, e.g. dbc-a1b2c3d4-e5f6.cloud.databricks.com (no https://), or { env: DATABRICKS_HOST }.'),
    httpPath: configText.describe('HTTP path of the SQL warehouse ("Connection details"), e.g. /sql/1.0/warehouses/1234567890abcdef.'),
    token: fromEnv
      .optional()
      .describe(
        'Personal access token (or a service principal token) read from the environment: { env: DATABRICKS_TOKEN }. Or give clientId and clientSecret.',
      ),
    clientId: configText.optional().describe("A service principal's OAuth application (client) id, for OAuth machine-to-machine login with clientSecret."),
    clientSecret: fromEnv.optional().describe("The service principal's OAuth secret, read from the environment: { env: DATABRICKS_CLIENT_SECRET }."),
    catalog: name.describe('Unity Catalog catalog that unqualified schemas and tables live in.'),
    schema: name.default('default').describe('Schema unqualified tables live in.'),
    poolSize: z.number().int().min(1).max(200).default(10).describe('Sessions kept open on the SQL warehouse; one statement runs on a session at a time.'),
    statementTimeoutMs: z
      .number()
      .int()
      .min(1_000)
      .default(30_000)
      .describe('Statements running longer are cancelled by the warehouse (STATEMENT_TIMEOUT, whole seconds): DRV_TIMEOUT.'),
    identity: userTokenIdentitySchema.describe(
      "user-token: statements run on a session opened with the user's own Databricks OAuth token (sign-in through the workspace's OAuth, identity.oidc), so Unity Catalog grants, row filters and column masks apply to them.",
    ),
  })
  .refine((c) => (c.token === undefined) !== (c.clientId === undefined && c.clientSecret === undefined), {
    message: 'give either token (a personal access token) or clientId and clientSecret (OAuth machine-to-machine), not both',
  })
  .refine((c) => (c.clientId === undefined) === (c.clientSecret === undefined), {
    message: 'OAuth machine-to-machine login needs both clientId and clientSecret',
  });

type DatabricksProjectConfig = z.infer<typeof databricksWarehouseSchema>;

/** The workspace host and warehouse path from the config or the environment; the token or OAuth secret from the environment. */
export function resolveDatabricksConnection(config: DatabricksProjectConfig, context: ConnectionContext): DatabricksConfig {
  const read = (value: ConfigText, field: string) => readConfigText(value, field, context.env);
  const host = read(config.host, 'host');
  if (!/^[A-Za-z0-9.-]+$/.test(host))
    throw new AppError('CFG_INVALID', 'roundtrip.yaml: warehouse.host is the workspace host name only, e.g. dbc-a1b2c3d4-e5f6.cloud.databricks.com.', {
      field: 'host',
    });
  const httpPath = read(config.httpPath, 'httpPath');
  if (!httpPath.startsWith('/'))
    throw new AppError('CFG_INVALID', 'roundtrip.yaml: warehouse.httpPath starts with /, e.g. /sql/1.0/warehouses/1234567890abcdef.', { field: 'httpPath' });
  return {
    host,
    httpPath,
    auth: config.token
      ? { token: read(config.token, 'token') }
      : { clientId: read(config.clientId!, 'clientId'), clientSecret: read(config.clientSecret!, 'clientSecret') },
    catalog: config.catalog,
    schema: config.schema,
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  };
}

/**
 * The live test runner's connection, from the environment:
 * - `ROUNDTRIP_DATABRICKS_HOST`: workspace host name (required)
 * - `ROUNDTRIP_DATABRICKS_HTTP_PATH`: the SQL warehouse's HTTP path (required)
 * - `ROUNDTRIP_DATABRICKS_TOKEN`: a personal access token, or else
 * - `ROUNDTRIP_DATABRICKS_CLIENT_ID` and `ROUNDTRIP_DATABRICKS_CLIENT_SECRET`: a service principal (OAuth M2M)
 * - `ROUNDTRIP_DATABRICKS_CATALOG`: Unity Catalog catalog (required)
 * - `ROUNDTRIP_DATABRICKS_SCHEMA`: schema (default `default`)
 */
export function databricksLiveConfigFromEnv(env: NodeJS.ProcessEnv): { config: DatabricksConfig } | { missing: string[] } {
  const value = (key: string) => (env[`ROUNDTRIP_DATABRICKS_${key}`] ? env[`ROUNDTRIP_DATABRICKS_${key}`] : undefined);
  const missing = ['HOST', 'HTTP_PATH', 'CATALOG'].filter((key) => !value(key)).map((key) => `ROUNDTRIP_DATABRICKS_${key}`);
  const token = value('TOKEN');
  const clientId = value('CLIENT_ID');
  const clientSecret = value('CLIENT_SECRET');
  if (!token && !(clientId && clientSecret))
    missing.push(clientId || clientSecret ? `ROUNDTRIP_DATABRICKS_${clientId ? 'CLIENT_SECRET' : 'CLIENT_ID'}` : 'ROUNDTRIP_DATABRICKS_TOKEN');
  if (missing.length) return { missing };
  return {
    config: {
      host: value('HOST')!,
      httpPath: value('HTTP_PATH')!,
      auth: token ? { token } : { clientId: clientId!, clientSecret: clientSecret! },
      catalog: value('CATALOG')!,
      schema: value('SCHEMA') ?? 'default',
      poolSize: 4,
      statementTimeoutMs: 60_000,
    },
  };
}
