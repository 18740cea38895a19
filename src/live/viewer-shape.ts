import type { ResolvedProject } from '../app-model/index.js';
import { rootReads } from '../app-model/expression/parse-expression.js';
import { expressionUser, type Principal } from '../governance/principal.js';

/** The `user.*` fields the read policies of some roles read, or `all` when one uses `user` whole. */
type UserReads = readonly string[] | 'all';

/** Per project (replaced on reload), per sorted role list. */
const readsByProject = new WeakMap<ResolvedProject, Map<string, UserReads>>();

/**
 * A key that two viewers share only if every change event shows them the
 * same thing, so that events are filtered and serialised once per shape, not
 * once per viewer. What a viewer sees of an event (`visibleChanges`) depends
 * on their roles (apps they may open, read policies that apply), on their
 * app limit (an embedded viewer's embedding), and on the
 * `user.*` values that the row expressions of those policies read; the key is
 * exactly those. Two partners with the same entities share a shape, and so
 * do all users of roles that read every row; a policy reading `user.id`
 * gives each of its users a shape of their own.
 */
export function viewerShape(project: ResolvedProject, principal: Principal): string {
  const roles = [...new Set(principal.roles)].sort();
  const reads = userReadsOf(project, roles);
  const user = expressionUser(principal);
  const names = reads === 'all' ? Object.keys(user).sort() : reads;
  // A missing field and a null one evaluate differently: keep them apart.
  const values = names.map((name) => (Object.hasOwn(user, name) ? [name, user[name]] : [name]));
  // An app limit (embedded viewers) changes which apps' events show at all.
  const apps = principal.apps === undefined ? null : [...new Set(principal.apps)].sort();
  return JSON.stringify([roles, values, apps]);
}

/** Mirrors `visibleChanges` and `readRowPolicies`: the expressions evaluated for a viewer of these roles. */
function userReadsOf(project: ResolvedProject, roles: string[]): UserReads {
  let byRoles = readsByProject.get(project);
  if (!byRoles) readsByProject.set(project, (byRoles = new Map()));
  const key = JSON.stringify(roles);
  let reads = byRoles.get(key);
  if (reads) return reads;
  const held = new Set(roles);
  const fields = new Set<string>();
  let whole = false;
  for (const app of project.apps.values()) {
    if (!app.config.roles.some((role) => held.has(role))) continue;
    for (const table of app.tables.values()) {
      const mine = (table.readPolicies ?? []).filter((policy) => roles.some((role) => policy.roles.has(role)));
      // No policy of theirs: nothing to read; one without rows: every row, no expression evaluated.
      if (mine.length === 0 || mine.some((policy) => !policy.rows)) continue;
      for (const policy of mine) {
        const found = rootReads(policy.rows!.ast, 'user');
        whole ||= found.whole;
        for (const field of found.fields) fields.add(field);
      }
    }
  }
  reads = whole ? 'all' : [...fields].sort();
  byRoles.set(key, reads);
  return reads;
}
