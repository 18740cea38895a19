import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSnowflakeConnection, snowflakeLiveConfigFromEnv, snowflakeWarehouseSchema } from './snowflake-config.js';

const block = {
  type: 'snowflake',
  account: 'myorg-acct',
  username: { env: 'SF_USER' },
  authenticator: { type: 'keyPair', privateKeyFile: 'keys/rsa.p8', passphrase: { env: 'SF_PASS' } },
  warehouse: 'WH',
  database: 'SALES',
};

describe('Snowflake config', () => {
  it('accepts a block with secrets from the environment and fills the defaults', () => {
    const parsed = snowflakeWarehouseSchema.parse(block);
    expect(parsed).toMatchObject({ schema: 'PUBLIC', poolSize: 10, statementTimeoutMs: 30_000, identity: { mode: 'service' } });
  });

  it('refuses an inline password, saying to use { env }', () => {
    const result = snowflakeWarehouseSchema.safeParse({ ...block, authenticator: { type: 'password', password: 'hunter2' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['authenticator', 'password']);
    expect(result.error?.issues[0]?.message).toBe('The password is read from the environment: write { env: NAME }, never the secret itself.');
  });

  it('refuses missing fields and unknown keys, naming them', () => {
    const { account: _, ...withoutAccount } = block;
    const missing = snowflakeWarehouseSchema.safeParse(withoutAccount);
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toEqual(['account']);
    const unknown = snowflakeWarehouseSchema.safeParse({ ...block, host: 'x' });
    expect(unknown.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('resolves the key file against the project folder and reads secrets from the environment', () => {
    const projectDir = mkdtempSync(join(tmpdir(), 'rt-sf-'));
    writeFileSync(join(projectDir, 'rsa.p8'), '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMII\n-----END ENCRYPTED PRIVATE KEY-----\n');
    const config = snowflakeWarehouseSchema.parse({ ...block, authenticator: { ...block.authenticator, privateKeyFile: 'rsa.p8' } });
    const resolved = resolveSnowflakeConnection(config, { projectDir, dataDir: projectDir, env: { SF_USER: 'SVC', SF_PASS: 'pw' } });
    expect(resolved).toMatchObject({ account: 'myorg-acct', username: 'SVC', database: 'SALES', schema: 'PUBLIC', statementTimeoutMs: 30_000 });
    expect(resolved.auth).toMatchObject({ kind: 'keyPair', passphrase: 'pw' });
    expect(() => resolveSnowflakeConnection(config, { projectDir, dataDir: projectDir, env: {} })).toThrow(/SF_USER, which is not set/);
  });

  it('reads the live runner settings from ROUNDTRIP_SNOWFLAKE_* variables, listing what is missing', () => {
    expect(snowflakeLiveConfigFromEnv({ ROUNDTRIP_SNOWFLAKE_ACCOUNT: 'a' })).toEqual({
      missing: [
        'ROUNDTRIP_SNOWFLAKE_USERNAME',
        'ROUNDTRIP_SNOWFLAKE_WAREHOUSE',
        'ROUNDTRIP_SNOWFLAKE_DATABASE',
        'ROUNDTRIP_SNOWFLAKE_PASSWORD (or ROUNDTRIP_SNOWFLAKE_PRIVATE_KEY_FILE, or ROUNDTRIP_SNOWFLAKE_TOKEN)',
      ],
    });
    const env = {
      ROUNDTRIP_SNOWFLAKE_ACCOUNT: 'a',
      ROUNDTRIP_SNOWFLAKE_USERNAME: 'u',
      ROUNDTRIP_SNOWFLAKE_WAREHOUSE: 'w',
      ROUNDTRIP_SNOWFLAKE_DATABASE: 'd',
      ROUNDTRIP_SNOWFLAKE_PASSWORD: 'p',
    };
    expect(snowflakeLiveConfigFromEnv(env)).toEqual({
      config: { account: 'a', username: 'u', auth: { kind: 'password', password: 'p' }, warehouse: 'w', database: 'd', schema: 'PUBLIC', role: undefined },
    });
  });
});
