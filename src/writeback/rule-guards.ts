import { compileToSql, type ResolvedRule, type ResolvedTable } from '../app-model/index.js';
import { ExpressionCompileError } from '../app-model/expression/compile-to-sql.js';
import { expressionUser, type Principal } from '../governance/principal.js';
import { join, raw, sql, type SqlFragment, ALWAYS, definitely } from '../warehouse/sql.js';

/** The table's cross-field (`check`) rules for one principal: those SQL can run, and the rest. */
export interface RuleSplit {
  /** Enforced inside the write statement; evaluated in JS only to explain a refusal. */
  inSql: ResolvedRule[];
  /** Evaluated in JS on the rows the statement returned (a function SQL cannot run, say). */
  inJs: ResolvedRule[];
}

const probe = () => raw('NULL');

/** Splits the check rules by whether they compile to SQL for this principal (user values are bound at compile time). */
export function splitRules(table: ResolvedTable, principal: Principal): RuleSplit {
  const split: RuleSplit = { inSql: [], inJs: [] };
  for (const rule of table.rules) {
    if (!rule.check) continue;
    try {
      compileRule(rule, principal, probe, probe);
      split.inSql.push(rule);
    } catch (error) {
      if (!(error instanceof ExpressionCompileError)) throw error;
      split.inJs.push(rule);
    }
  }
  return split;
}

/**
 * The rules as one SQL predicate over the row as written (`row.*`, rendered
 * by `row`) and as it was (`old.*`, rendered by `old`; NULL for inserts).
 * Null compares like CEL's (IS [NOT] DISTINCT FROM); a rule that evaluates
 * to NULL fails, as an erroring CEL rule does.
 */
export function buildRuleGuard(
  rules: readonly ResolvedRule[],
  table: ResolvedTable,
  principal: Principal,
  row: (column: string) => SqlFragment,
  old: (column: string) => SqlFragment,
): SqlFragment {
  if (rules.length === 0) return ALWAYS;
  const known = (render: (column: string) => SqlFragment) => (column: string) => {
    if (!table.columnByName.has(column)) throw new ExpressionCompileError(`unknown column '${column}'`);
    return render(column);
  };
  return join(
    rules.map((rule) => sql`${definitely(compileRule(rule, principal, known(row), known(old)))}`),
    ' AND ',
  );
}

function compileRule(rule: ResolvedRule, principal: Principal, row: (column: string) => SqlFragment, old: (column: string) => SqlFragment): SqlFragment {
  return compileToSql(rule.check!.ast, { rowField: row, fields: { old }, values: { user: expressionUser(principal) }, nullSafeEquality: true });
}
