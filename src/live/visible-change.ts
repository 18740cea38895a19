import type { z } from 'zod';
import type { ResolvedProject } from '../app-model/index.js';
import type { noticeEventSchema } from '../contract/live-contract.js';
import { AppError } from '../errors/index.js';
import { readRowPolicies, rowSatisfies } from '../governance/policies/index.js';
import { canOpenApp, hasAnyRole, type Principal } from '../governance/principal.js';
import { pickKey } from '../writeback/row-key.js';
import type { ChangeEvent } from '../writeback/change-event.js';
import { approvalFrame, changeFrame, commentFrame, noticeFrame } from './sse-frames.js';
import { visibleApproval } from './visible-approval.js';

export interface ClientChange {
  app: string;
  table: string;
  keys: Record<string, unknown>[];
  changesetId: string;
  user: string;
}

/** A comment added or deleted on a row the viewer may read (no text: the client reads the thread). */
export interface ClientComment {
  app: string;
  table: string;
  key: Record<string, unknown>;
  commentId: string;
  action: 'added' | 'deleted';
  user: string;
}

/**
 * What one viewer may learn of a comment event: for the app and table it was
 * written in, if the viewer may open the app and read the row.
 */
export function visibleComments(project: ResolvedProject, principal: Principal, event: ChangeEvent): ClientComment[] {
  const app = project.apps.get(event.app);
  const table = app?.tables.get(event.table);
  if (!app || !table || !event.comment || !canOpenApp(principal, app)) return [];
  let policies: ReturnType<typeof readRowPolicies>;
  try {
    policies = readRowPolicies(table, principal);
  } catch (error) {
    if (error instanceof AppError) return [];
    throw error;
  }
  return event.rows
    .filter((row) => rowSatisfies(policies, table, principal, row))
    .map((row) => ({
      app: app.name,
      table: table.name,
      key: pickKey(table, row),
      commentId: event.comment!.id,
      action: event.comment!.action,
      user: event.user,
    }));
}

/** The frames (already joined) one viewer gets for an event; empty when none. */
export function visibleFrames(project: ResolvedProject, principal: Principal, event: ChangeEvent): string {
  if (event.approval) {
    const approval = visibleApproval(project, principal, event);
    return approval ? approvalFrame(approval) : '';
  }
  if (event.comment) return visibleComments(project, principal, event).map(commentFrame).join('');
  if (event.notice) {
    const notice = visibleNotice(project, principal, event);
    return notice ? noticeFrame(notice) : '';
  }
  return visibleChanges(project, principal, event).map(changeFrame).join('');
}

/**
 * What one viewer may learn of a committed changeset: one message per app they
 * may open that shows the changed warehouse table, with only the keys of rows
 * their read policy lets them see.
 */
export function visibleChanges(project: ResolvedProject, principal: Principal, event: ChangeEvent): ClientChange[] {
  const out: ClientChange[] = [];
  for (const app of project.apps.values()) {
    if (!canOpenApp(principal, app)) continue;
    for (const table of app.tables.values()) {
      if (table.qualifiedName !== event.qualifiedTable) continue;
      let policies: ReturnType<typeof readRowPolicies>;
      try {
        policies = readRowPolicies(table, principal);
      } catch (error) {
        if (error instanceof AppError) continue;
        throw error;
      }
      const keys = event.rows.filter((row) => rowSatisfies(policies, table, principal, row)).map((row) => pickKey(table, row));
      if (keys.length) out.push({ app: app.name, table: table.name, keys, changesetId: event.changesetId, user: event.user });
    }
  }
  return out;
}

/** An action's message as a recipient reads it: the `notice` event of the live contract. */
export type ClientNotice = z.infer<typeof noticeEventSchema>;

/** The notice for a viewer holding one of its roles who may open its app; undefined for anyone else. */
export function visibleNotice(project: ResolvedProject, principal: Principal, event: ChangeEvent): ClientNotice | undefined {
  const notice = event.notice;
  const app = notice && project.apps.get(event.app);
  // The one who ran the action saw it done; the notice is for the others.
  if (!notice || !app || principal.username === event.user || !canOpenApp(principal, app) || !hasAnyRole(principal, notice.roles)) return undefined;
  const { roles: _recipients, ...shown } = notice;
  return { ...shown, app: event.app };
}
