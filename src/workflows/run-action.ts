import { ownEntry, type ActionStepConfig, type ResolvedApp, type ResolvedTable } from '../app-model/index.js';
import { parseNamedParams } from '../app-model/named-params.js';
import { AppError } from '../errors/index.js';
import { expressionUser, hasAnyRole, type Principal } from '../governance/principal.js';
import { coerceValue, type CanonicalValue } from '../warehouse/coerce-value.js';
import type { SqlRunner } from '../warehouse/driver.js';
import { ident, join, renderSql, sql, table as tableRef, typed } from '../warehouse/sql.js';
import { buildTableSource } from '../query/dataset-source.js';
import { applyChangeset } from '../writeback/apply-changeset.js';
import { uuid7 } from '../writeback/uuid7.js';
import { bindNamedParams } from '../writeback/bind-named-params.js';
import type { Change } from '../writeback/changeset-schema.js';
import { assertDirectWriteAllowed } from './direct-writes.js';
import { resolveSelection, selectionChanges } from './selection-changes.js';
import { submitRequest } from './submit-request.js';
import { planAction, resolveActionParams, resolveActionValue, stepsOf, type ActionParam, type PlannedStep, type ValueScope } from './plan-action.js';
import type { WorkflowContext } from './workflow-context.js';

/** What a successful run reports to the UI. */
export interface ActionResult {
  ok: true;
  steps: { index: number; path: string; step: string; status: string }[];
  /** Changeset of the write step, if any. */
  changesetId: string | null;
  /** Approval request of a write step that submits, if any. */
  requestId: string | null;
  /** Page variables to set. */
  set: Record<string, CanonicalValue>;
  /** Datasets to reload. */
  refresh: string[];
  /** Page to open, if any. */
  navigate: string | null;
}

const STATUS: Record<string, string> = {
  validate: 'passed',
  write: 'written',
  sql: 'ran',
  webhook: 'queued',
  set: 'set',
  refresh: 'requested',
  navigate: 'requested',
  notify: 'sent',
};

/**
 * Runs an action block: parameters and `validate`/`if` first, then the write
 * step through the write pipeline with the sql steps inside its transaction
 * (or the sql steps alone in one transaction), then, only after the commit,
 * the webhooks. Any failure throws `WF_ACTION_FAILED` naming the step; the
 * warehouse is left as it was and no webhook is sent.
 */
