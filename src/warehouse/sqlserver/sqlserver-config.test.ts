import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSqlserverConnection, sqlserverLiveConfigFromEnv, sqlserverWarehouseSchema } from './sqlserver-config.js';

const block = { type: 'sqlserver', server: 'db.example.com', database: 'sales', user: 'rt', password: { env: 'MSSQL_PASSWORD' } };
const context = (env: NodeJS.ProcessEnv, projectDir = '/project') => ({ dataDir: '/data', projectDir, env });
const messages = (input: unknown) => {
  const parsed = sqlserverWarehouseSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('sqlserverWarehouseSchema', () => {
  it('accepts a SQL login block with defaults', () => {
    const parsed = sqlserverWarehouseSchema.parse(block);
    expect(parsed).toMatchObject({ port: 1433, schema: 'dbo', poolSize: 10, statementTimeoutMs: 30_000, identity: { mode: 'service' } });
  });

  it('refuses an inline password or token, and unknown keys', () => {
    expect(messages({ ...block, password: 'hunter2' }).join()).toMatch(/^password/);
    expect(messages({ type: 'sqlserver', server: 's', database: 'd', accessToken: 'eyJ…' }).join()).toMatch(/^accessToken/);
    expect(messages({ ...block, trustServerCertificate: true }).join()).toMatch(/trustServerCertificate/);
  });

  it('asks for exactly one way to log in', () => {
    expect(messages({ type: 'sqlserver', server: 's', database: 'd' })).toEqual([
      'user: give user and password (a SQL login) or accessToken (Microsoft Entra ID)',
    ]);
    expect(messages({ ...block, accessToken: { env: 'TOKEN' } })).toEqual([
      'accessToken: give either user and password (a SQL login) or accessToken (Microsoft Entra ID), not both',
    ]);
    expect(messages({ type: 'sqlserver', server: 's', database: 'd', user: 'rt' })).toEqual(['password: a SQL login needs both user and password']);
    expect(messages({ type: 'sqlserver', server: 's' }).join()).toMatch(/database/);
  });
});

describe('resolveSqlserverConnection', () => {
  it('reads secrets from the environment and the certificate authority from the project folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-mssql-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const config = sqlserverWarehouseSchema.parse({ ...block, caFile: 'ca.pem', port: { env: 'MSSQL_PORT' } });
    expect(resolveSqlserverConnection(config, context({ MSSQL_PASSWORD: 's3cret', MSSQL_PORT: '14330' }, dir))).toEqual({
      server: 'db.example.com',
      port: 14330,
      database: 'sales',
      schema: 'dbo',
      authentication: { kind: 'login', user: 'rt', password: 's3cret' },
      ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      poolSize: 10,
      statementTimeoutMs: 30_000,
    });
  });

  it('names the missing variable and an unreadable certificate file', () => {
    const config = sqlserverWarehouseSchema.parse(block);
    expect(() => resolveSqlserverConnection(config, context({}))).toThrow(/MSSQL_PASSWORD/);
    const withCa = sqlserverWarehouseSchema.parse({ ...block, caFile: 'missing.pem' });
    expect(() => resolveSqlserverConnection(withCa, context({ MSSQL_PASSWORD: 'x' }))).toThrow(/caFile .*missing\.pem cannot be read/);
  });

  it('resolves an access token', () => {
    const config = sqlserverWarehouseSchema.parse({ type: 'sqlserver', server: 's', database: 'd', accessToken: { env: 'TOKEN' } });
    expect(resolveSqlserverConnection(config, context({ TOKEN: 'eyJ' })).authentication).toEqual({ kind: 'accessToken', token: 'eyJ' });
  });
});

describe('sqlserverLiveConfigFromEnv', () => {
  it('lists what is missing', () => {
    expect(sqlserverLiveConfigFromEnv({ ROUNDTRIP_SQLSERVER_SERVER: 's' })).toEqual({
      missing: ['ROUNDTRIP_SQLSERVER_DATABASE', 'ROUNDTRIP_SQLSERVER_USER', 'ROUNDTRIP_SQLSERVER_PASSWORD'],
    });
  });

  it('builds a config from a login or a token', () => {
    expect(
      sqlserverLiveConfigFromEnv({
        ROUNDTRIP_SQLSERVER_SERVER: 's',
        ROUNDTRIP_SQLSERVER_DATABASE: 'd',
        ROUNDTRIP_SQLSERVER_USER: 'u',
        ROUNDTRIP_SQLSERVER_PASSWORD: 'p',
        ROUNDTRIP_SQLSERVER_PORT: '1444',
      }),
    ).toEqual({
      config: { server: 's', port: 1444, database: 'd', schema: 'dbo', authentication: { kind: 'login', user: 'u', password: 'p' }, ca: undefined },
    });
    const token = sqlserverLiveConfigFromEnv({ ROUNDTRIP_SQLSERVER_SERVER: 's', ROUNDTRIP_SQLSERVER_DATABASE: 'd', ROUNDTRIP_SQLSERVER_ACCESS_TOKEN: 't' });
    expect(token).toMatchObject({ config: { authentication: { kind: 'accessToken', token: 't' } } });
  });
});
