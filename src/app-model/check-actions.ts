import type { ActionConfig, ActionStepConfig, AppConfig } from './app-schema.js';
import { parseExpression, referencedFields } from './expression/parse-expression.js';
import { parseNamedParams } from './named-params.js';

/** What action expressions (`validate`, `if`) see. */
export const ACTION_ROOTS = ['params', 'user'] as const;

type At = (path: (string | number)[], message: string) => void;

/**
 * Cross-references of action blocks: roles, expressions, parameters named
 * by `:name`, tables, datasets and pages; at most one write step, and sql
 * steps after it (they run in its transaction, after its statements).
 */
export function checkActions(config: AppConfig, at: At, checkRoles: (roles: string[], path: (string | number)[]) => void): void {
  const pages = new Set(config.pages.map((p) => p.id));
  const datasets = new Set([...Object.keys(config.datasets), ...Object.keys(config.tables)]);
  for (const [name, action] of Object.entries(config.actions)) {
    const base = ['actions', name];
    checkRoles(action.roles, [...base, 'roles']);
    const param = (ref: unknown, path: (string | number)[]) => {
      if (typeof ref === 'string' && /^:[A-Za-z_][A-Za-z0-9_]*$/.test(ref) && !Object.hasOwn(action.params, ref.slice(1)))
        at(path, `parameter ${ref} is not declared under params`);
      if (typeof ref === 'string' && ref.startsWith(':written.')) at(path, ':written.column names the written row in a set step only');
    };
    // `:written.column` in set steps: checked once the write step is known.
    const written: { column: string; path: (string | number)[] }[] = [];
    let writeTable: string | undefined;
    let submitting = false;
    const sqlSteps: (string | number)[][] = [];
    if (action.selection && !Object.hasOwn(config.tables, action.selection.table))
      at([...base, 'selection', 'table'], `'${action.selection.table}' is not a writable table of this app`);
    for (const [p, spec] of Object.entries(action.params))
      if (spec.options && !datasets.has(spec.options.dataset))
        at([...base, 'params', p, 'options', 'dataset'], `'${spec.options.dataset}' is not a dataset of this app`);
    let writes = 0;
    let sqlBeforeWrite: (string | number)[] | undefined;
    const walk = (steps: readonly ActionStepConfig[], path: (string | number)[]) =>
      steps.forEach((step, i) => {
        const here = [...path, i];
        if (step.type === 'validate' || step.type === 'if')
          checkExpression(action, step.type === 'validate' ? step.check : step.when, [...here, step.type === 'validate' ? 'check' : 'when'], at);
        if (step.type === 'if') {
          walk(step.then, [...here, 'then']);
          if (step.else) walk(step.else, [...here, 'else']);
        } else if (step.type === 'write') {
          writes += 1;
          if (writes > 1) at(here, 'an action has at most one write step (one changeset, one transaction)');
          if (sqlBeforeWrite) at(sqlBeforeWrite, "sql steps run in the write step's transaction, after its statements: put them after the write step");
          sqlBeforeWrite = undefined;
          if (!Object.hasOwn(config.tables, step.table)) at([...here, 'table'], `'${step.table}' is not a writable table of this app`);
          writeTable = step.table;
          if (step.copyFrom) checkCopyFrom(config, step, here, at, param);
          if (step.submit && Object.hasOwn(config.tables, step.table) && !config.tables[step.table]!.approvals)
            at([...here, 'submit'], `${step.table} has no approval chain to submit to: add approvals to the table, or write directly`);
          submitting = step.submit;
          if (step.forEach === 'selection') {
            if (!action.selection) at([...here, 'forEach'], 'forEach: selection needs a selection on the action (selection: { table })');
            else if (action.selection.table !== step.table) at([...here, 'table'], `the selection is of '${action.selection.table}'; write that table`);
            if (step.op !== 'update') at([...here, 'op'], 'forEach: selection updates the selected rows (op: update)');
            if (step.key) at([...here, 'key'], 'with forEach: selection the selected rows are the keys; remove key');
          } else if (step.op === 'update' && !step.key) at([...here, 'key'], 'an update names the row to change under key (or forEach: selection)');
          if (step.op === 'insert' && step.key && step.forEach !== 'selection') at([...here, 'key'], 'an insert takes its key columns under values');
          for (const [column, value] of Object.entries({ ...step.values, ...step.key }))
            param(value, [...here, step.key && Object.hasOwn(step.key, column) ? 'key' : 'values', column]);
        } else if (step.type === 'sql') {
          sqlSteps.push(here);
          if (writes === 0) sqlBeforeWrite ??= here;
          for (const p of new Set(parseNamedParams(step.sql).names))
            if (!Object.hasOwn(action.params, p)) at([...here, 'sql'], `parameter :${p} is not declared under params`);
        } else if (step.type === 'notify') {
          checkRoles(step.roles, [...here, 'roles']);
          for (const match of step.message.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g))
            if (match[1] !== 'user' && !Object.hasOwn(action.params, match[1]!))
              at([...here, 'message'], `parameter :${match[1]} is not declared under params`);
        } else if (step.type === 'set') {
          const match = typeof step.value === 'string' ? /^:written\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(step.value) : null;
          if (match) written.push({ column: match[1]!, path: [...here, 'value'] });
          else param(step.value, [...here, 'value']);
        } else if (step.type === 'refresh')
          step.datasets.forEach((d, j) => datasets.has(d) || at([...here, 'datasets', j], `'${d}' is not a dataset of this app`));
        else if (step.type === 'navigate' && !pages.has(step.page)) at([...here, 'page'], `'${step.page}' is not a page of this app`);
      });
    walk(action.steps, [...base, 'steps']);
    if (submitting && sqlSteps.length) at(sqlSteps[0]!, 'a write step that submits for approval writes nothing now: sql steps cannot run with it');
    const keyOfWrite = writeTable && Object.hasOwn(config.tables, writeTable) ? config.tables[writeTable]!.key : undefined;
    for (const ref of written) {
      if (!keyOfWrite) at(ref.path, ':written.column needs a write step whose row it names');
      else if (!keyOfWrite.includes(ref.column)) at(ref.path, `'${ref.column}' is not a key column of ${writeTable} (${keyOfWrite.join(', ')})`);
    }
  }
}