export async function runAction(
  context: WorkflowContext,
  app: ResolvedApp,
  name: string,
  principal: Principal,
  input: Record<string, unknown>,
  selected?: readonly Record<string, unknown>[],
): Promise<ActionResult> {
  const action = ownEntry(app.config.actions, name);
  if (!action) throw new AppError('WF_ACTION_NOT_FOUND', `App ${app.name} has no action '${name}'.`, { action: name });
  if (!hasAnyRole(principal, action.roles)) throw new AppError('GOV_FORBIDDEN_ACTION', `You may not run action '${name}'.`, { action: name });
  const driver = context.warehouse;
  const params = resolveActionParams(name, action, driver.dialect, input);
  const selection = resolveSelection(name, action, action.selection && app.tables.get(action.selection.table), selected);
  const user = expressionUser(principal);
  const plan = planAction(action, params, user);
  const scope: ValueScope = { params, user };
  if (plan.failure) throw actionFailed(name, plan.failure.at, plan.failure.cause);

  const identity = context.identityFor(principal);
  const sqlSteps = stepsOf(plan.steps, 'sql');
  // The sql step that threw, and its error: a later failure (a retried attempt, the audit rows) is the write's.
  let failedSql: { at: PlannedStep; error: unknown } | undefined;
  const runSqlSteps = async (tx: SqlRunner) => {
    for (const at of sqlSteps) {
      const q = renderSql(bindNamedParams(parseNamedParams(at.step.sql), boundParams(params)), driver.dialect);
      try {
        await tx.query(q.sql, q.params);
      } catch (error) {
        failedSql = { at, error };
        throw error;
      }
    }
  };

  // Without a write step to run them after, sql steps run in one transaction; where the warehouse has none, one by one.
  const runSqlStepsAlone = () =>
    driver.capabilities.transactions
      ? driver.transaction(runSqlSteps, { identity })
      : runSqlSteps({ dialect: driver.dialect, query: (text, values) => driver.query(text, values, { identity }) });

  const write = stepsOf(plan.steps, 'write')[0];
  let changesetId: string | null = null;
  let written: Record<string, unknown> | undefined;
  let requestId: string | null = null;
  try {
    if (write) {
      const table = app.tables.get(write.step.table)!;
      if (!write.step.submit) assertDirectWriteAllowed(table, principal);
      const changes =
        write.step.forEach === 'selection'
          ? await selectionChanges(driver, table, selection ?? [], resolveValues(write.step.values, scope), identity)
          : [await buildChange(context, app, table, write.step, scope, identity, principal)];
      if (write.step.submit) {
        requestId = (await submitRequest(context, app, table, principal, { changes, reason: `action ${name}` })).requestId;
      } else {
        const result = await applyChangeset(context.writeContext(app, table, principal, { afterChanges: runSqlSteps }), {
          changes,
          reason: `action ${name}`,
        });
        changesetId = result.changesetId;
        written = result.keys?.[0];
        // An update that changes nothing opens no transaction, so afterChanges did not run: the sql steps still do.
        if (result.applied === 0 && sqlSteps.length) await runSqlStepsAlone();
      }
    } else if (sqlSteps.length) {
      await runSqlStepsAlone();
    }
  } catch (error) {
    const cause = error instanceof AppError ? error : new AppError('INTERNAL', 'An unexpected error; the server log has the cause.', {}, { cause: error });
    const bySql = failedSql && (failedSql.error === error || (error instanceof Error && error.cause === failedSql.error));
    throw actionFailed(name, bySql ? failedSql!.at : (write ?? sqlSteps[0]!), cause);
  }

  const at = new Date().toISOString();
  for (const { step } of stepsOf(plan.steps, 'webhook')) {
    const payload = {
      event: 'action',
      at,
      app: app.name,
      action: name,
      user: principal.username,
      params: Object.fromEntries([...params].map(([k, p]) => [k, p.value])),
      changesetId,
    };
    context.sendWebhook(step, 'action', payload);
  }
  for (const { step } of stepsOf(plan.steps, 'notify'))
    context.announce(app.name, principal.username, {
      noticeId: uuid7(),
      appTitle: app.config.title,
      action: action.title ?? name,
      message: fillMessage(step.message, params, principal.displayName),
      by: principal.displayName,
      roles: step.roles,
      at,
    });
  return {
    ok: true,
    steps: plan.steps.map((s) => ({ index: s.index, path: s.path, step: s.step.type, status: s.branch ?? STATUS[s.step.type]! })),
    changesetId,
    requestId,
    set: Object.fromEntries(stepsOf(plan.steps, 'set').map(({ step }) => [step.variable, resolveActionValue(step.value, { ...scope, written })])),
    refresh: [...new Set(stepsOf(plan.steps, 'refresh').flatMap(({ step }) => step.datasets))],
    navigate: stepsOf(plan.steps, 'navigate').at(-1)?.step.page ?? null,
  };
}

function boundParams(params: ReadonlyMap<string, ActionParam>) {
  return new Map([...params].map(([key, p]) => [key, typed(p.value, p.type)]));
}

type WriteStep = Extract<ActionStepConfig, { type: 'write' }>;

/**
 * The write step as one change. An update expects the row's current values of
 * the columns it sets; an insert with copyFrom starts from the copied row's
 * values (key columns left to the warehouse unless values give them).
 */
