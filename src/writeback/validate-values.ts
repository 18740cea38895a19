import type { ResolvedRule, ResolvedTable } from '../app-model/index.js';
import { isNumericType } from '../warehouse/column-type.js';
import type { SqlRunner } from '../warehouse/driver.js';
import type { Dialect } from '../warehouse/dialect.js';
import { ident, join, renderSql, sql, table as tableRef, typed, asText } from '../warehouse/sql.js';
import { toComparable, type CanonicalValue } from '../warehouse/coerce-value.js';
import type { PreparedChange } from './prepare-changes.js';
import type { ValidationIssue } from './validation-issue.js';

/**
 * Value rules that need only the values being written: NOT NULL, required,
 * min/max, lengths, pattern, allowed values. Every problem is returned.
 */
export function validateValues(table: ResolvedTable, changes: readonly PreparedChange[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const change of changes) {
    if (change.op === 'delete') continue;
    const add = (column: string, rule: string, fallback: string, custom?: string) =>
      issues.push({ changeIndex: change.index, key: change.op === 'update' ? change.clientKey : undefined, column, rule, message: custom ?? fallback });
    for (const column of table.columns) {
      if (change.invalid.has(column.name)) continue;
      const present = change.set.has(column.name);
      const value = change.set.get(column.name) ?? null;
      // A key column the warehouse fills (a sequence, an identity) may be left out of an insert.
      if (change.op === 'insert' && !column.nullable && !present && !column.hasDefault && table.key.includes(column.name))
        add(column.name, 'required', `${column.name} is required`);
      if (present && value === null && !column.nullable) add(column.name, 'required', `${column.name} is required`);
    }
    for (const rule of table.rules) {
      const column = rule.config.column;
      if (!column || rule.check || change.invalid.has(column)) continue;
      const applies = change.op === 'insert' || change.set.has(column);
      if (!applies) continue;
      const problem = checkRule(rule, change.set.get(column) ?? null, table);
      if (problem) add(column, rule.name, `${column}: ${problem}`, rule.config.message);
    }
  }
  return dedupe(issues);
}

function checkRule(rule: ResolvedRule, value: CanonicalValue, table: ResolvedTable): string | undefined {
  const { config } = rule;
  const type = table.columnByName.get(config.column!)!.type;
  if (value === null || value === '') return config.required ? 'is required' : undefined;
  const comparable = toComparable(value, type);
  if (isNumericType(type) && typeof comparable === 'number') {
    if (config.min !== undefined && comparable < config.min) return `must be at least ${config.min}`;
    if (config.max !== undefined && comparable > config.max) return `must be at most ${config.max}`;
  }
  if (typeof value === 'string') {
    if (config.minLength !== undefined && value.length < config.minLength) return `must have at least ${config.minLength} characters`;
    if (config.maxLength !== undefined && value.length > config.maxLength) return `must have at most ${config.maxLength} characters`;
    if (rule.pattern && !rule.pattern.test(value)) return `must match ${config.pattern}`;
  }
  if (config.allowed && !config.allowed.some((a) => (isNumericType(type) ? Number(a) === Number(value) : String(a) === String(value)))) {
    return `must be one of ${config.allowed.join(', ')}`;
  }
  return undefined;
}

/** Lookup rules: every value must exist in the referenced table (one query per rule). */
export async function validateLookups(
  runner: SqlRunner,
  dialect: Dialect,
  table: ResolvedTable,
  changes: readonly PreparedChange[],
): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  for (const rule of table.rules) {
    const lookup = rule.config.lookup;
    const column = rule.config.column;
    if (!lookup || !column || !rule.lookupType) continue;
    const wanted = changes.filter((c) => c.op !== 'delete' && c.set.get(column) != null);
    const values = [...new Set(wanted.map((c) => c.set.get(column)!))];
    if (values.length === 0) continue;
    const q = renderSql(
      sql`SELECT DISTINCT ${asText(ident(lookup.column))} AS v FROM ${tableRef(lookup.table)} WHERE ${ident(lookup.column)} IN (${join(
        values.map((v) => typed(v, rule.lookupType!)),
        ', ',
      )})`,
      dialect,
    );
    const found = new Set((await runner.query(q.sql, q.params)).rows.map((r) => String(r.v)));
    for (const change of wanted) {
      const value = change.set.get(column)!;
      if (!found.has(String(value))) {
        issues.push({
          changeIndex: change.index,
          key: change.op === 'update' ? change.clientKey : undefined,
          column,
          rule: rule.name,
          message: rule.config.message ?? `${column}: '${value}' does not exist in ${lookup.table}.${lookup.column}`,
        });
      }
    }
  }
  return issues;
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const id = `${i.changeIndex}|${i.column}|${i.rule}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
