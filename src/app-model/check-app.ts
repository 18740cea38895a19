import type { AppConfig, ApprovalsConfig, BlockConfig, ButtonBlockConfig, FormBlockConfig, InputsBlockConfig } from './app-schema.js';
import { checkActions } from './check-actions.js';
import { checkBlockDisplay } from './check-display.js';
import { checkExports } from './check-exports.js';
import { checkMatrixBlock } from './check-matrix.js';
import type { ConfigIssue } from './config-issues.js';
import { compileToSql } from './expression/compile-to-sql.js';
import { parseExpression } from './expression/parse-expression.js';
import type { LoadedApp } from './load-project.js';
import { parseNamedParams } from './named-params.js';
import { ownEntry } from './own-entry.js';
import type { ProjectConfig } from './project-schema.js';

/** SELECT or WITH first, after any leading comments. */
const LEADS_WITH_SELECT = /^\s*(?:--[^\n]*(?:\n|$)\s*|\/\*[\s\S]*?\*\/\s*)*(select|with)\b/i;
import { raw } from '../warehouse/sql.js';

export const POLICY_ROOTS = ['row', 'user'] as const;
export const RULE_ROOTS = ['row', 'old', 'user'] as const;
export const APPROVAL_ROOTS = ['amount', 'user', 'changes'] as const;
/** The one parameter a gate's SQL may use: the writing user's id. */
export const GATE_PARAM = 'user_id';
/** The level an escalation adds to a request's route; configured levels may not take its name. */
export const ESCALATION_LEVEL = 'escalation';

/** Cross-reference checks the schema alone cannot make (roles, datasets, expressions, parameters). */
export function checkApp(app: LoadedApp, project: ProjectConfig): ConfigIssue[] {
  const { config, yaml } = app;
  const issues: ConfigIssue[] = [];
  const at = (path: (string | number)[], message: string) => issues.push(yaml.issue(path, message));
  const checkRoles = (roles: string[], path: (string | number)[]) =>
    roles.forEach((role, i) => {
      if (!Object.hasOwn(project.roles, role)) at([...path, i], `unknown role '${role}'; declare it in roundtrip.yaml under roles`);
    });

  checkRoles(config.roles, ['roles']);
  if (config.notifications?.email.length && !project.smtp) {
    at(['notifications', 'email'], 'e-mail notifications need a mail server: add smtp: { host, port, from } to roundtrip.yaml, or remove notifications.email');
  }
  for (const [name, dataset] of Object.entries(config.datasets)) {
    if (Object.hasOwn(config.tables, name)) at(['datasets', name], `'${name}' is also a writable table, which is already queryable as a dataset; rename one`);
    for (const param of new Set(parseNamedParams(dataset.sql).names)) {
      if (!Object.hasOwn(dataset.params, param)) at(['datasets', name, 'sql'], `parameter :${param} is not declared under params`);
    }
    dataset.dependsOn?.forEach((t, i) => {
      if (!Object.hasOwn(config.tables, t)) at(['datasets', name, 'dependsOn', i], `'${t}' is not a writable table of this app`);
    });
  }
  for (const [name, table] of Object.entries(config.tables)) {
    const path = ['tables', name];
    table.read?.forEach((policy, i) => {
      checkRoles(policy.roles, [...path, 'read', i, 'roles']);
      if (policy.rows) checkPolicyExpression(policy.rows, [...path, 'read', i, 'rows'], at);
    });
    table.write.forEach((policy, i) => {
      checkRoles(policy.roles, [...path, 'write', i, 'roles']);
      if (policy.rows) checkPolicyExpression(policy.rows, [...path, 'write', i, 'rows'], at);
      if (policy.operations.some((op) => op !== 'delete') && policy.columns.length === 0) {
        at([...path, 'write', i, 'columns'], 'list the columns these roles may set for insert/update');
      }
    });
    if (table.comments) {
      checkRoles(table.comments.roles, [...path, 'comments', 'roles']);
      if (table.comments.rows) checkPolicyExpression(table.comments.rows, [...path, 'comments', 'rows'], at);
    }
    table.rules.forEach((rule, i) => {
      if (rule.check) {
        const parsed = parseExpression(rule.check, RULE_ROOTS);
        if (!parsed.ok) at([...path, 'rules', i, 'check'], parsed.message);
      }
      if (rule.pattern !== undefined) {
        try {
          new RegExp(rule.pattern);
        } catch {
          at([...path, 'rules', i, 'pattern'], 'not a valid regular expression');
        }
      }
    });
    const gateNames = new Set<string>();
    table.gates.forEach((gate, i) => {
      if (gateNames.has(gate.name)) at([...path, 'gates', i, 'name'], `duplicate gate name '${gate.name}'`);
      gateNames.add(gate.name);
      const where = [...path, 'gates', i, gate.file === undefined ? 'sql' : 'file'];
      if (!LEADS_WITH_SELECT.test(gate.sql)) at(where, 'a gate is a SELECT (or WITH … SELECT) returning one row per violation');
      for (const param of new Set(parseNamedParams(gate.sql).names)) {
        if (param !== GATE_PARAM) at(where, `parameter :${param} is not available in gates; only :${GATE_PARAM} (the writing user's id) is`);
      }
    });
    if (table.approvals) checkApprovals(table.approvals, [...path, 'approvals'], at, checkRoles);
    table.locks.forEach((lock, i) => checkRoles(lock.exemptRoles, [...path, 'locks', i, 'exemptRoles']));
  }
  checkActions(config, at, checkRoles);
  checkExports(config, at, checkRoles);
  const datasetNames = new Set([...Object.keys(config.datasets), ...Object.keys(config.tables)]);
  const blockIds = new Set<string>();
  config.pages.forEach((page, p) =>
    page.blocks.forEach((block, b) => {
      const path = ['pages', p, 'blocks', b];
      if (blockIds.has(block.id)) at([...path, 'id'], `duplicate block id '${block.id}'`);
      blockIds.add(block.id);
      for (const [key, ref] of blockReferences(block)) {
        if (key === 'table' && !Object.hasOwn(config.tables, ref)) at([...path, key], `'${ref}' is not a writable table of this app`);
        if (key === 'dataset' && !datasetNames.has(ref)) at([...path, key], `'${ref}' is not a dataset of this app`);
      }
      if (block.type === 'form') checkFormFields(block, config, path, at);
      if (block.type === 'button') checkButton(block, config, path, at);
      if (block.type === 'table' && block.select) {
        const action = ownEntry(config.actions, block.select.action);
        if (!action) at([...path, 'select', 'action'], `'${block.select.action}' is not an action of this app`);
        else if (!action.selection)
          at([...path, 'select', 'action'], `action ${block.select.action} has no selection: give it selection: { table } to run on ticked rows`);
      }
      if (block.type === 'matrix') checkMatrixBlock(block, config, path, at);
      if (block.type === 'inputs') checkInputsBlock(block, config, pageVariables(page, config), path, at);
      checkBlockDisplay(block, pageVariables(page, config), path, at);
      if (block.type === 'filter' && block.required && block.default === undefined)
        at([...path, 'default'], 'a required filter needs a default: the value the page opens with');
    }),
  );
  return issues;
}

