import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/governance/passwords.js';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The README's Supabase recipe against a database laid out as Supabase lays
 * it out: the `authenticated` role, an `authenticator`-style login role, and
 * `auth.uid()`, `auth.role()` and `auth.jwt()` reading `request.jwt.claims`
 * with Supabase's semantics (uid casts `sub` to uuid). Row-level security
 * written the Supabase way decides what each user may write.
 */
const LOGIN_ROLE = 'rt_supabase_authenticator';
const ALICE = '6f1d7a52-3c1e-4f8e-9a55-0b7c2f1e9a01';
const BOB = '0c9e4b7d-8a2f-4d61-b3e4-5f6a7b8c9d02';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.admin.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${LOGIN_ROLE}') THEN CREATE ROLE ${LOGIN_ROLE} LOGIN NOINHERIT; END IF;
    END $$;
    GRANT anon, authenticated TO ${LOGIN_ROLE};
    GRANT CREATE ON DATABASE ${db.database} TO ${LOGIN_ROLE};
    CREATE SCHEMA auth;
    GRANT USAGE ON SCHEMA auth TO anon, authenticated;
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $f$
      SELECT nullif(coalesce(current_setting('request.jwt.claim.sub', true), current_setting('request.jwt.claims', true)::jsonb ->> 'sub'), '')::uuid $f$;
    CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $f$
      SELECT nullif(coalesce(current_setting('request.jwt.claim.role', true), current_setting('request.jwt.claims', true)::jsonb ->> 'role'), '')::text $f$;
    CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $f$
      SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''), nullif(current_setting('request.jwt.claims', true), ''))::jsonb $f$;
    CREATE TABLE forecasts (forecast_id INTEGER PRIMARY KEY, owner_id UUID NOT NULL, region TEXT NOT NULL, amount NUMERIC(18,2) NOT NULL);
    INSERT INTO forecasts VALUES (1, '${ALICE}', 'north', 100), (2, '${BOB}', 'south', 200), (3, '${ALICE}', 'south', 300);
    GRANT SELECT, UPDATE (amount) ON forecasts TO authenticated;
    ALTER TABLE forecasts ENABLE ROW LEVEL SECURITY;
    CREATE POLICY "Anyone signed in reads" ON forecasts FOR SELECT TO authenticated USING (true);
    CREATE POLICY "Owners update their region" ON forecasts FOR UPDATE TO authenticated
      USING (owner_id = auth.uid() AND region = auth.jwt() ->> 'region' AND auth.role() = 'authenticated');
    CREATE TABLE seen (forecast_id INTEGER, uid UUID, jwt_role TEXT, db_user TEXT, username TEXT);
    GRANT INSERT ON seen TO authenticated;
    CREATE FUNCTION note_writer() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
      INSERT INTO seen VALUES (NEW.forecast_id, auth.uid(), auth.role(), current_user, auth.jwt() ->> 'username');
      RETURN NEW; END $f$;
    CREATE TRIGGER forecasts_seen AFTER UPDATE ON forecasts FOR EACH ROW EXECUTE FUNCTION note_writer();
  `);
  server = await startTestServer({ projectDir: await writeProject(db) });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

async function writeProject(database: TestDatabase): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'roundtrip-supabase-'));
  mkdirSync(join(dir, 'apps'));
  const hash = await hashPassword('demo');
  writeFileSync(
    join(dir, 'roundtrip.yaml'),
    `name: Supabase recipe
warehouse:
  type: postgres
  host: ${database.host}
  port: ${database.port}
  database: ${database.database}
  user: ${LOGIN_ROLE}
  identity:
    mode: passthrough
    defaultRole: authenticated
    claimsSetting: request.jwt.claims
    subjectAttribute: supabase_user_id
roles: { planner: {} }
users:
  - { username: alice, passwordHash: "${hash}", roles: [planner], attributes: { supabase_user_id: "${ALICE}", region: north } }
  - { username: bob, passwordHash: "${hash}", roles: [planner], attributes: { supabase_user_id: "${BOB}", region: south } }
  - { username: carol, passwordHash: "${hash}", roles: [planner], attributes: { region: north } }
`,
  );
  writeFileSync(
    join(dir, 'apps', 'forecast.yaml'),
    `title: Forecast
roles: [planner]
tables:
  forecasts:
    key: [forecast_id]
    columns: [forecast_id, owner_id, region, amount]
    write:
      - roles: [planner]
        operations: [update]
        columns: [amount]
pages:
  - id: main
    title: Forecast
    blocks:
      - { id: grid, type: grid, table: forecasts }
`,
  );
  return dir;
}

const amountOf = async (id: number) => String((await db.admin.query('SELECT amount FROM forecasts WHERE forecast_id = $1', [id])).rows[0].amount);
const auditRows = async () => Number((await db.admin.query('SELECT count(*) AS n FROM roundtrip_audit.cell_changes')).rows[0].n);
const edit = async (username: string, id: number, amount: string) =>
  (await ApiClient.login(server.url, username)).changeset('forecast', 'forecasts', {
    changes: [{ op: 'update', key: { forecast_id: id }, set: { amount }, expect: { amount: await amountOf(id) } }],
  });

describe('Supabase recipe: passthrough as authenticated with request.jwt.claims', () => {
  it('writes as the authenticated role, with auth.uid(), auth.role() and auth.jwt() seeing the user', async () => {
    const response = await edit('alice', 1, '150');
    expect(response.status).toBe(200);
    expect(await amountOf(1)).toBe('150.00');
    const { rows } = await db.admin.query('SELECT uid, jwt_role, db_user, username FROM seen WHERE forecast_id = 1');
    expect(rows).toEqual([{ uid: ALICE, jwt_role: 'authenticated', db_user: 'authenticated', username: 'alice' }]);
    const audit = await db.admin.query(`SELECT old_value, new_value FROM roundtrip_audit.cell_changes WHERE row_key = '{"forecast_id":1}'`);
    expect(audit.rows).toEqual([{ old_value: '100.00', new_value: '150.00' }]);
  });

  it.each([
    ["another owner's row", 'alice', 2],
    ["an own row outside the user's region claim", 'alice', 3],
    ['any row, for a user without a Supabase id (auth.uid() is null)', 'carol', 1],
  ])('lets row-level security refuse %s: 403, nothing written, no audit row', async (_case, username, id) => {
    const before = { amount: await amountOf(id), audit: await auditRows() };
    const response = await edit(username, id, '999');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('GOV_WAREHOUSE_DENIED');
    expect({ amount: await amountOf(id), audit: await auditRows() }).toEqual(before);
  });
});
