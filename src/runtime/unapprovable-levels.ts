import type { AppConfig, ConfigIssue } from '../app-model/index.js';
import type { YamlFile } from '../app-model/read-yaml-file.js';
import { fetchUsers } from '../governance/identity/user-store.js';
import type { SqlRunner } from '../warehouse/driver.js';

/**
 * Approval levels nobody could ever approve: no active user holds any of the
 * level's roles, and no one holds a role the request could escalate to. A
 * submission routed there would wait forever, so the definition editor refuses
 * the chain. With single sign-on, users (and their roles) arrive at their first
 * login, so there the check cannot know and reports nothing.
 */
export async function unapprovableLevels(config: AppConfig, yaml: YamlFile, users: SqlRunner, singleSignOn: boolean): Promise<ConfigIssue[]> {
  if (singleSignOn) return [];
  const chains = Object.entries(config.tables).filter(([, table]) => table.approvals);
  if (!chains.length) return [];
  const held = new Set((await fetchUsers(users)).filter((user) => !user.disabled).flatMap((user) => user.roles));
  const issues: ConfigIssue[] = [];
  for (const [name, table] of chains) {
    const approvals = table.approvals!;
    if (approvals.escalateTo?.some((role) => held.has(role))) continue;
    approvals.levels.forEach((level, i) => {
      if (level.roles.some((role) => held.has(role))) return;
      issues.push(
        yaml.issue(
          ['tables', name, 'approvals', 'levels', i, 'roles'],
          `nobody holds ${level.roles.join(' or ')}, so a submission routed to '${level.name}' could never be approved; give a user one of these roles or pick roles people hold`,
        ),
      );
    });
  }
  return issues;
}
