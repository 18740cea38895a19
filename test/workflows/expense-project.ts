import { stringify } from 'yaml';
import { hashPassword } from '../../src/governance/passwords.js';
import { FIXTURE_PASSWORD, writeProject, type FixtureProject } from '../support/fixture-project.js';
import type { TestDatabase } from '../support/postgres-database.js';

export const WEBHOOK_SECRET_ENV = 'RT_APPROVAL_WEBHOOK_SECRET';

export interface ExpenseProjectOptions {
  /** Receives approval events (all of them) when given. */
  webhookUrl?: string;
  /** Warehouse and system store in this PostgreSQL database instead of DuckDB files. */
  postgres?: TestDatabase;
}

/**
 * A project with one table `expenses` whose approval chain is required:
 * clerks (clerk1, clerk2) must submit; managers (manager1, manager2, exempt)
 * write directly. From 100 a manager approves; from 1,000 every auditor
 * (auditor1, auditor2: mode all) approves too. A request waiting an hour
 * expires (no escalation).
 */
export async function expenseProject(options: ExpenseProjectOptions = {}): Promise<FixtureProject> {
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const pg = options.postgres;
  const connection = pg && { type: 'postgres', host: pg.host, port: pg.port, database: pg.database, user: pg.user };
  const user = (username: string, role: string) => ({ username, passwordHash, roles: [role] });
  const project = {
    name: 'Expense fixture',
    warehouse: connection ?? { type: 'duckdb', path: 'warehouse.duckdb' },
    ...(connection ? { systemStore: connection } : {}),
    seed: { whenMissing: 'expenses', scripts: ['seed/expenses.sql'] },
    audit: { schema: 'roundtrip_audit' },
    roles: { clerk: {}, manager: {}, auditor: {}, admin: {} },
    users: [
      user('clerk1', 'clerk'),
      user('clerk2', 'clerk'),
      user('manager1', 'manager'),
      user('manager2', 'manager'),
      user('auditor1', 'auditor'),
      user('auditor2', 'auditor'),
      user('admin', 'admin'),
    ],
  };
  const app = {
    title: 'Expenses',
    roles: ['clerk', 'manager', 'auditor', 'admin'],
    tables: {
      expenses: {
        key: ['expense_id'],
        write: [
          { roles: ['clerk'], operations: ['update'], columns: ['amount', 'note'] },
          { roles: ['manager'], operations: ['insert', 'update', 'delete'], columns: ['expense_id', 'owner', 'amount', 'note'] },
        ],
        rules: [{ column: 'amount', min: 0 }],
        approvals: {
          amount: 'amount',
          required: true,
          exemptRoles: ['manager'],
          levels: [
            { name: 'manager_review', roles: ['manager'], when: 'amount >= 100.0' },
            { name: 'audit', roles: ['auditor'], when: 'amount >= 1000.0', mode: 'all' },
          ],
          expiresAfterHours: 1,
        },
      },
    },
    pages: [{ id: 'main', title: 'Expenses', blocks: [{ id: 'grid', type: 'grid', table: 'expenses' }] }],
    ...(options.webhookUrl
      ? {
          notifications: {
            webhooks: [
              {
                url: options.webhookUrl,
                events: ['submitted', 'approved', 'rejected', 'withdrawn', 'escalated', 'expired', 'applied', 'conflict'],
                secretEnv: WEBHOOK_SECRET_ENV,
              },
            ],
          },
        }
      : {}),
  };
  const rows = Array.from({ length: 40 }, (_, i) => `(${i + 1}, 'clerk${(i % 2) + 1}', ${10 + i}.00, NULL)`).join(', ');
  const seed = `CREATE TABLE expenses (expense_id INTEGER PRIMARY KEY, owner VARCHAR(40) NOT NULL, amount DECIMAL(12,2) NOT NULL, note VARCHAR(200));\nINSERT INTO expenses VALUES ${rows};\n`;
  return writeProject({ 'roundtrip.yaml': stringify(project), 'apps/expenses.yaml': stringify(app), 'seed/expenses.sql': seed });
}
