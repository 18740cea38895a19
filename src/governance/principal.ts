/** The authenticated user a request acts for. */
export interface Principal {
  /** Stable user id (the username for local users). */
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  /** Values policies read as `user.<name>` (e.g. entities). */
  attributes: Record<string, unknown>;
}

/** What expressions see as `user`: id, username, roles, then the attributes. */
export function expressionUser(principal: Principal): Record<string, unknown> {
  return { ...principal.attributes, id: principal.id, username: principal.username, roles: principal.roles };
}

export function hasAnyRole(principal: Principal, roles: ReadonlySet<string> | readonly string[]): boolean {
  const set = roles instanceof Set ? roles : new Set(roles as readonly string[]);
  return principal.roles.some((role) => set.has(role));
}
