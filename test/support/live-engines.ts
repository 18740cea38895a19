import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { bigqueryLiveConfigFromEnv } from '../../src/warehouse/bigquery/bigquery-config.js';
import { databricksLiveConfigFromEnv } from '../../src/warehouse/databricks/databricks-config.js';
import type { WarehouseDriver } from '../../src/warehouse/driver.js';
import { openWarehouse, type WarehouseConfig } from '../../src/warehouse/engines.js';
import { snowflakeLiveConfigFromEnv } from '../../src/warehouse/snowflake/snowflake-config.js';
import { sqlserverLiveConfigFromEnv } from '../../src/warehouse/sqlserver/sqlserver-config.js';

/** The engines no test run here can start: they run when their account is given (`npm run test:live -- --engine <name>`). */
export const LIVE_ENGINE_NAMES = ['snowflake', 'bigquery', 'databricks', 'sqlserver'] as const;
export type LiveEngineName = (typeof LIVE_ENGINE_NAMES)[number];

export function isLiveEngineName(name: string): name is LiveEngineName {
  return (LIVE_ENGINE_NAMES as readonly string[]).includes(name);
}

/**
 * How a live engine's account is given: its driver settings from
 * `ROUNDTRIP_<ENGINE>_*` (documented in each engine's `*-config.ts` and the
 * README), or the variables that are missing.
 */
export function liveConnection(name: LiveEngineName, env: NodeJS.ProcessEnv = process.env): { config: WarehouseConfig } | { missing: string[] } {
  const found =
    name === 'snowflake'
      ? snowflakeLiveConfigFromEnv(env)
      : name === 'bigquery'
        ? bigqueryLiveConfigFromEnv(env)
        : name === 'databricks'
          ? databricksLiveConfigFromEnv(env)
          : sqlserverLiveConfigFromEnv(env);
  if ('missing' in found) return found;
  return { config: { type: name, ...found.config } as WarehouseConfig };
}

/** Opens the live engine's driver on `schema` (its default schema or dataset otherwise). */
export async function openLive(name: LiveEngineName, schema?: string): Promise<WarehouseDriver> {
  const found = liveConnection(name);
  if ('missing' in found) throw new Error(`The live ${name} suite needs ${found.missing.join(', ')}.`);
  const config = { ...found.config } as WarehouseConfig & { schema?: string; dataset?: string };
  if (schema) {
    if (name === 'bigquery') config.dataset = schema;
    else config.schema = schema;
  }
  return openWarehouse(config);
}

const ref = (name: string) => ({ env: name });
const given = (name: string) => Boolean(process.env[name]);

/**
 * The project's `warehouse:` block for a live engine, secrets as `{ env }`
 * references to the same variables, its tables in `schema` (a dataset on
 * BigQuery) made for the project.
 */