function checkApprovals(
  approvals: ApprovalsConfig,
  path: (string | number)[],
  at: (path: (string | number)[], message: string) => void,
  checkRoles: (roles: string[], path: (string | number)[]) => void,
): void {
  checkRoles(approvals.exemptRoles, [...path, 'exemptRoles']);
  if (approvals.escalateTo) checkRoles(approvals.escalateTo, [...path, 'escalateTo']);
  checkRoles(approvals.visibleTo.roles, [...path, 'visibleTo', 'roles']);
  if (approvals.escalateTo && approvals.expiresAfterHours === undefined)
    at([...path, 'escalateTo'], 'set expiresAfterHours too: escalation happens when a request waited that long');
  const names = new Set<string>();
  approvals.levels.forEach((level, i) => {
    const levelPath = [...path, 'levels', i];
    checkRoles(level.roles, [...levelPath, 'roles']);
    if (names.has(level.name)) at([...levelPath, 'name'], `duplicate level name '${level.name}'`);
    if (level.name === ESCALATION_LEVEL) at([...levelPath, 'name'], `'${ESCALATION_LEVEL}' is the name of the level escalation adds; pick another`);
    names.add(level.name);
    if (level.when) {
      const parsed = parseExpression(level.when, APPROVAL_ROOTS);
      if (!parsed.ok) at([...levelPath, 'when'], parsed.message);
    }
  });
}