async function buildChange(
  context: WorkflowContext,
  app: ResolvedApp,
  table: ResolvedTable,
  step: WriteStep,
  scope: ValueScope,
  identity: ReturnType<WorkflowContext['identityFor']>,
  principal: Principal,
): Promise<Change> {
  const values = resolveValues(step.values, scope);
  if (step.op === 'insert') {
    if (!step.copyFrom) return { op: 'insert', values };
    const source = app.tables.get(step.copyFrom.table ?? table.name)!;
    const columns = table.columns
      .filter((c) => source.columnByName.has(c.name) && !(table.key.includes(c.name) && c.hasDefault))
      .map((c) => c.name)
      .filter((c) => !Object.hasOwn(values, c));
    const row = await readRow(context, source, resolveValues(step.copyFrom.key, scope), columns, identity, principal);
    return { op: 'insert', values: { ...coerceRow(table, columns, row), ...values } };
  }
  const key = resolveValues(step.key ?? {}, scope);
  const columns = Object.keys(values).filter((c) => table.columnByName.has(c));
  const row = await readRow(context, table, key, columns, identity);
  return { op: 'update', key, set: values, expect: coerceRow(table, columns, row) };
}

function coerceRow(table: ResolvedTable, columns: string[], row: Record<string, unknown>): Record<string, CanonicalValue> {
  return Object.fromEntries(
    columns.map((c) => {
      const coerced = coerceValue(row[c], table.columnByName.get(c)!.type);
      return [c, coerced.ok ? coerced.value : null];
    }),
  );
}

/**
 * One row by key, read as the user (their warehouse identity; with `principal`,
 * also through the table's read policy, as a copy must): a row they may not
 * read is not found, like a row that is not there.
 */
async function readRow(
  context: WorkflowContext,
  table: ResolvedTable,
  key: Record<string, CanonicalValue>,
  columns: string[],
  identity: ReturnType<WorkflowContext['identityFor']>,
  principal?: Principal,
): Promise<Record<string, unknown>> {
  const where = Object.entries(key).map(([c, v]) => {
    const column = table.columnByName.get(c);
    if (!column) throw new AppError('WB_INVALID_KEY', `Key column '${c}' is not a column of ${table.name}.`, { column: c });
    return sql`${ident(c)} = ${typed(v, column.type)}`;
  });
  const from = principal ? sql`(${buildTableSource(table, principal, {})}) AS ${ident('readable')}` : tableRef(table.qualifiedName);
  const q = renderSql(
    sql`SELECT ${join(
      (columns.length ? columns : table.key).map((c) => ident(c)),
      ', ',
    )} FROM ${from} WHERE ${join(where, ' AND ')}`,
    context.warehouse.dialect,
  );
  const row = (await context.warehouse.query(q.sql, q.params, { identity })).rows[0];
  if (!row) throw new AppError('ROW_NOT_FOUND', `No row of ${table.name} has the key ${JSON.stringify(key)} (or it is not yours to read).`, { key });
  return row;
}

/** `:name` in a notice's text is the parameter's value (dates as written, YYYY-MM-DD), `:user` who ran the action. */
function fillMessage(message: string, params: ReadonlyMap<string, ActionParam>, by: string): string {
  return message.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => {
    if (name === 'user') return by;
    const param = params.get(name);
    return param ? String(param.value ?? '') : whole;
  });
}

function resolveValues(values: Record<string, string | number | boolean | null>, scope: ValueScope) {
  return Object.fromEntries(Object.entries(values).map(([c, v]) => [c, resolveActionValue(v, scope)]));
}

function actionFailed(action: string, at: PlannedStep, cause: AppError): AppError {
  return new AppError(
    'WF_ACTION_FAILED',
    `Action ${action} stopped at step ${at.path} (${at.step.type}): ${cause.message} Nothing was written.`,
    { action, step: at.step.type, index: at.index, path: at.path, cause: { code: cause.code, message: cause.message, details: cause.details } },
    { cause },
  );
}
