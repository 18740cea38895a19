import type { ResolvedApp, ResolvedTable } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import type { TransactionRunner, WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import type { PublishChange } from './change-event.js';

export interface WriteContext {
  driver: WarehouseDriver;
  auditSchema: string;
  app: ResolvedApp;
  table: ResolvedTable;
  principal: Principal;
  /** Database role and claims for the statements (passthrough mode); audit rows are written as the service identity. */
  identity?: WarehouseIdentity;
  /** Set when this changeset reverts an earlier one (recorded in the audit). */
  reverts?: string;
  /** Set by approval workflows (a submission's dry run, an approved request's apply): approval-only write policies count. */
  viaApproval?: boolean;
  publish: PublishChange;
  /**
   * Extra statements of the same unit of work (an action's sql steps): run in
   * the write transaction after the change statements, rules and gates and
   * before the audit rows, as the statements' identity. A throw rolls the
   * whole changeset back. Not run by `checkChangeset`.
   */
  afterChanges?: (tx: TransactionRunner) => Promise<void>;
}
