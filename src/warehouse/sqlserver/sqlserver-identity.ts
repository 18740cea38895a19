import { AppError } from '../../errors/index.js';
import type { WarehouseIdentity } from '../driver.js';

/*
 * Running a statement as the user's database identity on SQL Server.
 *
 * Each statement under an identity is ONE request that sets the claims,
 * switches user, runs the statement and switches back:
 *
 *   EXEC sp_set_session_context @key = @rt_k0, @value = @rt_v0;   -- each identity.settings entry
 *   EXECUTE AS USER = @rt_role;
 *   <statement>;
 *   REVERT;
 *
 * The request runs inside sp_executesql, a stored procedure: an EXECUTE AS
 * made there ends when it exits, even when the statement fails or is
 * cancelled before REVERT (EXECUTE AS: "the context switch remains in effect
 * until … the stored procedure or trigger where the command was executed
 * exits"). So no connection goes back to the pool impersonating anyone.
 *
 * Session context keys, on the contrary, live as long as the connection,
 * and a pooled connection serves other users next. They are not set
 * `@read_only = 1` (a read-only key cannot be set again on that connection,
 * so its next user would fail); instead every statement sets the keys it
 * needs, and every statement under the service identity first sets all the
 * keys this driver ever set to NULL. Whatever a failed or cancelled
 * statement left behind is cleared before anything reads it.
 *
 * Recipe (roles mapped in `warehouse.identity.roles`):
 *
 *   CREATE USER rt_sales WITHOUT LOGIN;                       -- one per warehouse role
 *   GRANT SELECT, INSERT, UPDATE, DELETE ON dbo.orders TO rt_sales;
 *   GRANT IMPERSONATE ON USER::rt_sales TO roundtrip_service;  -- the login's user
 *   CREATE FUNCTION rls.region_of(@region NVARCHAR(50)) RETURNS TABLE WITH SCHEMABINDING AS
 *     RETURN SELECT 1 AS allowed WHERE USER_NAME() = N'roundtrip_service'
 *       OR @region = JSON_VALUE(CAST(SESSION_CONTEXT(N'roundtrip.claims') AS NVARCHAR(4000)), '$.region');
 *   CREATE SECURITY POLICY rls.orders_by_region
 *     ADD FILTER PREDICATE rls.region_of(region) ON dbo.orders,
 *     ADD BLOCK PREDICATE rls.region_of(region) ON dbo.orders AFTER INSERT,
 *     ADD BLOCK PREDICATE rls.region_of(region) ON dbo.orders AFTER UPDATE;
 *
 * A session context value is a sql_variant: at most 4,000 characters.
 */

/** A parameter of the identity statements, bound by name beside the statement's own `@p1…`. */
export interface NamedValue {
  name: string;
  value: string | null;
  /** Characters the parameter is declared with (sysname: 128; a session context value: 4,000). */
  length: number;
}

/** Text put around a statement, and the values it binds. */
export interface StatementWrapper {
  before: string;
  after: string;
  values: NamedValue[];
}

/** A statement's text without trailing semicolons, so that the wrapper's own can follow. */
export function wrapStatement(statement: string, wrapper: StatementWrapper): string {
  if (!wrapper.before && !wrapper.after) return statement;
  return `${wrapper.before}${statement.replace(/[\s;]+$/, '')}${wrapper.after}`;
}

/** A session context value is a sql_variant, which holds no NVARCHAR(MAX). */
const MAX_SETTING_LENGTH = 4000;

function setSettings(entries: readonly [string, string | null][]): StatementWrapper {
  return {
    before: entries.map((_, i) => `EXEC sp_set_session_context @key = @rt_k${i}, @value = @rt_v${i};\n`).join(''),
    after: '',
    values: entries.flatMap(([key, value], i) => [
      { name: `rt_k${i}`, value: key, length: 128 },
      { name: `rt_v${i}`, value, length: MAX_SETTING_LENGTH },
    ]),
  };
}

/** The statement runs as `identity.role` with `identity.settings` in the session context. */
export function asIdentity(identity: WarehouseIdentity): StatementWrapper {
  const long = Object.entries(identity.settings).find(([, value]) => value.length > MAX_SETTING_LENGTH);
  if (long)
    throw new AppError(
      'DRV_UNSUPPORTED',
      `SQL Server's session context holds at most ${MAX_SETTING_LENGTH} characters a value; ${long[0]} has ${long[1].length}. Nothing was run.`,
      { setting: long[0] },
    );
  const settings = setSettings(Object.entries(identity.settings));
  return {
    before: `${settings.before}EXECUTE AS USER = @rt_role;\n`,
    after: ';\nREVERT;',
    values: [...settings.values, { name: 'rt_role', value: identity.role, length: 128 }],
  };
}

/** The statement runs as the service identity, with every key an identity may have left on the connection set to NULL. */
export function asService(keys: Iterable<string>): StatementWrapper {
  return setSettings([...keys].map((key) => [key, null]));
}
