import { stringify } from 'yaml';
import { hashPassword } from '../../src/governance/passwords.js';
import { FIXTURE_PASSWORD, writeProject, type FixtureProject } from '../support/fixture-project.js';
import type { TestDatabase } from '../support/postgres-database.js';

export const ACTION_SECRET_ENV = 'RT_ACTION_WEBHOOK_SECRET';

export interface ActionProjectOptions {
  /** Where the action's webhook step posts. */
  webhookUrl: string;
  /** The action's sql step (its :names are the action's parameters). */
  sqlStep: string;
  /** Warehouse and system store in this database (tables created by the test); default: a seeded DuckDB file. */
  postgres?: TestDatabase;
}

/** The tables an action project writes, for a warehouse the test sets up itself. */
export const ACTION_TABLES_SQL = `
  CREATE TABLE budget_lines (line_id INTEGER PRIMARY KEY, entity_id VARCHAR(10) NOT NULL, amount DECIMAL(14,2) NOT NULL);
  INSERT INTO budget_lines VALUES (1, 'E01', 100.00), (2, 'E02', 200.00);
  CREATE TABLE plan_totals (entity_id VARCHAR(10) PRIMARY KEY, total DECIMAL(14,2) NOT NULL CHECK (total <= 1000000), updates INTEGER NOT NULL);
  INSERT INTO plan_totals VALUES ('E01', 100.00, 0), ('E02', 200.00, 0);
`;

/**
 * A project whose app `plan` has one action `add_line` (role planner):
 * validate → write (insert a budget line) → sql → webhook (signed) → if/set →
 * refresh → navigate. User `planner` may run it; `viewer` may open the app only.
 */
export async function actionProject(options: ActionProjectOptions): Promise<FixtureProject> {
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const pg = options.postgres;
  const connection = pg && { type: 'postgres', host: pg.host, port: pg.port, database: pg.database, user: pg.user };
  const project = {
    name: 'Action fixture',
    warehouse: connection ?? { type: 'duckdb', path: 'warehouse.duckdb' },
    ...(connection ? { systemStore: connection } : { seed: { whenMissing: 'budget_lines', scripts: ['seed/tables.sql'] } }),
    audit: { schema: 'roundtrip_audit' },
    roles: { planner: {}, viewer: {} },
    users: [
      { username: 'planner', passwordHash, roles: ['planner'] },
      { username: 'viewer', passwordHash, roles: ['viewer'] },
    ],
  };
  const app = {
    title: 'Plan',
    roles: ['planner', 'viewer'],
    tables: {
      budget_lines: {
        key: ['line_id'],
        write: [{ roles: ['planner'], operations: ['insert', 'update'], columns: ['line_id', 'entity_id', 'amount'] }],
      },
    },
    actions: {
      add_line: {
        title: 'Add a budget line and recalculate the plan',
        roles: ['planner'],
        params: {
          line_id: { type: 'number', required: true },
          entity: { type: 'string', required: true },
          amount: { type: 'number', required: true },
        },
        steps: [
          { type: 'validate', check: 'params.amount >= 0.0', message: 'The amount may not be negative.' },
          { type: 'write', table: 'budget_lines', op: 'insert', values: { line_id: ':line_id', entity_id: ':entity', amount: ':amount' } },
          { type: 'sql', sql: options.sqlStep },
          { type: 'webhook', url: options.webhookUrl, secretEnv: ACTION_SECRET_ENV },
          {
            type: 'if',
            when: 'params.amount >= 1000.0',
            then: [{ type: 'set', variable: 'size', value: 'large' }],
            else: [{ type: 'set', variable: 'size', value: 'small' }],
          },
          { type: 'refresh', datasets: ['budget_lines'] },
          { type: 'navigate', page: 'main' },
        ],
      },
      set_amount: {
        roles: ['planner'],
        params: { line_id: { type: 'number', required: true }, amount: { type: 'number', required: true } },
        steps: [
          { type: 'write', table: 'budget_lines', op: 'update', key: { line_id: ':line_id' }, values: { amount: ':amount' } },
          { type: 'refresh', datasets: ['budget_lines'] },
        ],
      },
    },
    pages: [{ id: 'main', title: 'Plan', blocks: [{ id: 'grid', type: 'grid', table: 'budget_lines' }] }],
  };
  return writeProject({ 'roundtrip.yaml': stringify(project), 'apps/plan.yaml': stringify(app), 'seed/tables.sql': ACTION_TABLES_SQL });
}
