import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_TOKEN_SETTING, type WarehouseDriver } from '../../src/warehouse/driver.js';
import { type ConformanceCase, type ConformanceOptions, runConformance } from '../../src/warehouse/conformance/run-conformance.js';
import { isLiveEngineName, type LiveEngineName, liveConnection, openLive } from '../support/live-engines.js';

/**
 * The driver conformance suite against a cloud account, one engine per run:
 * `npm run test:live -- --engine <name>` (README: "Verifying a cloud
 * warehouse"). Each engine gives its DDL for the suite's table, a statement
 * that runs long enough to cancel, and the cases it cannot pass, with why.
 */
const LIVE: Record<LiveEngineName, Omit<ConformanceOptions, 'name' | 'createDriver'>> = {
  snowflake: {
    slowQuery: 'SELECT count(*) FROM TABLE(GENERATOR(TIMELIMIT => 120))',
    fixture: {
      createTable: (name) => `CREATE TABLE ${name} (
        id INTEGER PRIMARY KEY, big BIGINT, amount DECIMAL(18,2), ratio DOUBLE PRECISION,
        label VARCHAR(200), flag BOOLEAN, day DATE, happened_at TIMESTAMP_TZ, note VARCHAR NOT NULL DEFAULT '')`,
      changeColumnToText: (name, column) => `ALTER TABLE ${name} ALTER COLUMN ${column} SET DATA TYPE VARCHAR(20)`,
    },
    skip: [
      { cases: ['returning', 'writable-ctes', 'conflict'], reason: 'Snowflake has no RETURNING: core checks, then applies by key under the table lock' },
      { cases: ['commit-failure'], reason: 'Snowflake does not enforce keys; core refuses taken keys itself' },
      { cases: ['prepared-schema-change'], reason: 'Snowflake changes a column only to a wider type of the same kind' },
    ],
  },
  bigquery: {
    slowQuery: 'SELECT count(*) FROM UNNEST(GENERATE_ARRAY(1, 1000000)) a CROSS JOIN UNNEST(GENERATE_ARRAY(1, 100000)) b WHERE MOD(a * b, 7) = 3',
    fixture: {
      createTable: (name) => `CREATE TABLE ${name} (
        id INT64 NOT NULL, big INT64, amount NUMERIC(18,2), ratio FLOAT64,
        label STRING(200), flag BOOL, day DATE, happened_at TIMESTAMP, note STRING NOT NULL DEFAULT '', PRIMARY KEY (id) NOT ENFORCED)`,
      changeColumnToText: (name, column) => `ALTER TABLE ${name} ALTER COLUMN ${column} SET DATA TYPE STRING`,
    },
    skip: [
      { cases: ['returning', 'writable-ctes', 'conflict'], reason: 'BigQuery has no RETURNING: core checks, then applies by key under the table lock' },
      { cases: ['commit-failure'], reason: 'BigQuery does not enforce keys; core refuses taken keys itself' },
      { cases: ['prepared', 'prepared-schema-change'], reason: 'BigQuery keeps no prepared statements; every job is planned anew' },
    ],
  },
  databricks: {
    slowQuery: 'SELECT count(*) FROM range(0, 100000000000) WHERE id % 7 = 3',
    fixture: {
      createTable: (name) => `CREATE TABLE ${name} (
        id INT NOT NULL, big BIGINT, amount DECIMAL(18,2), ratio DOUBLE,
        label STRING, flag BOOLEAN, day DATE, happened_at TIMESTAMP, note STRING NOT NULL DEFAULT '') USING DELTA
        TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported')`,
      changeColumnToText: (name, column) => `ALTER TABLE ${name} ALTER COLUMN ${column} TYPE STRING`,
    },
    skip: [
      {
        cases: ['rollback', 'commit-failure', 'conflict', 'returning', 'writable-ctes'],
        reason: 'Databricks has no multi-statement transactions, no RETURNING and no enforced keys; core writes with the serialized strategy',
      },
      { cases: ['prepared-schema-change'], reason: 'Delta changes a column type only by rewriting the table' },
    ],
  },
  sqlserver: {
    slowQuery: "WAITFOR DELAY '00:02:00'",
    fixture: {
      createTable: (name) => `CREATE TABLE ${name} (
        id INT PRIMARY KEY, big BIGINT, amount DECIMAL(18,2), ratio FLOAT,
        label NVARCHAR(200), flag BIT, day DATE, happened_at DATETIMEOFFSET(6), note NVARCHAR(200) NOT NULL DEFAULT '')`,
      changeColumnToText: (name, column) => `ALTER TABLE ${name} ALTER COLUMN ${column} NVARCHAR(20)`,
    },
    skip: [{ cases: ['returning', 'writable-ctes'], reason: "T-SQL's OUTPUT clause is not RETURNING; core checks, then applies by key in the transaction" }],
  },
};

const WAREHOUSE_ONLY: { cases: ConformanceCase[]; reason: string } = {
  cases: ['shared-locks'],
  reason: 'a cloud warehouse is never the system store whose locks servers share',
};

const name = process.env.ROUNDTRIP_LIVE_ENGINE ?? '';
const found = isLiveEngineName(name) ? liveConnection(name) : undefined;
if (!isLiveEngineName(name) || !found || 'missing' in found) {
  describe('live warehouse conformance', () => {
    const why = !isLiveEngineName(name)
      ? 'run it with npm run test:live -- --engine snowflake|bigquery|databricks|sqlserver'
      : `set ${found && 'missing' in found ? found.missing.join(', ') : ''}`;
    it.skip(`runs against a cloud account (skipped: ${why})`, () => undefined);
  });
} else {
  const options = LIVE[name];
  runConformance({
    name: `${name} (live)`,
    createDriver: () => openLive(name),
    ...options,
    skip: [...(options.skip ?? []), WAREHOUSE_ONLY],
  });
}

/**
 * Identity mode user-token (BigQuery, Databricks): with
 * `ROUNDTRIP_<ENGINE>_USER_TOKEN`, an OAuth access token of a real user of the
 * account (e.g. from `gcloud auth print-access-token` or the workspace's
 * OAuth), statements given that identity run as that user, and a token that
 * is not one is refused as the user's, never run as the service.
 */
if (name === 'bigquery' || name === 'databricks') {
  const variable = `ROUNDTRIP_${name.toUpperCase()}_USER_TOKEN`;
  const token = process.env[variable];
  describe(`${name} (live): statements with a user's own token`, () => {
    if (!token || !found || 'missing' in found) {
      it.skip(`runs as the user (skipped: set ${variable})`, () => undefined);
      return;
    }
    let driver: WarehouseDriver;
    beforeAll(async () => {
      driver = await openLive(name);
    });
    afterAll(() => driver?.close());
    const as = (oauthToken: string) => ({ identity: { role: 'live-user', settings: { [OAUTH_TOKEN_SETTING]: oauthToken } } });

    it("runs a statement with the user's token", async () => {
      const { rows } = await driver.query('SELECT 1 AS one', [], as(token));
      // BigQuery's INT64 arrives as a string (64-bit integers are exact strings), Databricks' INT as a number.
      expect(rows.map((row) => String(row.one))).toEqual(['1']);
    });

    it('refuses a token that is not valid as GOV_WAREHOUSE_DENIED, never falling back to the service', async () => {
      await expect(driver.query('SELECT 1 AS one', [], as('not-a-real-token'))).rejects.toMatchObject({ code: 'GOV_WAREHOUSE_DENIED' });
    });
  });
}
