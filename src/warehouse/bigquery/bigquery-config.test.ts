import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bigqueryLiveConfigFromEnv, bigqueryWarehouseSchema, resolveBigqueryConnection } from './bigquery-config.js';

const GOOD = { type: 'bigquery', projectId: 'acme-analytics', dataset: 'sales', location: 'EU', keyFile: 'secrets/bigquery.json' };
const KEY = { type: 'service_account', client_email: 'roundtrip@acme-analytics.iam.gserviceaccount.com', private_key: 'PEM', project_id: 'acme-analytics' };

function projectWithKey(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roundtrip-bq-'));
  writeFileSync(join(dir, 'key.json'), JSON.stringify(KEY));
  return dir;
}

const messages = (input: unknown) => {
  const parsed = bigqueryWarehouseSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('bigquery warehouse block', () => {
  it('accepts a key file or Application Default Credentials, with defaults for the pool and the timeout', () => {
    expect(bigqueryWarehouseSchema.parse(GOOD)).toMatchObject({ poolSize: 10, statementTimeoutMs: 30_000 });
    const { keyFile: _, ...adc } = GOOD;
    expect(messages({ ...adc, applicationDefaultCredentials: true, projectId: { env: 'BIGQUERY_PROJECT' } })).toEqual([]);
  });

  it('refuses inline secrets, missing fields, and both or neither credential', () => {
    expect(messages({ ...GOOD, privateKey: '-----BEGIN PRIVATE KEY-----' }).join()).toMatch(/privateKey/);
    expect(messages({ ...GOOD, keyFile: { env: 'lower_case' } }).join()).toMatch(/upper case/);
    expect(messages({ type: 'bigquery', keyFile: 'k.json' }).map((m) => m.split(':')[0])).toEqual(expect.arrayContaining(['projectId', 'dataset']));
    expect(messages({ ...GOOD, applicationDefaultCredentials: true }).join()).toMatch(/either keyFile .* or applicationDefaultCredentials/);
    const { keyFile: _, ...neither } = GOOD;
    expect(messages(neither).join()).toMatch(/either keyFile/);
    expect(messages({ ...GOOD, dataset: 'sales-eu' }).join()).toMatch(/dataset: use letters, digits and _ only/);
  });

  it('resolves the project from the environment and reads the key file relative to the project folder', () => {
    const projectDir = projectWithKey();
    const config = bigqueryWarehouseSchema.parse({ ...GOOD, projectId: { env: 'BQ_PROJECT' }, keyFile: 'key.json', maximumBytesBilled: 10_000_000 });
    const resolved = resolveBigqueryConnection(config, { projectDir, dataDir: projectDir, env: { BQ_PROJECT: 'acme-analytics' } });
    expect(resolved).toEqual({
      projectId: 'acme-analytics',
      dataset: 'sales',
      location: 'EU',
      credentials: { client_email: KEY.client_email, private_key: 'PEM' },
      poolSize: 10,
      statementTimeoutMs: 30_000,
      maximumBytesBilled: 10_000_000,
      userTokens: false,
    });
  });

  it('runs statements with users’ tokens only when identity mode is user-token', () => {
    const projectDir = projectWithKey();
    const resolve = (identity?: unknown) =>
      resolveBigqueryConnection(bigqueryWarehouseSchema.parse({ ...GOOD, keyFile: 'key.json', ...(identity ? { identity } : {}) }), {
        projectDir,
        dataDir: projectDir,
        env: {},
      }).userTokens;
    expect(resolve()).toBe(false);
    expect(resolve({ mode: 'service' })).toBe(false);
    expect(resolve({ mode: 'user-token' })).toBe(true);
    expect(() => resolve({ mode: 'passthrough' })).toThrow(/mode/);
  });

  it('names an unreadable or foreign key file', () => {
    const projectDir = projectWithKey();
    writeFileSync(join(projectDir, 'user.json'), JSON.stringify({ type: 'authorized_user', refresh_token: 'x' }));
    const resolve = (keyFile: string) => () =>
      resolveBigqueryConnection(bigqueryWarehouseSchema.parse({ ...GOOD, keyFile }), { projectDir, dataDir: projectDir, env: {} });
    expect(resolve('missing.json')).toThrow(/keyFile .*missing\.json cannot be read \(ENOENT\)/);
    expect(resolve('user.json')).toThrow(/is not a service account key/);
  });
});

describe('bigqueryLiveConfigFromEnv', () => {
  it('lists the variables that are missing', () => {
    expect(bigqueryLiveConfigFromEnv({ ROUNDTRIP_BIGQUERY_DATASET: 'rt' })).toEqual({ missing: ['ROUNDTRIP_BIGQUERY_PROJECT'] });
  });

  it('reads project, dataset, location and key file', () => {
    const dir = projectWithKey();
    const live = bigqueryLiveConfigFromEnv({
      ROUNDTRIP_BIGQUERY_PROJECT: 'acme-analytics',
      ROUNDTRIP_BIGQUERY_DATASET: 'rt_live',
      ROUNDTRIP_BIGQUERY_LOCATION: 'EU',
      ROUNDTRIP_BIGQUERY_KEY_FILE: join(dir, 'key.json'),
    });
    expect(live).toMatchObject({ config: { projectId: 'acme-analytics', dataset: 'rt_live', location: 'EU', credentials: { private_key: 'PEM' } } });
    expect(bigqueryLiveConfigFromEnv({ ROUNDTRIP_BIGQUERY_PROJECT: 'p-123456', ROUNDTRIP_BIGQUERY_DATASET: 'rt' })).toMatchObject({
      config: { credentials: undefined },
    });
  });
});
