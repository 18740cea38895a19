import type { ResolvedApp, ResolvedTable } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import type { TransactionRunner, WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import type { PublishChange } from './change-event.js';

declare const complete: unique symbol;

/**
 * Everything one changeset is written with. Only `writeContextFactory` makes
 * one (the brand keeps hand-built objects out), so no write path can forget
 * the user's warehouse identity and silently lose the warehouse's own
 * row-level security.
 */
export interface WriteContext {
  readonly driver: WarehouseDriver;
  readonly auditSchema: string;
  readonly app: ResolvedApp;
  readonly table: ResolvedTable;
  readonly principal: Principal;
  /** Database role and claims the statements run under (passthrough mode), or null: the service identity. Audit rows are always written as the service identity. */
  readonly identity: WarehouseIdentity | null;
  /** Set when this changeset reverts an earlier one (recorded in the audit). */
  readonly reverts?: string;
  /** Set by approval workflows (a submission's dry run, an approved request's apply): approval-only write policies count. */
  readonly viaApproval?: boolean;
  readonly publish: PublishChange;
  /**
   * Extra statements of the same unit of work (an action's sql steps): run in
   * the write transaction after the change statements, rules and gates and
   * before the audit rows, as the statements' identity. A throw rolls the
   * whole changeset back. Not run by `checkChangeset`.
   */
  readonly afterChanges?: (tx: TransactionRunner) => Promise<void>;
  readonly [complete]: true;
}

/** What a write path may choose; everything else comes from the server's wiring. */
export interface WriteOptions {
  reverts?: string;
  viaApproval?: boolean;
  afterChanges?: (tx: TransactionRunner) => Promise<void>;
}

/** The server's wiring of writes: one per server, shared by every route and workflow. */
export interface WriteServices {
  driver: WarehouseDriver;
  /** The audit schema of the current definitions (they change on reload). */
  auditSchema(): string;
  /** The database identity a user's statements run under; undefined in service mode. */
  identityFor(principal: Principal): WarehouseIdentity | undefined;
  publish: PublishChange;
}

export type WriteContextFactory = (app: ResolvedApp, table: ResolvedTable, principal: Principal, options?: WriteOptions) => WriteContext;

/** The one way to make write contexts: identity resolved for the principal, audit schema of the current definitions. */
export function writeContextFactory(services: WriteServices): WriteContextFactory {
  return (app, table, principal, options = {}) =>
    ({
      driver: services.driver,
      auditSchema: services.auditSchema(),
      app,
      table,
      principal,
      identity: services.identityFor(principal) ?? null,
      publish: services.publish,
      ...options,
    }) as WriteContext;
}
