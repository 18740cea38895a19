import { findCatalogTable, type Catalog } from '../warehouse/catalog.js';
import type { Dialect } from '../warehouse/dialect.js';
import { isNumericType } from '../warehouse/column-type.js';
import type { ApprovalsConfig, RuleConfig, WritableTableConfig } from './app-schema.js';
import { APPROVAL_ROOTS, POLICY_ROOTS, RULE_ROOTS } from './check-app.js';
import { checkMatrixColumns } from './check-matrix.js';
import type { ConfigIssue } from './config-issues.js';
import { parseExpression, referencedFields, type Expression } from './expression/parse-expression.js';
import type { LoadedApp } from './load-project.js';
import { parseNamedParams } from './named-params.js';
import type {
  ResolvedApp,
  ResolvedApprovals,
  ResolvedColumn,
  ResolvedDataset,
  ResolvedLock,
  ResolvedRule,
  ResolvedTable,
  WriteOperation,
} from './resolved-types.js';

type At = (path: (string | number)[], message: string) => void;

/** Binds an app's writable tables to the warehouse catalogue; every unknown table or column is reported. */
export function resolveApp(app: LoadedApp, catalog: Catalog, dialect: Dialect): { app: ResolvedApp; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const at: At = (path, message) => issues.push(app.yaml.issue(path, message));
  const tables = new Map<string, ResolvedTable>();
  for (const [name, config] of Object.entries(app.config.tables)) {
    const resolved = resolveTable(name, config, catalog, dialect, (path, message) => at(['tables', name, ...path], message));
    if (resolved) tables.set(name, resolved);
  }
  const datasets = new Map<string, ResolvedDataset>();
  const guarded = [...tables.values()].filter((t) => t.readPolicies);
  for (const [name, config] of Object.entries(app.config.datasets)) {
    for (const table of guarded) {
      const bare = table.qualifiedName.split('.').at(-1)!.toLowerCase();
      if (new RegExp(`[a-z0-9_"]\\s*\\.\\s*"?${bare}\\b`, 'i').test(config.sql)) {
        at(['datasets', name, 'sql'], `names ${table.name} schema-qualified; write it unqualified so its read policy applies to this dataset`);
      }
    }
    const words = new Set(config.sql.toLowerCase().match(/[a-z_][a-z0-9_.]*/g) ?? []);
    const dependsOn =
      config.dependsOn ?? [...tables.values()].filter((t) => words.has(t.qualifiedName.toLowerCase()) || words.has(t.name.toLowerCase())).map((t) => t.name);
    datasets.set(name, { name, config, parsed: parseNamedParams(config.sql), dependsOn });
  }
  app.config.pages.forEach((page, p) =>
    page.blocks.forEach((block, b) => {
      if (block.type === 'matrix') {
        const matrixTable = tables.get(block.table);
        if (matrixTable) checkMatrixColumns(block, matrixTable, ['pages', p, 'blocks', b], at);
        return;
      }
      const table = block.type === 'form' || block.type === 'inputs' ? tables.get(block.table) : undefined;
      if ((block.type !== 'form' && block.type !== 'inputs') || !table) return;
      block.fields.forEach((field, f) => {
        if (!table.columnByName.has(field.column)) {
          at(
            ['pages', p, 'blocks', b, 'fields', f, 'column'],
            `column '${field.column}' is not a column of ${table.name} (${table.columns.map((c) => c.name).join(', ')})`,
          );
        }
      });
    }),
  );
  return { app: { name: app.name, file: app.file, config: app.config, tables, datasets }, issues };
}

function resolveTable(name: string, config: WritableTableConfig, catalog: Catalog, dialect: Dialect, at: At): ResolvedTable | undefined {
  const qualifiedName = config.table ?? name;
  const found = findCatalogTable(catalog, qualifiedName, dialect.defaultSchema);
  if (!found) {
    at(config.table ? ['table'] : [], `table '${qualifiedName}' does not exist in the warehouse`);
    return undefined;
  }
  if (found.notWritable) at(config.table ? ['table'] : [], `table '${qualifiedName}' cannot be written in place: ${found.notWritable}`);
  const all = new Map(
    found.columns.map((c) => [
      c.name,
      {
        name: c.name,
        type: dialect.parseType(c.type),
        nullable: c.nullable,
        hasDefault: c.hasDefault === true,
        ...(c.numberFrom === undefined ? {} : { numberFrom: c.numberFrom }),
      },
    ]),
  );
  const known = (column: string, path: (string | number)[]) => {
    if (all.has(column)) return true;
    at(path, `column '${column}' does not exist in ${qualifiedName} (columns: ${[...all.keys()].join(', ')})`);
    return false;
  };
  config.columns?.forEach((c, i) => known(c, ['columns', i]));
  const exposed = (config.columns ?? [...all.keys()]).filter((c) => all.has(c));
  for (const k of config.key) if (!exposed.includes(k)) exposed.unshift(k);
  config.key.forEach((k, i) => known(k, ['key', i]));
  const columns = exposed.map((c) => all.get(c)).filter((c): c is ResolvedColumn => Boolean(c));
  const columnByName = new Map(columns.map((c) => [c.name, c]));
  const expression = (source: string, roots: readonly string[], path: (string | number)[]): Expression | undefined => {
    const parsed = parseExpression(source, roots);
    if (!parsed.ok) return undefined;
    for (const root of ['row', 'old']) {
      for (const field of referencedFields(parsed.expression.ast, root)) {
        if (!columnByName.has(field)) at(path, `${root}.${field}: no column '${field}' in ${qualifiedName}`);
      }
    }
    return parsed.expression;
  };
  const writePolicies = config.write.map((policy, i) => {
    if (policy.approvalOnly && !config.approvals)
      at(['write', i, 'approvalOnly'], 'add an approvals block to the table: approvalOnly grants changes only through approval');
    policy.columns.forEach((c, j) => {
      if (known(c, ['write', i, 'columns', j]) && !columnByName.has(c))
        at(['write', i, 'columns', j], `column '${c}' is not among the table's exposed columns`);
    });
    return {
      roles: new Set(policy.roles),
      operations: new Set<WriteOperation>(policy.operations),
      columns: new Set(policy.columns),
      rows: policy.rows ? expression(policy.rows, POLICY_ROOTS, ['write', i, 'rows']) : undefined,
      approvalOnly: policy.approvalOnly,
    };
  });
  const readPolicies = config.read?.map((policy, i) => ({
    roles: new Set(policy.roles),
    rows: policy.rows ? expression(policy.rows, POLICY_ROOTS, ['read', i, 'rows']) : undefined,
  }));
  const rules = config.rules.map((rule, i) => resolveRule(rule, i, columnByName, catalog, dialect, expression, at));
  const approvals = config.approvals && resolveApprovals(config.approvals, columnByName, (path, message) => at(['approvals', ...path], message));
  const gates = config.gates.map((gate) => ({ name: gate.name, message: gate.message, parsed: parseNamedParams(gate.sql) }));
  const locks = resolveLocks(config, columnByName, catalog, dialect, at);
  const comments = config.comments && {
    roles: new Set(config.comments.roles),
    rows: config.comments.rows ? expression(config.comments.rows, POLICY_ROOTS, ['comments', 'rows']) : undefined,
  };
  return {
    name,
    qualifiedName,
    title: config.title ?? name,
    key: config.key,
    columns,
    columnByName,
    readPolicies,
    writePolicies,
    rules,
    approvals,
    gates,
    locks,
    comments,
    ...(found.timeTravel ? { timeTravel: true } : {}),
  };
}

