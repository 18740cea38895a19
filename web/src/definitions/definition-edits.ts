import type { DefinitionEdit, DefinitionPath, EditableAction, EditableTable } from '../api/definition-types';

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> => value !== null && typeof value === 'object' && !Array.isArray(value);

function same(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The smallest edits that turn a table's saved definition into the draft: one
 * per changed value, so the file changes only where the user did. Only the
 * parts the server lets the editor change are compared.
 */
export function buildDefinitionEdits(table: string, saved: EditableTable, draft: EditableTable): DefinitionEdit[] {
  const edits: DefinitionEdit[] = [];
  const root = ['tables', table];
  diffValue([...root, 'approvals'], saved.approvals ?? undefined, draft.approvals ?? undefined, edits);
  diffValue([...root, 'rules'], saved.rules, draft.rules, edits);
  draft.write.forEach((policy, i) => {
    diffValue([...root, 'write', i, 'columns'], saved.write[i]?.columns, policy.columns, edits);
    diffValue([...root, 'write', i, 'roles'], saved.write[i]?.roles, policy.roles, edits);
  });
  return edits;
}

/**
 * The edits that turn an action's saved roles and steps into the draft. A step
 * whose type changed at its index (added, moved) is written whole, so the file
 * never holds a mix of two steps' fields.
 */
export function buildActionEdits(action: string, saved: EditableAction, draft: EditableAction): DefinitionEdit[] {
  const edits: DefinitionEdit[] = [];
  const root = ['actions', action];
  diffValue([...root, 'roles'], saved.roles, draft.roles, edits);
  const path = [...root, 'steps'];
  const removed = removedIndexes(saved.steps, draft.steps);
  if (removed) {
    for (const i of removed.reverse()) edits.push({ path: [...path, i], delete: true });
    return edits;
  }
  draft.steps.forEach((step, i) => {
    const before = saved.steps[i];
    if (before?.type === step.type) diffValue([...path, i], before, step, edits);
    else edits.push({ path: [...path, i], value: step });
  });
  for (let i = saved.steps.length - 1; i >= draft.steps.length; i -= 1) edits.push({ path: [...path, i], delete: true });
  return edits;
}

function diffValue(path: DefinitionPath, before: Json, after: Json, edits: DefinitionEdit[]): void {
  if (same(before, after)) return;
  if (after === undefined) {
    edits.push({ path, delete: true });
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(after)) diffValue([...path, key], before[key], after[key], edits);
    for (const key of Object.keys(before)) if (!(key in after)) edits.push({ path: [...path, key], delete: true });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && after.some(isObject)) {
    const removed = removedIndexes(before, after);
    if (removed) {
      // Highest index first, so the earlier indexes still point at the same items.
      for (const i of removed.reverse()) edits.push({ path: [...path, i], delete: true });
      return;
    }
    after.forEach((item, i) => diffValue([...path, i], before[i], item, edits));
    for (let i = before.length - 1; i >= after.length; i -= 1) edits.push({ path: [...path, i], delete: true });
    return;
  }
  edits.push({ path, value: after });
}

/** The indexes of `before` that were taken out when `after` is `before` minus some items; otherwise null. */
function removedIndexes(before: Json[], after: Json[]): number[] | null {
  if (after.length >= before.length) return null;
  const removed: number[] = [];
  let j = 0;
  before.forEach((item, i) => {
    if (j < after.length && same(item, after[j])) j += 1;
    else removed.push(i);
  });
  return j === after.length ? removed : null;
}

const THRESHOLD = /^\s*amount\s*>=\s*(\d+(?:\.\d+)?)\s*$/;

/** The amount of a `when` of the form `amount >= N`, or null for any other expression. */
export function thresholdOf(when: string | undefined): number | null {
  const match = when === undefined ? null : THRESHOLD.exec(when);
  return match ? Number(match[1]) : null;
}

/** `amount >= N` with N written as a decimal (`25000.0`): amounts are decimals and CEL does not compare int with double. */
export function thresholdExpression(amount: number): string {
  return `amount >= ${Number.isInteger(amount) ? `${amount}.0` : String(amount)}`;
}
