import type { ResolvedTable, WriteOperation } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { Expression } from '../app-model/index.js';
import { assertWriteAllowed, type WriteGrant } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import type { Change } from './changeset-schema.js';
import { coerceValue, type CanonicalValue } from '../warehouse/coerce-value.js';
import { clientRowKey } from './row-key.js';
import type { ValidationIssue } from './validation-issue.js';

/** A change after structural checks, authorisation and type coercion. */
export interface PreparedChange {
  index: number;
  op: WriteOperation;
  /** Key values (update/delete), canonical. */
  key: Record<string, CanonicalValue>;
  /** The key as clients see it (integers as numbers), for reports. */
  clientKey: Record<string, unknown>;
  /** Columns whose value failed type coercion (already reported; skip further rules). */
  invalid: Set<string>;
  /** Row key text for audit (update/delete; inserts take it from the inserted row). */
  rowKey: string;
  /** Columns to write with canonical values (no-op columns of updates removed). */
  set: Map<string, CanonicalValue>;
  /** Values the user saw, compared inside the statement. */
  expect: Map<string, CanonicalValue>;
  /** The row must satisfy one of these (empty: any row). */
  rowPolicies: Expression[];
}

export interface PreparedChangeset {
  changes: PreparedChange[];
  issues: ValidationIssue[];
}

/**
 * Checks every change against the table definition (400), the user's write
 * policies (403) and the column types; type problems are collected, not thrown,
 * so that the caller can report every problem at once. `viaApproval`: the
 * changes are submitted for approval or applied as approved (approval-only
 * write policies count).
 */
export function prepareChanges(table: ResolvedTable, principal: Principal, changes: readonly Change[], viaApproval = false): PreparedChangeset {
  const structural: Record<string, unknown>[] = [];
  const issues: ValidationIssue[] = [];
  const prepared: PreparedChange[] = [];
  // One authorisation per operation and column list: a bulk changeset repeats a few of them.
  const grants = new Map<string, WriteGrant>();
  changes.forEach((change, index) => {
    const problems = structuralProblems(table, change);
    if (problems.length) {
      structural.push(...problems.map((p) => ({ changeIndex: index, ...p })));
      return;
    }
    const invalid = new Set<string>();
    const coerceAll = (cells: Record<string, unknown>) => {
      const out = new Map<string, CanonicalValue>();
      for (const column of Object.keys(cells)) {
        const result = coerceValue(cells[column], table.columnByName.get(column)!.type);
        if (result.ok) out.set(column, result.value);
        else {
          out.set(column, null);
          invalid.add(column);
          issues.push({ changeIndex: index, column, rule: 'type', message: `${column}: ${result.message}` });
        }
      }
      return out;
    };
    const key = 'key' in change ? Object.fromEntries(coerceAll(change.key)) : {};
    const set = change.op === 'update' ? coerceAll(change.set) : change.op === 'insert' ? coerceAll(change.values) : new Map<string, CanonicalValue>();
    const expect = change.op === 'insert' ? new Map<string, CanonicalValue>() : coerceAll(change.expect);
    if (change.op === 'update') for (const [column, value] of set) if (expect.get(column) === value && !invalid.has(column)) set.delete(column);
    if (change.op === 'update' && set.size === 0) return; // every cell unchanged: nothing to write or audit
    const columns = [...set.keys()];
    const grantKey = `${change.op}|${columns.join(',')}`;
    let grant = grants.get(grantKey);
    if (!grant) grants.set(grantKey, (grant = assertWriteAllowed(table, principal, change.op, columns, index, viaApproval)));
    const clientKey = clientRowKey(table, key);
    prepared.push({ index, op: change.op, key, clientKey, rowKey: JSON.stringify(clientKey), set, expect, invalid, rowPolicies: grant.rowPolicies });
  });
  if (structural.length) {
    const unknownColumn = structural.some((p) => p.code === 'WB_UNKNOWN_COLUMN');
    const code = unknownColumn ? 'WB_UNKNOWN_COLUMN' : structural.some((p) => p.code === 'WB_INVALID_KEY') ? 'WB_INVALID_KEY' : 'WB_EXPECT_REQUIRED';
    throw new AppError(code, `The changeset does not fit table ${table.name}: ${structural.map((p) => p.message).join('; ')}`, { issues: structural });
  }
  return { changes: prepared, issues };
}

function structuralProblems(table: ResolvedTable, change: Change): { code: string; message: string }[] {
  const problems: { code: string; message: string }[] = [];
  const known = (cells: Record<string, unknown>, what: string) => {
    for (const column of Object.keys(cells)) {
      if (!table.columnByName.has(column)) problems.push({ code: 'WB_UNKNOWN_COLUMN', message: `${what} names unknown column '${column}'` });
    }
  };
  if ('key' in change) {
    known(change.key, 'key');
    const given = Object.keys(change.key);
    if (given.length !== table.key.length || !table.key.every((k) => given.includes(k))) {
      problems.push({ code: 'WB_INVALID_KEY', message: `key must have exactly the columns ${table.key.join(', ')}` });
    } else if (table.key.some((k) => change.key[k] === null)) problems.push({ code: 'WB_INVALID_KEY', message: 'key values must not be null' });
  }
  if (change.op === 'update') {
    known(change.set, 'set');
    known(change.expect, 'expect');
    if (Object.keys(change.set).length === 0) problems.push({ code: 'WB_INVALID_KEY', message: 'an update must set at least one column' });
    for (const column of Object.keys(change.set)) {
      if (table.columnByName.has(column) && !(column in change.expect)) {
        problems.push({ code: 'WB_EXPECT_REQUIRED', message: `expect must give the value of '${column}' you saw before changing it` });
      }
      if (table.key.includes(column)) problems.push({ code: 'WB_INVALID_KEY', message: `key column '${column}' cannot be updated; delete and insert instead` });
    }
  }
  if (change.op === 'insert') {
    known(change.values, 'values');
    if (Object.keys(change.values).length === 0) problems.push({ code: 'WB_INVALID_KEY', message: 'an insert needs values' });
  }
  if (change.op === 'delete') known(change.expect, 'expect');
  return problems;
}
