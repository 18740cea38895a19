/** The authenticated user a request acts for. */
export interface Principal {
  /** Stable user id (the username for local users). */
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  /** Values policies read as `user.<name>` (e.g. entities). */
  attributes: Record<string, unknown>;
  /** The only apps this principal may open, whatever its roles (an embedded viewer: its embedding's apps); undefined: no such limit. */
  apps?: readonly string[];
}

/** What expressions see as `user`: id, username, roles, then the attributes. */
export function expressionUser(principal: Principal): Record<string, unknown> {
  return { ...principal.attributes, id: principal.id, username: principal.username, roles: principal.roles };
}

/** Whether the principal may open the app: a role of the app's, and the app within the principal's own limit. */
export function canOpenApp(principal: Principal, app: { name: string; config: { roles: readonly string[] } }): boolean {
  return hasAnyRole(principal, app.config.roles) && (principal.apps === undefined || principal.apps.includes(app.name));
}

export function hasAnyRole(principal: Principal, roles: ReadonlySet<string> | readonly string[]): boolean {
  const set = roles instanceof Set ? roles : new Set(roles as readonly string[]);
  return principal.roles.some((role) => set.has(role));
}
