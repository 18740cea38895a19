import type { ResolvedRule, ResolvedTable } from '../app-model/index.js';
import { expressionUser, type Principal } from '../governance/principal.js';
import type { Row } from '../warehouse/driver.js';
import { comparableRow } from '../governance/policies/index.js';
import type { ValidationIssue } from './validation-issue.js';

/**
 * Cross-field rules (`check` expressions) over the row as written and the row
 * before; true means valid. Runs on the rows the statement returned, inside
 * the transaction, so the rule sees every column as committed.
 */
export function checkRows(
  table: ResolvedTable,
  principal: Principal,
  changeIndex: number,
  key: Record<string, unknown> | undefined,
  row: Row,
  old: Row | null,
  rules: readonly ResolvedRule[] = table.rules,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!rules.some((r) => r.check)) return issues;
  const user = expressionUser(principal);
  for (const rule of rules) {
    if (!rule.check) continue;
    let passed: unknown;
    try {
      passed = rule.check.evaluate({ row: comparableRow(table, row), old: old ? comparableRow(table, old) : null, user });
    } catch (error) {
      passed = false;
      if (!rule.config.message) {
        issues.push({
          changeIndex,
          key,
          column: rule.config.column,
          rule: rule.name,
          message: `rule ${rule.name} could not be evaluated: ${(error as Error).message.split('\n')[0]}`,
        });
        continue;
      }
    }
    if (passed !== true) {
      issues.push({
        changeIndex,
        key,
        column: rule.config.column,
        rule: rule.name,
        message: rule.config.message ?? `rule ${rule.name} failed: ${rule.check.source}`,
      });
    }
  }
  return issues;
}
