import type { Connection } from 'snowflake-sdk';
import { AppError } from '../../errors/index.js';
import type { WarehouseIdentity } from '../driver.js';
import { execute } from './snowflake-statement.js';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Session parameters every session runs with (docs: "Parameters"): UTC, the
 * configured statement timeout, quoted identifiers resolved upper case like
 * unquoted ones (core quotes `"budget_lines"`, app SQL writes `budget_lines`:
 * both are `BUDGET_LINES`; see `snowflake-names.ts`), valid JSON for
 * semi-structured output, an UPDATE … FROM that matches a row twice refused
 * instead of picking one, and ISO 8601 text for timestamps cast to text
 * (audit values).
 */
export function sessionParameters(statementTimeoutMs: number): string {
  const iso = 'YYYY-MM-DD"T"HH24:MI:SS.FF6';
  return [
    `TIMEZONE = 'UTC'`,
    `STATEMENT_TIMEOUT_IN_SECONDS = ${Math.max(1, Math.ceil(statementTimeoutMs / 1000))}`,
    'QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE',
    'STRICT_JSON_OUTPUT = TRUE',
    'ERROR_ON_NONDETERMINISTIC_UPDATE = TRUE',
    `TIMESTAMP_OUTPUT_FORMAT = '${iso}TZH:TZM'`,
    `TIMESTAMP_NTZ_OUTPUT_FORMAT = '${iso}'`,
    `DATE_OUTPUT_FORMAT = 'YYYY-MM-DD'`,
  ].join(', ');
}

/**
 * The session variable holding an identity setting: `roundtrip.claims` is
 * `ROUNDTRIP_CLAIMS`, read in SQL as `$ROUNDTRIP_CLAIMS` or
 * `GETVARIABLE('ROUNDTRIP_CLAIMS')` (variable names are case-insensitive
 * identifiers; a dot is not allowed in one).
 */
export function variableName(setting: string): string {
  const name = setting.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  if (!/^[A-Z_][A-Z0-9_]{0,255}$/.test(name))
    throw new AppError('CFG_INVALID', `roundtrip.yaml: identity setting ${setting} cannot name a Snowflake session variable.`, { setting });
  return name;
}

/**
 * Runs what follows as the user's role: `USE ROLE` (the role must be granted
 * to the service user; the quoted name resolves upper case, as every quoted
 * name in these sessions: `analyst` is the role ANALYST), then the identity's
 * settings as session variables, bound. Secondary roles are off in every
 * session (see `SnowflakeDriver`), so only this role's privileges and the
 * row access policies written for it (CURRENT_ROLE()) apply.
 */
export async function assumeIdentity(connection: Connection, identity: WarehouseIdentity): Promise<void> {
  await execute(connection, `USE ROLE ${quoteIdent(identity.role)}`);
  const names = Object.keys(identity.settings).map(variableName);
  if (names.length === 0) return;
  await execute(connection, `SET (${names.join(', ')}) = (SELECT ${names.map(() => '?').join(', ')})`, Object.values(identity.settings));
}

/** Back to the service role; the identity's session variables removed, so the next use of the session cannot read them. */
export async function restoreServiceIdentity(connection: Connection, serviceRole: string, identity: WarehouseIdentity): Promise<void> {
  await execute(connection, `USE ROLE ${quoteIdent(serviceRole)}`);
  const names = Object.keys(identity.settings).map(variableName);
  if (names.length) await execute(connection, `UNSET (${names.join(', ')})`);
}
