import type { ResolvedApp, ResolvedProject, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { Principal } from '../governance/principal.js';
import type { WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import type { ActionNotice, PublishChange } from '../writeback/change-event.js';
import type { WriteContextFactory } from '../writeback/write-context.js';
import type { ApprovalRequest } from './approval-records.js';
import type { ApprovalStore } from './fetch-requests.js';
import type { ApprovalEvent, WebhookTarget } from './webhooks.js';

/** Everything approval operations read and write, wired once per server. */
export interface WorkflowContext {
  /** The warehouse: approval tables live in its audit schema, next to the changesets. */
  warehouse: WarehouseDriver;
  /** The system store: users and delegations. */
  system: WarehouseDriver;
  /** The current definitions (replaced on reload). */
  project(): ResolvedProject;
  /** The database identity a user's statements run under (undefined in service mode). */
  identityFor(principal: Principal): WarehouseIdentity | undefined;
  /** Publishes applied changes to open views. */
  publish: PublishChange;
  /** Complete write contexts for the write pipeline (the user's warehouse identity resolved). */
  writeContext: WriteContextFactory;
  /** Sends an approval event to the app's webhooks and e-mail recipients in the background; never throws. */
  notify(event: ApprovalEvent): void;
  /** Sends a payload to one webhook target in the background (signed, retried); never throws. */
  sendWebhook(target: WebhookTarget, event: string, payload: unknown): void;
  /**
   * Tells the users holding a role of the notice's what an action did: live
   * to those with the app open anywhere, and by e-mail (their email attribute)
   * when the project has an smtp server. In the background; never throws.
   */
  announce(app: string, user: string, notice: ActionNotice): void;
}

export function approvalStore(context: WorkflowContext): ApprovalStore {
  return { runner: context.warehouse, dialect: context.warehouse.dialect, schema: auditSchema(context) };
}

export function auditSchema(context: WorkflowContext): string {
  return context.project().config.audit.schema;
}

/** The app and writable table a request belongs to, as currently defined. */
export function resolveRequestTarget(
  context: WorkflowContext,
  request: Pick<ApprovalRequest, 'app' | 'table' | 'requestId'>,
): { app: ResolvedApp; table: ResolvedTable } {
  const app = context.project().apps.get(request.app);
  const table = app?.tables.get(request.table);
  if (!app || !table) {
    throw new AppError('TABLE_NOT_FOUND', `Request ${request.requestId} names table ${request.table} of app ${request.app}, which is no longer defined.`, {
      requestId: request.requestId,
    });
  }
  return { app, table };
}

const RACE_CODES = new Set(['DRV_UNIQUE_VIOLATION', 'DRV_TRANSACTION_CONFLICT']);

/**
 * Runs a read-decide-record action again when a concurrent action on the
 * same request made its transition collide, so the rerun decides on the
 * state the other one left.
 */
export async function retryOnRace<T>(action: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof AppError && RACE_CODES.has(error.code))) throw error;
      if (attempt >= attempts)
        throw new AppError('WF_REQUEST_CLOSED', 'The request was changed by someone else at the same time; reload it.', {}, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
