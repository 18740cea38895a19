import type { ActionConfig, ActionStepConfig, SimpleActionStepConfig } from '../app-model/index.js';
import { ACTION_ROOTS } from '../app-model/check-actions.js';
import { parseExpression } from '../app-model/expression/parse-expression.js';
import { AppError } from '../errors/index.js';
import { PARAM_TYPES } from '../query/dataset-source.js';
import { coerceValue, toComparable, type CanonicalValue } from '../warehouse/coerce-value.js';
import type { ColumnType } from '../warehouse/column-type.js';
import type { Dialect } from '../warehouse/dialect.js';

/** An action parameter after coercion: its canonical value and the SQL type it binds as. */
export interface ActionParam {
  value: CanonicalValue;
  type: ColumnType;
}

/** A step the run reached, in order. Control steps (`if`) carry the branch they took. */
export interface PlannedStep {
  /** Position of the top-level step this one belongs to. */
  index: number;
  /** Where the step is in the definition, e.g. `steps[2].then[0]`. */
  path: string;
  step: ActionStepConfig;
  /** For `if`: `then`, `else` or `skipped`. */
  branch?: 'then' | 'else' | 'skipped';
}

/** Why a run stopped before touching the warehouse. */
export interface PlanFailure {
  at: PlannedStep;
  cause: AppError;
}

/**
 * Coerces the request's parameters to their declared types; unknown, missing
 * required and wrongly typed parameters are refused together (400).
 */
export function resolveActionParams(name: string, action: ActionConfig, dialect: Dialect, input: Record<string, unknown>): Map<string, ActionParam> {
  const problems: string[] = [];
  for (const key of Object.keys(input)) if (!Object.hasOwn(action.params, key)) problems.push(`unknown parameter '${key}'`);
  const params = new Map<string, ActionParam>();
  for (const [key, spec] of Object.entries(action.params)) {
    const raw = Object.hasOwn(input, key) ? input[key] : (spec.default ?? null);
    if ((raw === null || raw === undefined) && spec.required) problems.push(`parameter '${key}' is required`);
    const type = dialect.parseType(PARAM_TYPES[spec.type]);
    const coerced = coerceValue(raw ?? null, type);
    if (!coerced.ok) problems.push(`parameter '${key}': ${coerced.message}`);
    params.set(key, { value: coerced.ok ? coerced.value : null, type });
  }
  if (problems.length)
    throw new AppError('REQ_INVALID', `Action ${name}: ${problems.join('; ')}.`, { issues: problems.map((message) => ({ path: 'params', message })) });
  return params;
}

/** What `:…` action values refer to: the parameters, the person running the action and, after the write, the row it wrote. */
export interface ValueScope {
  params: ReadonlyMap<string, ActionParam>;
  user: Record<string, unknown>;
  written?: Record<string, unknown>;
}

/** `":name"` is the parameter's value, `":user.attr"` the user's, `":written.column"` the written row's; anything else is the literal itself. */
export function resolveActionValue(value: string | number | boolean | null, scope: ValueScope): CanonicalValue {
  if (typeof value !== 'string') return value;
  if (/^:[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return scope.params.get(value.slice(1))?.value ?? null;
  const ref = /^:(user|written)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  if (!ref) return value;
  const source = ref[1] === 'user' ? scope.user : (scope.written ?? {});
  const found = Object.hasOwn(source, ref[2]!) ? source[ref[2]!] : null;
  return typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean' ? found : null;
}

/**
 * Walks the steps in order, evaluating `validate` and `if` over `params` and
 * `user` (nothing else can change them, so deciding them before any statement
 * runs is the same as deciding them in turn). Returns the steps the run
 * reaches, or the first failing `validate` or expression. Pure.
 */
export function planAction(
  action: ActionConfig,
  params: ReadonlyMap<string, ActionParam>,
  user: Record<string, unknown>,
): { steps: PlannedStep[]; failure?: PlanFailure } {
  const context = { params: Object.fromEntries([...params].map(([key, p]) => [key, p.value === null ? null : toComparable(p.value, p.type)])), user };
  const steps: PlannedStep[] = [];
  const evaluate = (source: string): unknown => {
    const parsed = parseExpression(source, ACTION_ROOTS);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.expression.evaluate(context);
  };
  const walk = (list: readonly ActionStepConfig[], index: number | undefined, prefix: string): PlanFailure | undefined => {
    for (const [i, step] of list.entries()) {
      const at: PlannedStep = { index: index ?? i, path: `${prefix}[${i}]`, step };
      let outcome: unknown;
      if (step.type === 'validate' || step.type === 'if') {
        try {
          outcome = evaluate(step.type === 'validate' ? step.check : step.when);
        } catch (error) {
          return { at, cause: new AppError('REQ_INVALID', `The expression could not be evaluated: ${(error as Error).message.split('\n')[0]}`, {}) };
        }
      }
      if (step.type === 'validate' && outcome !== true) return { at, cause: new AppError('WB_VALIDATION', step.message, { check: step.check }) };
      if (step.type !== 'if') {
        steps.push(at);
        continue;
      }
      const branch = outcome === true ? 'then' : step.else ? 'else' : 'skipped';
      steps.push({ ...at, branch });
      const nested = branch === 'then' ? step.then : branch === 'else' ? step.else! : [];
      const failure = walk(nested, index ?? i, `${at.path}.${branch}`);
      if (failure) return failure;
    }
    return undefined;
  };
  const failure = walk(action.steps, undefined, 'steps');
  return failure ? { steps, failure } : { steps };
}

/** The planned steps of one kind, narrowed. */
export function stepsOf<T extends SimpleActionStepConfig['type']>(
  steps: readonly PlannedStep[],
  type: T,
): (PlannedStep & { step: Extract<SimpleActionStepConfig, { type: T }> })[] {
  return steps.filter((s): s is PlannedStep & { step: Extract<SimpleActionStepConfig, { type: T }> } => s.step.type === type);
}