export function liveWarehouseBlock(name: LiveEngineName, schema: string): Record<string, unknown> {
  switch (name) {
    case 'snowflake': {
      const p = 'ROUNDTRIP_SNOWFLAKE_';
      const authenticator = given(`${p}PRIVATE_KEY_FILE`)
        ? {
            type: 'keyPair',
            privateKeyFile: resolve(process.env[`${p}PRIVATE_KEY_FILE`]!),
            ...(given(`${p}PRIVATE_KEY_PASSPHRASE`) ? { passphrase: ref(`${p}PRIVATE_KEY_PASSPHRASE`) } : {}),
          }
        : given(`${p}PASSWORD`)
          ? { type: 'password', password: ref(`${p}PASSWORD`) }
          : { type: 'oauth', token: ref(`${p}TOKEN`) };
      return {
        type: 'snowflake',
        account: ref(`${p}ACCOUNT`),
        username: ref(`${p}USERNAME`),
        authenticator,
        warehouse: ref(`${p}WAREHOUSE`),
        database: ref(`${p}DATABASE`),
        schema,
        ...(given(`${p}ROLE`) ? { role: ref(`${p}ROLE`) } : {}),
      };
    }
    case 'bigquery': {
      const p = 'ROUNDTRIP_BIGQUERY_';
      return {
        type: 'bigquery',
        projectId: ref(`${p}PROJECT`),
        dataset: schema,
        ...(given(`${p}LOCATION`) ? { location: process.env[`${p}LOCATION`] } : {}),
        ...(given(`${p}KEY_FILE`) ? { keyFile: resolve(process.env[`${p}KEY_FILE`]!) } : { applicationDefaultCredentials: true }),
      };
    }
    case 'databricks': {
      const p = 'ROUNDTRIP_DATABRICKS_';
      return {
        type: 'databricks',
        host: ref(`${p}HOST`),
        httpPath: ref(`${p}HTTP_PATH`),
        ...(given(`${p}TOKEN`) ? { token: ref(`${p}TOKEN`) } : { clientId: ref(`${p}CLIENT_ID`), clientSecret: ref(`${p}CLIENT_SECRET`) }),
        catalog: ref(`${p}CATALOG`),
        schema,
      };
    }
    case 'sqlserver': {
      const p = 'ROUNDTRIP_SQLSERVER_';
      return {
        type: 'sqlserver',
        server: ref(`${p}SERVER`),
        ...(given(`${p}PORT`) ? { port: Number(process.env[`${p}PORT`]) } : {}),
        database: ref(`${p}DATABASE`),
        schema,
        ...(given(`${p}ACCESS_TOKEN`) ? { accessToken: ref(`${p}ACCESS_TOKEN`) } : { user: ref(`${p}USER`), password: ref(`${p}PASSWORD`) }),
        ...(given(`${p}CA_FILE`) ? { caFile: resolve(process.env[`${p}CA_FILE`]!) } : {}),
      };
    }
  }
}

/** DDL of a fresh schema (dataset) for one project, and of its removal with everything in it. */
function schemaDdl(name: LiveEngineName, driver: WarehouseDriver, schema: string): { create: string; drop: string[] } {
  const quoted = driver.dialect.quoteIdent(schema);
  if (name !== 'sqlserver') return { create: `CREATE SCHEMA IF NOT EXISTS ${quoted}`, drop: [`DROP SCHEMA IF EXISTS ${quoted} CASCADE`] };
  // SQL Server drops a schema only when it is empty.
  return {
    create: `EXEC(N'CREATE SCHEMA ${quoted.replaceAll("'", "''")}')`,
    drop: [
      `DECLARE @drop NVARCHAR(MAX) = N''; SELECT @drop = @drop + N'DROP TABLE ' + QUOTENAME(s.name) + N'.' + QUOTENAME(t.name) + N'; ' FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE s.name = N'${schema}'; EXEC(@drop)`,
      `DROP SCHEMA IF EXISTS ${quoted}`,
    ],
  };
}

/**
 * Points the project at a fresh schema of the live engine (the project's
 * tables and its audit schema), and resolves to the cleanup that drops both.
 */
export async function provisionLive(name: LiveEngineName, projectDir: string): Promise<() => Promise<void>> {
  const schema = `rt_${randomBytes(5).toString('hex')}`;
  const audit = `${schema}_audit`;
  const driver = await openLive(name);
  try {
    await driver.query(schemaDdl(name, driver, schema).create);
  } finally {
    await driver.close();
  }
  const file = join(projectDir, 'roundtrip.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('warehouse', doc.createNode(liveWarehouseBlock(name, schema)));
  doc.setIn(['audit', 'schema'], audit);
  writeFileSync(file, doc.toString());
  return async () => {
    const cleanup = await openLive(name);
    try {
      for (const target of [audit, schema]) for (const statement of schemaDdl(name, cleanup, target).drop) await cleanup.query(statement);
    } finally {
      await cleanup.close();
    }
  };
}
