import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/governance/passwords.js';
import type { TestDatabase } from '../support/postgres-database.js';

export const LOGIN_ROLE = 'rt_authenticator';

/**
 * Builds, in a fresh database, a budget table guarded by the database's own
 * model: business roles, column GRANTs stricter than Roundtrip's policy, and
 * row-level security that also honours a `locked` flag Roundtrip knows nothing
 * about. A trigger records the role and claims each write ran under.
 */
export async function createGuardedBudget(db: TestDatabase): Promise<void> {
  await db.admin.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_partner') THEN CREATE ROLE rt_partner NOLOGIN; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_director') THEN CREATE ROLE rt_director NOLOGIN; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${LOGIN_ROLE}') THEN CREATE ROLE ${LOGIN_ROLE} LOGIN NOINHERIT; END IF;
    END $$;
    GRANT rt_partner, rt_director TO ${LOGIN_ROLE};
    GRANT CREATE ON DATABASE ${db.database} TO ${LOGIN_ROLE};
    CREATE TABLE budget_lines (
      line_id INTEGER PRIMARY KEY, entity_id VARCHAR(10) NOT NULL, amount NUMERIC(18,2) NOT NULL, comment VARCHAR(500),
      locked BOOLEAN NOT NULL DEFAULT FALSE);
    INSERT INTO budget_lines (line_id, entity_id, amount, locked)
      SELECT i, CASE WHEN i <= 50 THEN 'E01' WHEN i <= 100 THEN 'E02' ELSE 'E03' END, 1000 + i, i IN (3, 53) FROM generate_series(1, 150) i;
    CREATE TABLE entities (entity_id VARCHAR(10) PRIMARY KEY);
    INSERT INTO entities VALUES ('E01'), ('E02'), ('E03'), ('E99');
    GRANT SELECT ON entities, budget_lines TO rt_partner, rt_director;
    GRANT UPDATE (amount) ON budget_lines TO rt_partner;
    GRANT INSERT, UPDATE (amount, comment, entity_id), DELETE ON budget_lines TO rt_director;
    ALTER TABLE budget_lines ENABLE ROW LEVEL SECURITY;
    CREATE POLICY everyone_reads ON budget_lines FOR SELECT USING (true);
    CREATE POLICY partners_update_unlocked ON budget_lines FOR UPDATE TO rt_partner
      USING (NOT locked AND entity_id IN (SELECT jsonb_array_elements_text(current_setting('roundtrip.claims', true)::jsonb -> 'entities')));
    CREATE POLICY directors_update ON budget_lines FOR UPDATE TO rt_director USING (NOT locked);
    CREATE POLICY directors_insert ON budget_lines FOR INSERT TO rt_director WITH CHECK (entity_id <> 'E99');
    CREATE POLICY directors_delete ON budget_lines FOR DELETE TO rt_director USING (true);
    CREATE TABLE write_log (line_id INTEGER, db_role TEXT, claim_sub TEXT, claim_entities TEXT, user_setting TEXT);
    GRANT INSERT ON write_log TO rt_partner, rt_director;
    CREATE FUNCTION log_write() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
      -- lets a test hold a changeset open mid-way
      IF NEW.comment = 'hold' THEN PERFORM pg_sleep(3); END IF;
      INSERT INTO write_log VALUES (NEW.line_id, current_user, current_setting('roundtrip.claims', true)::jsonb ->> 'sub',
        current_setting('roundtrip.claims', true)::jsonb ->> 'entities', current_setting('roundtrip.user_id', true));
      RETURN NEW; END $f$;
    CREATE TRIGGER budget_lines_log AFTER INSERT OR UPDATE ON budget_lines FOR EACH ROW EXECUTE FUNCTION log_write();
  `);
}

/** A project folder whose warehouse and system store are this database, writes run as the user's role. */
export async function writeGuardedProject(db: TestDatabase, options: { systemStore: 'duckdb' | 'postgres' } = { systemStore: 'duckdb' }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'roundtrip-pg-project-'));
  mkdirSync(join(dir, 'apps'));
  const hash = await hashPassword('demo');
  const connection = `host: ${db.host}\n  port: ${db.port}\n  database: ${db.database}\n  user: ${LOGIN_ROLE}`;
  writeFileSync(
    join(dir, 'roundtrip.yaml'),
    `name: Guarded budget
warehouse:
  type: postgres
  ${connection}
  identity:
    mode: passthrough
    roles: { finance_partner: rt_partner, finance_director: rt_director }
systemStore:
${options.systemStore === 'postgres' ? `  type: postgres\n  ${connection.replace(`user: ${LOGIN_ROLE}`, `user: ${db.user}`)}` : '  type: duckdb\n  path: system.duckdb'}
roles: { finance_partner: {}, finance_director: {}, viewer: {} }
users:
  - { username: partner1, passwordHash: "${hash}", roles: [finance_partner], attributes: { entities: [E01, E02] } }
  - { username: partner2, passwordHash: "${hash}", roles: [finance_partner], attributes: { entities: [E02, E03] } }
  - { username: director, passwordHash: "${hash}", roles: [finance_director] }
  - { username: viewer, passwordHash: "${hash}", roles: [viewer] }
`,
  );
  writeFileSync(
    join(dir, 'apps', 'budget.yaml'),
    `title: Guarded budget
roles: [finance_partner, finance_director]
tables:
  budget_lines:
    key: [line_id]
    columns: [line_id, entity_id, amount, comment]
    write:
      - roles: [finance_partner]
        operations: [update]
        columns: [amount, comment]
        rows: row.entity_id in user.entities
      - roles: [finance_director]
        operations: [insert, update, delete]
        columns: [line_id, entity_id, amount, comment]
    rules:
      - { column: entity_id, lookup: { table: entities, column: entity_id } }
pages:
  - id: main
    title: Budget
    blocks:
      - { id: grid, type: grid, table: budget_lines }
`,
  );
  return dir;
}
