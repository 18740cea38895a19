import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresWarehouseSchema } from '../../src/warehouse/postgres/postgres-config.js';
import { AppError } from '../../src/errors/index.js';
import { openProject } from '../../src/runtime/open-project.js';
import { resolveConnection } from '../../src/runtime/resolve-connection.js';
import { openWarehouse } from '../../src/warehouse/open-warehouse.js';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.js';

/**
 * TLS to PostgreSQL against a server of its own that presents a self-signed
 * certificate for 127.0.0.1: the connection is verified against the project's
 * `ssl.caFile`, and refused when the certificate cannot be verified.
 */
let cluster: PostgresCluster;
let root: string;

beforeAll(async () => {
  cluster = await startPostgresCluster({ tls: true });
  root = mkdtempSync(join(tmpdir(), 'roundtrip-tls-'));
}, 60_000);
afterAll(() => {
  cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

const connection = (ssl: unknown) =>
  postgresWarehouseSchema.parse({ type: 'postgres', host: cluster.host, port: cluster.port, database: 'postgres', user: cluster.user, ssl });
const usesTls = async (query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>) =>
  (await query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]?.ssl;

describe('PostgreSQL over TLS', () => {
  it('opens a project whose warehouse verifies the server against ssl.caFile, relative to the project folder', async () => {
    const dir = join(root, 'project');
    mkdirSync(join(dir, 'certs'), { recursive: true });
    mkdirSync(join(dir, 'apps'));
    writeFileSync(join(dir, 'certs', 'db-ca.crt'), cluster.certificate!);
    writeFileSync(
      join(dir, 'roundtrip.yaml'),
      `name: TLS
warehouse:
  type: postgres
  host: ${cluster.host}
  port: ${cluster.port}
  database: postgres
  user: ${cluster.user}
  ssl: { caFile: certs/db-ca.crt }
roles: { viewer: {} }
`,
    );
    const runtime = await openProject(dir, { dataDir: join(root, 'data') });
    try {
      expect(await usesTls((sql) => runtime.warehouse.query(sql))).toBe(true);
    } finally {
      await runtime.close();
    }
  });

  it('refuses a server whose certificate the system authorities did not sign (ssl: true)', async () => {
    const attempt = openWarehouse(resolveConnection(connection(true), { dataDir: root, projectDir: root }, {}));
    await expect(attempt).rejects.toMatchObject({ code: 'DRV_TLS', message: expect.stringMatching(/self-signed certificate.*ssl\.caFile/) });
  });

  it('refuses a server whose certificate another authority signed (caFile of the wrong CA)', async () => {
    const other = join(root, 'other');
    mkdirSync(other, { recursive: true });
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(other, 'ca.key'),
      '-out',
      join(other, 'ca.crt'),
    ]);
    expect(made.status).toBe(0);
    const attempt = openWarehouse(resolveConnection(connection({ caFile: 'ca.crt' }), { dataDir: root, projectDir: other }, {}));
    await expect(attempt).rejects.toMatchObject({ code: 'DRV_TLS' });
  });

  it("says so when ssl is on and the server does not offer TLS (the test run's main server)", async () => {
    const { host, port, user } = inject('postgres');
    const attempt = openWarehouse({ type: 'postgres', host, port, user, database: 'postgres', ssl: true });
    await expect(attempt).rejects.toMatchObject({ code: 'DRV_TLS', message: expect.stringMatching(/does not offer TLS/) });
  });

  it('still connects without TLS when ssl is false (the server allows both)', async () => {
    const driver = await openWarehouse(resolveConnection(connection(false), { dataDir: root, projectDir: root }, {}));
    try {
      expect(await usesTls((sql) => driver.query(sql))).toBe(false);
    } finally {
      await driver.close();
    }
  });

  it('names a caFile that cannot be read or holds no certificate (CFG_INVALID) before connecting', () => {
    writeFileSync(join(root, 'not-a-cert.crt'), 'hello');
    const refusal = (caFile: unknown) => {
      try {
        resolveConnection(connection({ caFile }), { dataDir: root, projectDir: root }, { CA_PATH: join(root, 'nothing-here.crt') });
      } catch (error) {
        return { code: (error as AppError).code, message: (error as AppError).message };
      }
      throw new Error('resolved');
    };
    expect(refusal('missing.crt')).toEqual({ code: 'CFG_INVALID', message: expect.stringMatching(/ssl\.caFile .*missing\.crt cannot be read \(ENOENT\)/) });
    expect(refusal({ env: 'CA_PATH' })).toEqual({ code: 'CFG_INVALID', message: expect.stringMatching(/nothing-here\.crt cannot be read/) });
    expect(refusal('not-a-cert.crt')).toEqual({ code: 'CFG_INVALID', message: expect.stringMatching(/holds no PEM certificate/) });
  });
});