/** Form fields name distinct columns the table exposes, and select fields a dataset with their options. */
function checkFormFields(block: FormBlockConfig, config: AppConfig, path: (string | number)[], at: (path: (string | number)[], message: string) => void): void {
  const exposed = ownEntry(config.tables, block.table)?.columns;
  const seen = new Set<string>();
  block.fields.forEach((field, i) => {
    const fieldPath = [...path, 'fields', i];
    if (seen.has(field.column)) at([...fieldPath, 'column'], `column '${field.column}' has two fields`);
    seen.add(field.column);
    if (exposed && !exposed.includes(field.column))
      at([...fieldPath, 'column'], `'${field.column}' is not among the columns of ${block.table} (${exposed.join(', ')})`);
    if (field.input === 'select' && !field.dataset) at([...fieldPath, 'dataset'], 'a select field needs a dataset with its options');
    if (field.dataset && !Object.hasOwn(config.datasets, field.dataset)) at([...fieldPath, 'dataset'], `'${field.dataset}' is not a dataset of this app`);
  });
}

/** A button runs an action of its own app and passes only parameters that action declares. */
function checkButton(block: ButtonBlockConfig, config: AppConfig, path: (string | number)[], at: (path: (string | number)[], message: string) => void): void {
  const action = ownEntry(config.actions, block.action);
  if (!action)
    return at(
      [...path, 'action'],
      `'${block.action}' is not an action of this app${Object.keys(config.actions).length ? ` (${Object.keys(config.actions).join(', ')})` : ''}`,
    );
  for (const name of Object.keys(block.params ?? {})) {
    if (!Object.hasOwn(action.params, name)) at([...path, 'params', name], `action ${block.action} has no parameter '${name}'`);
  }
  // Parameters the button leaves open are asked for in a dialog when it is clicked.
}

/** Variables a page has: those its filters set, and the parameters of the datasets its blocks show (a drill may set them). */
function pageVariables(page: AppConfig['pages'][number], config: AppConfig): Set<string> {
  const names = new Set<string>();
  for (const block of page.blocks) {
    if (block.type === 'filter') names.add(block.param);
    const dataset = 'dataset' in block && block.dataset ? ownEntry(config.datasets, block.dataset) : undefined;
    for (const param of Object.keys(dataset?.params ?? {})) names.add(param);
  }
  return names;
}

/** Inputs edit one row of a writable table named by page variables, each field a column with a usable input. */
function checkInputsBlock(
  block: InputsBlockConfig,
  config: AppConfig,
  variables: ReadonlySet<string>,
  path: (string | number)[],
  at: (path: (string | number)[], message: string) => void,
): void {
  const table = ownEntry(config.tables, block.table);
  if (!table) return;
  const missing = table.key.filter((k) => !Object.hasOwn(block.row, k));
  if (missing.length) at([...path, 'row'], `name every key column of ${block.table}: ${missing.join(', ')} is missing`);
  for (const [column, variable] of Object.entries(block.row)) {
    if (!table.key.includes(column)) at([...path, 'row', column], `'${column}' is not a key column of ${block.table} (${table.key.join(', ')})`);
    if (!variables.has(variable)) at([...path, 'row', column], `'${variable}' is not a page variable: add a filter block setting it`);
  }
  block.fields.forEach((field, i) => {
    const here = [...path, 'fields', i];
    if (table.columns && !table.columns.includes(field.column)) at([...here, 'column'], `'${field.column}' is not among the columns of ${block.table}`);
    if (table.key.includes(field.column)) at([...here, 'column'], `'${field.column}' is the row's key; inputs set other columns`);
    if (field.input === 'slider' && (field.min === undefined || field.max === undefined)) at(here, 'a slider needs min and max');
    if (field.min !== undefined && field.max !== undefined && field.min >= field.max) at([...here, 'max'], 'max must be above min');
    if (field.input === 'select' && !field.options && !field.dataset) at(here, 'a select needs options or a dataset of them');
    if (field.dataset && !Object.hasOwn(config.datasets, field.dataset)) at([...here, 'dataset'], `'${field.dataset}' is not a dataset of this app`);
  });
}

function blockReferences(block: BlockConfig): [string, string][] {
  if (block.type === 'grid' || block.type === 'inputs') return [['table', block.table]];
  if (block.type === 'form') return [['table', block.table]];
  if ('dataset' in block && block.dataset) return [['dataset', block.dataset]];
  return [];
}

function checkPolicyExpression(source: string, path: (string | number)[], at: (path: (string | number)[], message: string) => void): void {
  const parsed = parseExpression(source, POLICY_ROOTS);
  if (!parsed.ok) return at(path, parsed.message);
  try {
    compileToSql(parsed.expression.ast, { rowField: () => raw('x'), values: { user: new Proxy({}, { get: () => [] }) } });
  } catch (error) {
    at(path, `row policies run inside SQL statements: ${(error as Error).message}`);
  }
}
