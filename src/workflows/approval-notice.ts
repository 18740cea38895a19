import type { ApprovalNotice, ChangeEvent } from '../writeback/change-event.js';
import type { WarehouseDriver } from '../warehouse/driver.js';
import { fetchUser } from '../governance/identity/user-store.js';
import { DELEGATIONS_TABLE } from './approval-tables.js';
import type { ApprovalStep } from './approval-records.js';
import { fetchSteps, type ApprovalStore } from './fetch-requests.js';
import type { ApprovalEvent } from './webhooks.js';
import { raw, runSql, sql } from '../warehouse/sql.js';

/**
 * The live event for something that happened to a request: who may see the
 * request is decided per viewer from it (`mayViewRequest`), on this server
 * and on others, so it carries the steps' reviewers and the active
 * delegations of users holding a role of the route. No row values.
 */
export async function approvalChangeEvent(store: ApprovalStore, system: WarehouseDriver, event: ApprovalEvent, now = new Date()): Promise<ChangeEvent> {
  const { request } = event;
  const steps = (await fetchSteps(store, [request.requestId])).get(request.requestId) ?? [];
  const routeRoles = new Set(request.route.flatMap((level) => level.roles));
  const { rows } = await runSql(system, sql`SELECT delegator, delegate FROM ${raw(DELEGATIONS_TABLE)} WHERE until_at > ${now.getTime()} ORDER BY delegator`);
  const delegations: ApprovalNotice['delegations'] = [];
  for (const row of rows) {
    const user = await fetchUser(system, String(row.delegator));
    if (!user || user.disabled || !user.roles.some((role) => routeRoles.has(role))) continue;
    delegations.push({ delegate: String(row.delegate), delegator: user.username, roles: [...user.roles] });
  }
  const approval: ApprovalNotice = {
    requestId: request.requestId,
    action: event.event,
    status: request.status,
    submittedBy: request.submittedBy,
    route: request.route,
    currentLevel: request.currentLevel,
    previousLevel: previousLevel(event),
    reviewers: reviewersOf(steps),
    delegations,
  };
  return {
    app: request.app,
    table: request.table,
    qualifiedTable: '',
    changesetId: request.requestId,
    user: event.actor,
    keys: [],
    rows: [],
    approval,
  };
}

/** Where the request waited before the event: the approved level, or the level it still names when closed from pending. */
function previousLevel(event: ApprovalEvent): number | null {
  const { request } = event;
  if (event.event === 'submitted' || event.event === 'applied' || event.event === 'conflict') return null;
  if (event.event === 'approved') {
    const index = request.route.findIndex((level) => level.name === event.level);
    return index >= 0 ? index : null;
  }
  return Math.min(request.currentLevel, request.route.length - 1);
}

function reviewersOf(steps: readonly ApprovalStep[]): string[] {
  const names = new Set<string>();
  for (const step of steps) {
    if (step.action !== 'approve' && step.action !== 'reject') continue;
    names.add(step.actor);
    if (step.onBehalfOf) names.add(step.onBehalfOf);
  }
  return [...names];
}
