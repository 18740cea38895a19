import type { IdentityConfig } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { OAUTH_TOKEN_SETTING, type WarehouseIdentity } from '../../warehouse/driver.js';
import type { Principal } from '../principal.js';
import { warehouseTokenOf } from './principal-tokens.js';

/**
 * The database role and claims a user's statements run under, or undefined in
 * service mode (one connection role; Roundtrip's policies are the only guard).
 * Claims carry `sub` (the user id, or the user's `subjectAttribute`), `role`,
 * the Roundtrip roles and every attribute, as JSON in `claimsSetting` (e.g.
 * Supabase's request.jwt.claims, whose `sub` auth.uid() casts to uuid).
 * In user-token mode: the user's own OAuth access token (their `role` is
 * only a label), or `AUTH_WAREHOUSE_SIGN_IN` when the request has none.
 */
export function resolveWarehouseIdentity(written: IdentityConfig | undefined, principal: Principal): WarehouseIdentity | undefined {
  if (!written || written.mode === 'service') return undefined;
  if (written.mode === 'user-token') {
    const token = warehouseTokenOf(principal);
    if (!token) {
      throw new AppError(
        'AUTH_WAREHOUSE_SIGN_IN',
        'The warehouse runs every statement with your own sign-in, and this request has none: sign in with single sign-on (again, if it expired). Password logins, API tokens and embedded views cannot read or write this warehouse.',
      );
    }
    return { role: principal.username, settings: { [OAUTH_TOKEN_SETTING]: token } };
  }
  const config = written as Extract<IdentityConfig, { mode: 'passthrough' | 'service'; roles: unknown }>;
  const mapped = Object.entries(config.roles).find(([roundtripRole]) => principal.roles.includes(roundtripRole));
  const role = mapped?.[1] ?? config.defaultRole;
  if (!role) {
    throw new AppError('GOV_WAREHOUSE_DENIED', 'None of your roles is mapped to a warehouse role; ask an admin to map one under warehouse.identity.roles.', {
      roles: principal.roles,
    });
  }
  const subject = config.subjectAttribute === undefined ? principal.id : principal.attributes[config.subjectAttribute];
  // After the attributes: an attribute named like a claim cannot stand in for it.
  const claims = { ...principal.attributes, sub: typeof subject === 'string' ? subject : null, username: principal.username, role, roles: principal.roles };
  return { role, settings: { [config.claimsSetting]: JSON.stringify(claims), [config.userIdSetting]: principal.id } };
}
