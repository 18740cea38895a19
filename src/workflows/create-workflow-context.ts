import type { ResolvedProject } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import type { WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import type { PublishChange } from '../writeback/change-event.js';
import { writeContextFactory } from '../writeback/write-context.js';
import { fetchUsers } from '../governance/identity/user-store.js';
import { buildNoticeEmail, emailOf } from './build-email.js';
import { createEmailNotifier, type SmtpSettings } from './email-notifications.js';
import { approvalChangeEvent } from './approval-notice.js';
import { createWebhookNotifier } from './webhooks.js';
import { approvalStore, type WorkflowContext } from './workflow-context.js';

export interface WorkflowSetup {
  warehouse: WarehouseDriver;
  system: WarehouseDriver;
  project(): ResolvedProject;
  identityFor(principal: Principal): WarehouseIdentity | undefined;
  publish: PublishChange;
  /** Where background problems (webhook and e-mail deliveries) are reported. */
  onError(message: string): void;
  /** Waits between webhook and e-mail attempts (default 1 s, 5 s). */
  webhookRetryDelaysMs?: readonly number[];
  /** The mail server for e-mail notifications, resolved at each send; omitted or undefined: no e-mail. */
  smtp?(): SmtpSettings | undefined;
}

/**
 * Wires the workflow operations (the approval tables were created when the
 * project opened); `close` stops webhook and e-mail retries.
 */
export async function createWorkflowContext(setup: WorkflowSetup): Promise<WorkflowContext & { close(): Promise<void> }> {
  const notifier = createWebhookNotifier({ project: setup.project, onError: setup.onError, retryDelaysMs: setup.webhookRetryDelaysMs });
  const mailer = createEmailNotifier({
    project: setup.project,
    smtp: () => setup.smtp?.(),
    fetchUsers: () => fetchUsers(setup.system),
    onError: setup.onError,
    retryDelaysMs: setup.webhookRetryDelaysMs,
  });
  const context: WorkflowContext & { close(): Promise<void> } = {
    warehouse: setup.warehouse,
    system: setup.system,
    project: setup.project,
    identityFor: setup.identityFor,
    publish: setup.publish,
    writeContext: writeContextFactory({
      driver: setup.warehouse,
      auditSchema: () => setup.project().config.audit.schema,
      identityFor: setup.identityFor,
      publish: setup.publish,
    }),
    notify: (event) => {
      notifier.notify(event);
      mailer.notify(event);
      // Open inboxes and request pages refresh: the live stream tells those who may see the request.
      approvalChangeEvent(approvalStore(context), setup.system, event)
        .then(setup.publish)
        .catch((error: unknown) => setup.onError(`live approval event for ${event.request.requestId}: ${String(error)}`));
    },
    sendWebhook: (target, event, payload) => notifier.send(target, event, payload),
    announce: (app, user, notice) => {
      setup.publish({ app, table: '', qualifiedTable: '', changesetId: notice.noticeId, user, keys: [], rows: [], notice });
      let smtp: SmtpSettings | undefined;
      try {
        smtp = setup.smtp?.();
      } catch (error) {
        return setup.onError(`e-mail of notice ${notice.noticeId} not sent: ${(error as Error).message}`);
      }
      if (!smtp) return;
      fetchUsers(setup.system)
        .then((users) => {
          const to = users.filter((u) => !u.disabled && u.username !== user && u.roles.some((r) => notice.roles.includes(r))).flatMap((u) => emailOf(u) ?? []);
          if (to.length) mailer.send(buildNoticeEmail(notice, to));
        })
        .catch((error: unknown) => setup.onError(`e-mail of notice ${notice.noticeId} not sent: ${String(error)}`));
    },
    close: async () => {
      await Promise.all([notifier.close(), mailer.close()]);
    },
  };
  return context;
}
