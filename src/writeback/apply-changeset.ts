import { createHash } from 'node:crypto';
import type { WriteOperation } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { buildAuditInserts, recordRejection, type UnsealedChangeset } from '../governance/audit/index.js';
import type { Row, TransactionRunner, WarehouseDriver } from '../warehouse/driver.js';
import { renderSql } from '../warehouse/sql.js';
import { applyOneStatement, planOneStatement } from './apply-one-statement.js';
import { runSerialized } from './apply-serialized.js';
import type { ChangeEvent } from './change-event.js';
import { changesetRecord } from './changeset-record.js';
import type { ChangesetRequest, ChangesetResult } from './changeset-schema.js';
import { explainDuplicateKeys } from './explain-duplicate-keys.js';
import { findReplay } from './find-replay.js';
import { assertOneChangePerRow } from './group-changes.js';
import { type PreparedChange, prepareChanges } from './prepare-changes.js';
import { pickKey } from './row-key.js';
import { type AppliedChange, runGroups } from './run-groups.js';
import { validateLookups, validateValues } from './validate-values.js';
import { validationError } from './validation-issue.js';
import type { WriteContext } from './write-context.js';

export type { WriteContext } from './write-context.js';

const MAX_ATTEMPTS = 8;

/**
 * The one write path. authorise → validate → apply the changes set-based
 * with their audit rows in ONE transaction (or ONE statement, see
 * apply-one-statement.ts; or, on engines without transactions or without
 * `RETURNING`, checked then applied per table, see apply-serialized.ts) →
 * commit → publish; the audit chain is sealed
 * after. Any failure rolls back the whole changeset: nothing is written and
 * nothing is audited. See README.md here.
 */
export async function applyChangeset(context: WriteContext, request: ChangesetRequest): Promise<ChangesetResult> {
  return noteRefusals(context, request, () => applyOrRefuse(context, request));
}

/** What a dry run found: the rows as the changeset would write them, in change order. */
export interface ChangesetCheck {
  /** Changes that would write something (no-op updates dropped). */
  changes: number;
  /** Inserted and updated rows as the statements returned them, deleted rows as they were. */
  rows: { op: WriteOperation; row: Row }[];
}

/**
 * The dry run of `applyChangeset` (used to stage a changeset for approval):
 * the same authorisation and validation, then the guarded statements and
 * cross-field rules inside a transaction that is always rolled back, so
 * policy, validation and conflict refusals surface now and nothing is written
 * or audited. Refusals are recorded like those of a write.
 */
export async function checkChangeset(context: WriteContext, request: ChangesetRequest): Promise<ChangesetCheck> {
  return noteRefusals(context, request, async () => {
    const changes = await prepareAndValidate(context, request);
    if (changes.length === 0) return { changes: 0, rows: [] };
    const rows = await withRetries(context, changes, async () => {
      if (checksThenApplies(context.driver)) {
        return (await runSerialized(context, changes)).applied.map(({ change, row }) => ({ op: change.op, row }));
      }
      try {
        await context.driver.transaction(
          async (tx) => {
            const { applied } = await runGroups(context, tx, changes);
            throw new RollBack(applied.map(({ change, row }) => ({ op: change.op, row })));
          },
          { identity: context.identity ?? undefined },
        );
      } catch (error) {
        const rollBack = error instanceof RollBack ? error : error instanceof Error && error.cause instanceof RollBack ? error.cause : undefined;
        if (rollBack) return rollBack.rows;
        throw error;
      }
      throw new Error('unreachable: the dry run always rolls back');
    });
    return { changes: changes.length, rows };
  });
}

/**
 * The check-then-apply strategy (apply-serialized.ts) where the guarded
 * statements cannot run: no transactions, or no `RETURNING` to learn what
 * they changed.
 */
function checksThenApplies(driver: WarehouseDriver): boolean {
  return !driver.capabilities.transactions || !driver.capabilities.supportsReturning;
}

/** Thrown to end a dry run's transaction: the driver rolls back and rethrows it (some drivers wrap it as the `cause`). */
class RollBack {
  constructor(readonly rows: ChangesetCheck['rows']) {}
}

async function noteRefusals<T>(context: WriteContext, request: ChangesetRequest, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.status >= 403 && error.status < 500) await noteRejection(context, request, error);
    throw error;
  }
}

/** Refusals feed the activity figures; failing to record one must not hide the refusal itself. */
async function noteRejection(context: WriteContext, request: ChangesetRequest, error: AppError): Promise<void> {
  const { driver, auditSchema, app, table, principal } = context;
  await recordRejection(driver, driver.dialect, auditSchema, {
    username: principal.username,
    app: app.name,
    tableName: table.qualifiedName,
    code: error.code,
    changeCount: request.changes.length,
    message: error.message,
  }).catch(() => undefined);
}

