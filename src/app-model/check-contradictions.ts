import type { ActionStepConfig, AppConfig, RuleConfig, WritableTableConfig } from './app-schema.js';
import type { ConfigIssue } from './config-issues.js';
import type { YamlFile } from './read-yaml-file.js';

type At = (path: (string | number)[], message: string) => void;

/**
 * Definitions that load but can never work: a rule no value satisfies, approval
 * levels that can never be reached in their order, an action writing a column
 * no write policy of the table lets anyone set. The definition editor refuses
 * them (CFG_EDIT_CONTRADICTORY) and shows them in its preview. Pure.
 */
export function checkContradictions(config: AppConfig, yaml: YamlFile): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at: At = (path, message) => issues.push(yaml.issue(path, message));
  for (const [name, table] of Object.entries(config.tables)) {
    table.rules.forEach((rule, i) => checkRule(rule, ['tables', name, 'rules', i], at));
    checkThresholds(table, ['tables', name, 'approvals'], at);
  }
  for (const [name, action] of Object.entries(config.actions)) checkSteps(action.steps, ['actions', name, 'steps'], config, at);
  return issues;
}

const show = (n: number) => String(n).replace('-', '−');

function checkRule(rule: RuleConfig, path: (string | number)[], at: At): void {
  const subject = rule.column ? `'${rule.column}'` : 'the value';
  if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max)
    at([...path, 'max'], `max (${show(rule.max)}) is below min (${show(rule.min)}): no value of ${subject} can pass; raise max or lower min`);
  if (rule.minLength !== undefined && rule.maxLength !== undefined && rule.minLength > rule.maxLength)
    at(
      [...path, 'maxLength'],
      `maxLength (${rule.maxLength}) is below minLength (${rule.minLength}): no text of ${subject} can pass; raise maxLength or lower minLength`,
    );
  if (rule.allowed && rule.min !== undefined && rule.max !== undefined) {
    const numbers = rule.allowed.filter((v): v is number => typeof v === 'number');
    if (numbers.length === rule.allowed.length && numbers.every((v) => v < rule.min! || v > rule.max!))
      at([...path, 'allowed'], `none of the allowed values lies between min (${show(rule.min)}) and max (${show(rule.max)}); change the list or the range`);
  }
}

/** `amount >= 25000`, `amount > 1e5`: the threshold a level's `when` sets on the amount, if it is that simple. */
function thresholdOf(when: string | undefined): number | undefined {
  const match = /^\s*amount\s*>=?\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i.exec(when ?? '');
  return match ? Number(match[1]) : undefined;
}

function checkThresholds(table: WritableTableConfig, path: (string | number)[], at: At): void {
  const levels = table.approvals?.levels ?? [];
  let previous: { name: string; threshold: number } | undefined;
  levels.forEach((level, i) => {
    const threshold = thresholdOf(level.when);
    if (threshold === undefined) return;
    if (previous && threshold === previous.threshold)
      at(
        [...path, 'levels', i, 'when'],
        `level '${level.name}' has the same threshold (${threshold}) as '${previous.name}': give it a higher one or merge the levels`,
      );
    else if (previous && threshold < previous.threshold)
      at(
        [...path, 'levels', i, 'when'],
        `level '${level.name}' starts at ${threshold}, below '${previous.name}' before it (${previous.threshold}): thresholds must rise from level to level; raise it above ${previous.threshold} or reorder the levels`,
      );
    previous = { name: level.name, threshold };
  });
}

function checkSteps(steps: readonly ActionStepConfig[], path: (string | number)[], config: AppConfig, at: At): void {
  steps.forEach((step, i) => {
    const stepPath = [...path, i];
    if (step.type === 'if') {
      checkSteps(step.then, [...stepPath, 'then'], config, at);
      if (step.else) checkSteps(step.else, [...stepPath, 'else'], config, at);
      return;
    }
    if (step.type !== 'write') return;
    const table = config.tables[step.table];
    if (!table) return;
    const writable = new Set(table.write.filter((policy) => policy.operations.includes(step.op)).flatMap((policy) => policy.columns));
    for (const column of Object.keys(step.values)) {
      if (!writable.has(column))
        at(
          [...stepPath, 'values', column],
          `no write policy of ${step.table} lets anyone ${step.op} '${column}', so this step always fails; add it to a write policy's columns or remove it here`,
        );
    }
  });
}