/** A copy is of one row of the table the step inserts into, named by every key column. */
function checkCopyFrom(
  config: AppConfig,
  step: Extract<ActionStepConfig, { type: 'write' }>,
  here: (string | number)[],
  at: At,
  param: (ref: unknown, path: (string | number)[]) => void,
): void {
  const path = [...here, 'copyFrom'];
  if (step.op !== 'insert' || step.forEach) return at(path, 'copyFrom starts an insert from a copy of a row (op: insert, no forEach)');
  const source = step.copyFrom!.table ?? step.table;
  const table = Object.hasOwn(config.tables, source) ? config.tables[source]! : undefined;
  if (!table) return step.copyFrom!.table ? at([...path, 'table'], `'${source}' is not a writable table of this app`) : undefined;
  for (const column of table.key)
    if (!Object.hasOwn(step.copyFrom!.key, column)) at([...path, 'key'], `name every key column of ${source}: '${column}' is missing`);
  for (const [column, value] of Object.entries(step.copyFrom!.key)) {
    if (!table.key.includes(column)) at([...path, 'key', column], `'${column}' is not a key column of ${source} (${table.key.join(', ')})`);
    param(value, [...path, 'key', column]);
  }
}

function checkExpression(action: ActionConfig, source: string, path: (string | number)[], at: At): void {
  const parsed = parseExpression(source, ACTION_ROOTS);
  if (!parsed.ok) return at(path, parsed.message);
  for (const field of referencedFields(parsed.expression.ast, 'params')) {
    if (!Object.hasOwn(action.params, field)) at(path, `params.${field}: no parameter '${field}' is declared`);
  }
}
