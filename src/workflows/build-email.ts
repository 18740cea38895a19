import type { StoredUser } from '../governance/identity/user-store.js';
import { currentLevelOf } from './approval-records.js';
import type { ActionNotice } from '../writeback/change-event.js';
import type { ApprovalEvent } from './webhooks.js';

/** One e-mail about an approval event, ready to send. */
export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const SUBJECTS: Record<ApprovalEvent['event'], string> = {
  submitted: 'submitted for approval',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  escalated: 'escalated',
  expired: 'expired',
  applied: 'approved and applied',
  conflict: 'could not be applied (conflict)',
};

/** The `email` attribute of a user, when it holds one. */
export function emailOf(user: StoredUser | undefined): string | undefined {
  const value = user?.attributes.email;
  return typeof value === 'string' && value.includes('@') ? value : undefined;
}

/**
 * The addresses a recipient rule names: `approvers` are the enabled users
 * holding a role of the level now waiting (none once the route is done),
 * `submitter` is the user who submitted, anything else is an address.
 */
export function buildRecipients(to: string, event: ApprovalEvent, users: readonly StoredUser[]): string[] {
  if (to === 'submitter') {
    const address = emailOf(users.find((user) => user.username === event.request.submittedBy));
    return address ? [address] : [];
  }
  if (to !== 'approvers') return [to];
  const waiting = event.request.status === 'pending' ? currentLevelOf(event.request) : undefined;
  if (!waiting) return [];
  const addresses = users
    .filter((user) => !user.disabled && user.roles.some((role) => waiting.roles.includes(role)))
    .map(emailOf)
    .filter((address): address is string => address !== undefined);
  return [...new Set(addresses)];
}

/** Subject, plain text and HTML telling what happened to a request; links to it when the public address is known. */
export function buildEmail(event: ApprovalEvent, to: string[], publicUrl: string | undefined): EmailMessage {
  const { request } = event;
  const subject = `Request ${request.requestId} ${SUBJECTS[event.event]} (${request.app} / ${request.table})`;
  const link = publicUrl ? `${publicUrl.replace(/\/+$/, '')}/#/approvals/${encodeURIComponent(request.requestId)}` : undefined;
  const waiting = request.status === 'pending' ? currentLevelOf(request)?.name : undefined;
  const facts: [string, string][] = [
    ['Request', request.requestId],
    ['App / table', `${request.app} / ${request.table}`],
    ['Amount', String(request.amount)],
    ['Submitted by', request.submittedBy],
    ['By', event.actor],
  ];
  if (waiting) facts.push(['Waiting for', waiting]);
  if (request.reason) facts.push(['Reason', request.reason]);
  if (event.comment && event.comment !== request.reason) facts.push(['Comment', event.comment]);
  const headline = `Request ${request.requestId} was ${SUBJECTS[event.event]} by ${event.actor}.`;
  const text = [headline, '', ...facts.map(([name, value]) => `${name}: ${value}`), ...(link ? ['', `Open it: ${link}`] : [])].join('\n') + '\n';
  const rows = facts.map(([name, value]) => `<tr><th align="left">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  const html = `<p>${escapeHtml(headline)}</p><table>${rows}</table>${link ? `<p><a href="${escapeHtml(link)}">Open the request</a></p>` : ''}`;
  return { to, subject, text, html };
}

/** One e-mail of an action's `notify` step: the message, who ran the action and when. */
export function buildNoticeEmail(notice: ActionNotice, to: string[]): EmailMessage {
  const subject = `${notice.appTitle}: ${notice.message.length > 80 ? `${notice.message.slice(0, 77)}…` : notice.message}`;
  const facts: [string, string][] = [
    ['App', notice.appTitle],
    ['Action', notice.action],
    ['By', notice.by],
    ['At', notice.at],
  ];
  const text = [notice.message, '', ...facts.map(([name, value]) => `${name}: ${value}`)].join('\n') + '\n';
  const rows = facts.map(([name, value]) => `<tr><th align="left">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  return { to, subject, text, html: `<p>${escapeHtml(notice.message)}</p><table>${rows}</table>` };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
