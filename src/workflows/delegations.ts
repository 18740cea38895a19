import { AppError } from '../errors/index.js';
import { fetchUser } from '../governance/identity/user-store.js';
import type { WarehouseDriver } from '../warehouse/driver.js';
import { DELEGATIONS_TABLE } from './approval-tables.js';
import type { Approver } from './approver-rights.js';
import { raw, returningRows, runSql, sql } from '../warehouse/sql.js';

export interface Delegation {
  delegator: string;
  delegate: string;
  /** ISO 8601; the delegation ends then. */
  until: string;
}

const MAX_DAYS = 366;

/**
 * Lets `delegate` approve what `delegator` could, until `until` (replacing
 * the delegator's earlier delegation). The delegate must be an enabled user
 * other than the delegator; `until` must be in the future and within a year.
 */
export async function setDelegation(system: WarehouseDriver, delegator: string, delegate: string, until: Date, now = new Date()): Promise<Delegation> {
  if (delegate === delegator) throw new AppError('REQ_INVALID', 'You cannot delegate to yourself.', { delegate });
  if (until.getTime() <= now.getTime()) throw new AppError('REQ_INVALID', 'until must be in the future.', { until: until.toISOString() });
  if (until.getTime() - now.getTime() > MAX_DAYS * 24 * 3600 * 1000)
    throw new AppError('REQ_INVALID', `A delegation lasts at most ${MAX_DAYS} days.`, { until: until.toISOString() });
  const user = await fetchUser(system, delegate);
  if (!user || user.disabled) throw new AppError('USER_NOT_FOUND', `No active user '${delegate}' to delegate to.`, { username: delegate });
  await system.transaction(async (tx) => {
    await runSql(tx, sql`DELETE FROM ${raw(DELEGATIONS_TABLE)} WHERE delegator = ${delegator}`);
    await runSql(
      tx,
      sql`INSERT INTO ${raw(DELEGATIONS_TABLE)} (delegator, delegate, until_at, created_at) VALUES (${delegator}, ${delegate}, ${until.getTime()}, ${now.getTime()})`,
    );
  });
  return { delegator, delegate, until: until.toISOString() };
}

/** Ends the delegator's delegation; false when there was none. */
export async function clearDelegation(system: WarehouseDriver, delegator: string): Promise<boolean> {
  const { rows } = await runSql(system, sql`DELETE FROM ${raw(DELEGATIONS_TABLE)} WHERE delegator = ${delegator}${returningRows(raw('delegator'))}`);
  return rows.length > 0;
}

/** The user's own active delegation and the active ones made to them. */
export async function fetchDelegations(system: WarehouseDriver, username: string, now = new Date()): Promise<{ mine: Delegation | null; toMe: Delegation[] }> {
  const { rows } = await runSql(
    system,
    sql`SELECT delegator, delegate, until_at FROM ${raw(DELEGATIONS_TABLE)} WHERE (delegator = ${username} OR delegate = ${username}) AND until_at > ${now.getTime()} ORDER BY delegator`,
  );
  const all = rows.map((r) => ({ delegator: String(r.delegator), delegate: String(r.delegate), until: new Date(Number(r.until_at)).toISOString() }));
  return { mine: all.find((d) => d.delegator === username) ?? null, toMe: all.filter((d) => d.delegate === username) };
}

/** The enabled users whose approvals `delegate` may give now, with their current roles. */
export async function fetchDelegators(system: WarehouseDriver, delegate: string, now = new Date()): Promise<Approver[]> {
  const { rows } = await runSql(
    system,
    sql`SELECT delegator FROM ${raw(DELEGATIONS_TABLE)} WHERE delegate = ${delegate} AND until_at > ${now.getTime()} ORDER BY delegator`,
  );
  const users = await Promise.all(rows.map((r) => fetchUser(system, String(r.delegator))));
  return users.filter((u) => u !== undefined && !u.disabled).map((u) => ({ username: u!.username, roles: u!.roles }));
}
