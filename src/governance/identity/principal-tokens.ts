import type { Principal } from '../principal.js';

/**
 * The OAuth access token a principal's statements run with (identity mode
 * user-token), beside the principal rather than on it: never serialized,
 * never in expressions or the audit, gone with the request's principal.
 */
const tokens = new WeakMap<Principal, string>();

/** Gives the request's principal its session's current access token. */
export function attachWarehouseToken(principal: Principal, token: string): void {
  tokens.set(principal, token);
}

/** The principal's access token, if its request came with one. */
export function warehouseTokenOf(principal: Principal): string | undefined {
  return tokens.get(principal);
}

/**
 * Lets `to` run with `from`'s token: approved changes are applied in the
 * submitter's name, with the warehouse identity of the person whose decision
 * released them (the submitter's token is theirs alone and not at hand).
 */
export function lendWarehouseToken(from: Principal, to: Principal): void {
  const token = tokens.get(from);
  if (token) tokens.set(to, token);
}
