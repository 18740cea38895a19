import { adminChangesTableSpec } from '../../governance/identity/admin-changes.js';
import { allowUnsealedChangesets, auditTableSpecs, startAuditChain } from '../../governance/audit/index.js';
import { commentsTableSpec } from '../../comments/comment-schema.js';
import { EMBED_REVOCATIONS_TABLE_SPEC } from '../../embedding/embed-revocations.js';
import { exportsTableSpec } from '../../exports/record-export.js';
import { LOGIN_FAILURES_TABLE_SPEC } from '../../governance/identity/login-limiter.js';
import { OIDC_LOGINS_TABLE_SPEC } from '../../governance/identity/oidc-pending-logins.js';
import { OIDC_SUBJECTS_TABLE_SPEC } from '../../governance/identity/oidc-users.js';
import { SESSIONS_TABLE_SPEC } from '../../governance/identity/session-store.js';
import { SESSION_TOKENS_TABLE_SPEC } from '../../governance/identity/session-tokens.js';
import { TOKENS_TABLE_SPEC } from '../../governance/identity/token-store.js';
import { USERS_TABLE_SPEC } from '../../governance/identity/user-store.js';
import { CHANGE_EVENTS_TABLE_SPEC } from '../../live/change-relay.js';
import type { TableSpec } from '../../warehouse/table-spec.js';
import { WRITE_JOURNAL_TABLE_SPEC } from '../../writeback/write-journal.js';
import { approvalTableSpecs, DELEGATIONS_TABLE_SPEC } from '../../workflows/approval-tables.js';
import type { Migration, MigrationContext } from './migration.js';

/** Creates the tables (and their indexes) when missing. */
export async function createTables({ driver }: MigrationContext, specs: readonly TableSpec[]): Promise<void> {
  for (const spec of specs) for (const statement of driver.dialect.createTable(spec)) await driver.query(statement);
}

const inSchema = (build: (schema: string) => TableSpec | TableSpec[]) => async (context: MigrationContext) => {
  if (!context.schema) throw new Error('warehouse migrations need the audit schema');
  const built = build(context.schema);
  await createTables(context, Array.isArray(built) ? built : [built]);
};

/**
 * The warehouse's own tables, in the project's audit schema: one list, in
 * order. Add a step at the end; never edit a released one.
 */
export const WAREHOUSE_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-audit-tables',
    up: async (context) => {
      await inSchema(auditTableSpecs)(context);
      await startAuditChain(context.driver, context.schema!);
    },
  },
  { id: '002-audit-unsealed-changesets', up: ({ driver, schema }) => allowUnsealedChangesets(driver, schema!) },
  { id: '003-exports', up: inSchema(exportsTableSpec) },
  { id: '004-row-comments', up: inSchema(commentsTableSpec) },
  { id: '005-approvals', up: inSchema(approvalTableSpecs) },
  { id: '006-admin-changes', up: inSchema(adminChangesTableSpec) },
];

/** The system store's tables (sessions, users, tokens, …), in its default schema. */
export const SYSTEM_MIGRATIONS: readonly Migration[] = [
  { id: '001-sessions', up: (c) => createTables(c, [SESSIONS_TABLE_SPEC]) },
  { id: '002-users', up: (c) => createTables(c, [USERS_TABLE_SPEC]) },
  { id: '003-api-tokens', up: (c) => createTables(c, [TOKENS_TABLE_SPEC]) },
  { id: '004-login-failures', up: (c) => createTables(c, [LOGIN_FAILURES_TABLE_SPEC]) },
  { id: '005-single-sign-on', up: (c) => createTables(c, [OIDC_LOGINS_TABLE_SPEC, OIDC_SUBJECTS_TABLE_SPEC]) },
  { id: '006-delegations', up: (c) => createTables(c, [DELEGATIONS_TABLE_SPEC]) },
  { id: '007-embed-revocations', up: (c) => createTables(c, [EMBED_REVOCATIONS_TABLE_SPEC]) },
  { id: '008-change-events', up: (c) => createTables(c, [CHANGE_EVENTS_TABLE_SPEC]) },
  { id: '009-write-journal', up: (c) => createTables(c, [WRITE_JOURNAL_TABLE_SPEC]) },
  { id: '010-session-tokens', up: (c) => createTables(c, [SESSION_TOKENS_TABLE_SPEC]) },
];