function resolveLocks(config: WritableTableConfig, columns: ReadonlyMap<string, ResolvedColumn>, catalog: Catalog, dialect: Dialect, at: At): ResolvedLock[] {
  return config.locks.map((lock, i) => {
    const path = ['locks', i];
    const target = findCatalogTable(catalog, lock.table, dialect.defaultSchema);
    if (!target) at([...path, 'table'], `lock table '${lock.table}' does not exist in the warehouse`);
    const match = Object.entries(lock.match).map(([lockColumn, rowColumn]) => {
      if (target && !target.columns.some((c) => c.name === lockColumn))
        at([...path, 'match', lockColumn], `column '${lockColumn}' does not exist in ${lock.table} (columns: ${target.columns.map((c) => c.name).join(', ')})`);
      if (!columns.has(rowColumn)) at([...path, 'match', lockColumn], `column '${rowColumn}' is not a column of this table`);
      return { lockColumn, rowColumn };
    });
    return { qualifiedName: lock.table, match, message: lock.message ?? 'This row is locked: it may not be changed.', exemptRoles: lock.exemptRoles };
  });
}

function resolveApprovals(config: ApprovalsConfig, columns: ReadonlyMap<string, ResolvedColumn>, at: At): ResolvedApprovals {
  const amountColumn = config.amount === undefined ? undefined : columns.get(config.amount);
  if (config.amount !== undefined && !amountColumn) at(['amount'], `column '${config.amount}' is not a column of this table`);
  if (amountColumn && !isNumericType(amountColumn.type))
    at(['amount'], `column '${config.amount}' is ${amountColumn.type.sql}; the amount column must be numeric`);
  const levels = config.levels.map((level) => {
    const parsed = level.when === undefined ? undefined : parseExpression(level.when, APPROVAL_ROOTS);
    return { name: level.name, roles: level.roles, mode: level.mode, when: parsed?.ok ? parsed.expression : undefined };
  });
  return { config, amountColumn, levels };
}

function resolveRule(
  rule: RuleConfig,
  index: number,
  columns: ReadonlyMap<string, ResolvedColumn>,
  catalog: Catalog,
  dialect: Dialect,
  expression: (source: string, roots: readonly string[], path: (string | number)[]) => Expression | undefined,
  at: At,
): ResolvedRule {
  const path = ['rules', index];
  if (rule.column && !columns.has(rule.column)) at([...path, 'column'], `column '${rule.column}' is not a column of this table`);
  const resolved: ResolvedRule = { config: rule, name: rule.name ?? `${rule.column ?? 'row'}.${ruleKind(rule)}` };
  if (rule.check) resolved.check = expression(rule.check, RULE_ROOTS, [...path, 'check']);
  if (rule.pattern !== undefined) resolved.pattern = new RegExp(rule.pattern);
  if (rule.lookup) {
    const target = findCatalogTable(catalog, rule.lookup.table, dialect.defaultSchema);
    const column = target?.columns.find((c) => c.name === rule.lookup!.column);
    if (!target) at([...path, 'lookup', 'table'], `lookup table '${rule.lookup.table}' does not exist in the warehouse`);
    else if (!column) at([...path, 'lookup', 'column'], `column '${rule.lookup.column}' does not exist in ${rule.lookup.table}`);
    else resolved.lookupType = dialect.parseType(column.type);
  }
  return resolved;
}

function ruleKind(rule: RuleConfig): string {
  const kinds = ['required', 'min', 'max', 'minLength', 'maxLength', 'pattern', 'allowed', 'lookup', 'check'] as const;
  return kinds.filter((k) => rule[k] !== undefined).join('+') || 'rule';
}