/** Structure, authorisation, coercion, value rules and lookups: every problem at once, before any statement runs. */
async function prepareAndValidate(context: WriteContext, request: ChangesetRequest): Promise<PreparedChange[]> {
  const { driver, table, principal } = context;
  const prepared = prepareChanges(table, principal, request.changes, context.viaApproval);
  assertOneChangePerRow(table, prepared.changes);
  const issues = [...prepared.issues, ...validateValues(table, prepared.changes)];
  if (issues.length === 0) {
    const identity = context.identity ?? undefined;
    const asUser = { dialect: driver.dialect, query: (text: string, params?: readonly unknown[]) => driver.query(text, params, { identity }) };
    issues.push(...(await validateLookups(asUser, driver.dialect, table, prepared.changes)));
  }
  if (issues.length) throw validationError(issues);
  return prepared.changes;
}

async function applyOrRefuse(context: WriteContext, request: ChangesetRequest): Promise<ChangesetResult> {
  const { driver, principal } = context;
  const requestHash = hashRequest(context, request);
  if (request.idempotencyKey) {
    const replay = await findReplay(driver, context.auditSchema, principal.id, request.idempotencyKey, requestHash);
    if (replay) return replay;
  }
  const changes = await prepareAndValidate(context, request);
  if (changes.length === 0) return { changesetId: null, applied: 0, replayed: false };

  const oneStatement = planOneStatement(context, changes);
  try {
    const event = await withRetries(context, changes, async () => {
      const record = changesetRecord(context, changes, request, requestHash);
      if (oneStatement) return changeEvent(context, record, [await applyOneStatement(context, oneStatement, record)]);
      if (checksThenApplies(driver)) {
        const { applied } = await runSerialized(context, changes, { record, afterChanges: context.afterChanges });
        return changeEvent(context, record, rowsOf(applied));
      }
      return await driver.transaction((tx) => applyInTransaction(context, tx, changes, record), { identity: context.identity ?? undefined });
    });
    context.publish(event);
    return { changesetId: event.changesetId, applied: changes.length, replayed: false, keys: event.keys };
  } catch (error) {
    // A concurrent twin of this submission may have committed first: answer with its result.
    if (error instanceof AppError && request.idempotencyKey) {
      const replay = await findReplay(driver, context.auditSchema, principal.id, request.idempotencyKey, requestHash);
      if (replay) return replay;
    }
    throw error;
  }
}

/**
 * Runs one attempt of the changeset again while another transaction touched
 * the same rows (the rerun's guards see its result); a duplicate key refused
 * by the warehouse is explained per change.
 */
async function withRetries<T>(context: WriteContext, changes: readonly PreparedChange[], attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof AppError && error.code === 'DRV_UNIQUE_VIOLATION') throw await explainDuplicateKeys(context, changes, error);
      if (!(error instanceof AppError && error.code === 'DRV_TRANSACTION_CONFLICT' && n < MAX_ATTEMPTS)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * n));
    }
  }
}

async function applyInTransaction(context: WriteContext, tx: TransactionRunner, changes: PreparedChange[], record: UnsealedChangeset): Promise<ChangeEvent> {
  const { driver } = context;
  const { applied, cells } = await runGroups(context, tx, changes);
  if (context.afterChanges) await context.afterChanges(tx);
  // Audit rows are written by the service identity: users cannot write audit tables themselves.
  await tx.useServiceIdentity();
  for (const statement of buildAuditInserts(context.auditSchema, record, cells, driver.capabilities.writableCtes)) {
    const q = renderSql(statement, driver.dialect);
    await tx.query(q.sql, q.params);
  }
  return changeEvent(context, record, rowsOf(applied));
}

function rowsOf(applied: readonly AppliedChange[]): Row[] {
  return applied.map((a) => a.row);
}

function changeEvent(context: WriteContext, record: UnsealedChangeset, rows: Row[]): ChangeEvent {
  const { table } = context;
  return {
    app: context.app.name,
    table: table.name,
    qualifiedTable: table.qualifiedName,
    changesetId: record.changesetId,
    user: context.principal.username,
    keys: rows.map((r) => pickKey(table, r)),
    rows,
  };
}

function hashRequest(context: WriteContext, request: ChangesetRequest): string {
  const body = JSON.stringify([context.app.name, context.table.name, request.changes, request.reason ?? null]);
  return createHash('sha256').update(body).digest('hex');
}
