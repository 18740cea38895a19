import { describe, expect, it } from 'vitest';
import { databricksLiveConfigFromEnv, databricksWarehouseSchema, resolveDatabricksConnection } from './databricks-config.js';

const BLOCK = {
  type: 'databricks',
  host: { env: 'DATABRICKS_HOST' },
  httpPath: '/sql/1.0/warehouses/abc',
  token: { env: 'DATABRICKS_TOKEN' },
  catalog: 'main',
};
const context = { dataDir: '/data', projectDir: '/project', env: { DATABRICKS_HOST: 'dbc-1.cloud.databricks.com', DATABRICKS_TOKEN: 'dapi-x' } };
const messages = (block: unknown) => {
  const parsed = databricksWarehouseSchema.safeParse(block);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('Databricks warehouse config', () => {
  it('accepts a block with secrets from the environment and resolves it', () => {
    const config = databricksWarehouseSchema.parse(BLOCK);
    expect(config).toMatchObject({ schema: 'default', poolSize: 10, statementTimeoutMs: 30_000 });
    expect(resolveDatabricksConnection(config, context)).toEqual({
      host: 'dbc-1.cloud.databricks.com',
      httpPath: '/sql/1.0/warehouses/abc',
      auth: { token: 'dapi-x' },
      catalog: 'main',
      schema: 'default',
      poolSize: 10,
      statementTimeoutMs: 30_000,
    });
  });

  it('resolves a service principal (OAuth M2M)', () => {
    const config = databricksWarehouseSchema.parse({ ...BLOCK, token: undefined, clientId: 'sp', clientSecret: { env: 'SP_SECRET' } });
    expect(resolveDatabricksConnection(config, { ...context, env: { ...context.env, SP_SECRET: 's3cret' } }).auth).toEqual({
      clientId: 'sp',
      clientSecret: 's3cret',
    });
  });

  it('refuses inline secrets, missing fields and unknown keys with clear messages', () => {
    expect(messages({ ...BLOCK, token: 'dapi-inline' }).join()).toMatch(/^token: /);
    expect(messages({ ...BLOCK, token: undefined, clientId: 'sp', clientSecret: 'inline' }).join()).toMatch(/clientSecret/);
    expect(messages({ ...BLOCK, catalog: undefined }).join()).toMatch(/catalog/);
    expect(messages({ ...BLOCK, token: undefined })).toEqual([
      ': give either token (a personal access token) or clientId and clientSecret (OAuth machine-to-machine), not both',
    ]);
    expect(messages({ ...BLOCK, token: undefined, clientId: 'sp' }).join()).toMatch(/needs both clientId and clientSecret/);
    expect(messages({ ...BLOCK, password: 'x' }).join()).toMatch(/password/);
  });

  it('refuses a host given as a URL and an unset environment variable', () => {
    const config = databricksWarehouseSchema.parse(BLOCK);
    expect(() => resolveDatabricksConnection(config, { ...context, env: { ...context.env, DATABRICKS_HOST: 'https://dbc-1/' } })).toThrow(/host name only/);
    expect(() => resolveDatabricksConnection(config, { ...context, env: { DATABRICKS_HOST: 'dbc-1' } })).toThrow(/DATABRICKS_TOKEN, which is not set/);
  });
});

describe('databricksLiveConfigFromEnv', () => {
  it('names every missing variable', () => {
    expect(databricksLiveConfigFromEnv({})).toEqual({
      missing: ['ROUNDTRIP_DATABRICKS_HOST', 'ROUNDTRIP_DATABRICKS_HTTP_PATH', 'ROUNDTRIP_DATABRICKS_CATALOG', 'ROUNDTRIP_DATABRICKS_TOKEN'],
    });
    expect(databricksLiveConfigFromEnv({ ROUNDTRIP_DATABRICKS_CLIENT_ID: 'sp' })).toMatchObject({
      missing: expect.arrayContaining(['ROUNDTRIP_DATABRICKS_CLIENT_SECRET']),
    });
  });

  it('builds a connection from the variables', () => {
    const env = {
      ROUNDTRIP_DATABRICKS_HOST: 'dbc-1.cloud.databricks.com',
      ROUNDTRIP_DATABRICKS_HTTP_PATH: '/sql/1.0/warehouses/abc',
      ROUNDTRIP_DATABRICKS_CATALOG: 'dev',
      ROUNDTRIP_DATABRICKS_CLIENT_ID: 'sp',
      ROUNDTRIP_DATABRICKS_CLIENT_SECRET: 's',
    };
    expect(databricksLiveConfigFromEnv(env)).toEqual({
      config: expect.objectContaining({ host: 'dbc-1.cloud.databricks.com', catalog: 'dev', schema: 'default', auth: { clientId: 'sp', clientSecret: 's' } }),
    });
  });
});
