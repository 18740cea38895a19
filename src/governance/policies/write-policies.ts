import type { Expression, ResolvedTable, ResolvedWritePolicy, WriteOperation } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { hasAnyRole, type Principal } from '../principal.js';
import { rowSatisfies } from './evaluate-row-policies.js';

export interface WriteGrant {
  /** Row policies of the granting policies; the row must satisfy at least one. Empty: no row restriction. */
  rowPolicies: Expression[];
}

/**
 * Decides whether `principal` may run `operation` writing `columns`. Throws
 * `GOV_FORBIDDEN_OPERATION` or `GOV_FORBIDDEN_COLUMN`; returns the row policies
 * the statement itself must enforce. `approvalOnly` policies count only
 * `viaApproval` (a submission's dry run, an approved request's apply).
 */
export function assertWriteAllowed(
  table: ResolvedTable,
  principal: Principal,
  operation: WriteOperation,
  columns: readonly string[],
  changeIndex: number,
  viaApproval = false,
): WriteGrant {
  const mine = grantingPolicies(table, principal, operation, viaApproval);
  if (mine.length === 0) {
    throw new AppError('GOV_FORBIDDEN_OPERATION', `You may not ${operation} rows of ${table.title}.`, { changeIndex, operation, table: table.name });
  }
  const granting = mine.filter((p) => columns.every((c) => p.columns.has(c)));
  if (granting.length === 0) {
    const allowed = new Set(mine.flatMap((p) => [...p.columns]));
    const forbidden = columns.filter((c) => !allowed.has(c));
    throw new AppError(
      'GOV_FORBIDDEN_COLUMN',
      `You may not change ${forbidden.map((c) => `'${c}'`).join(', ') || 'this combination of columns'} in ${table.title}.`,
      {
        changeIndex,
        columns: forbidden,
        editable: [...allowed],
      },
    );
  }
  return { rowPolicies: rowPoliciesOf(granting) };
}

function rowPoliciesOf(policies: ResolvedWritePolicy[]): Expression[] {
  // A granting policy without a row expression allows every row.
  if (policies.some((p) => !p.rows)) return [];
  return policies.map((p) => p.rows!);
}

function grantingPolicies(table: ResolvedTable, principal: Principal, operation: WriteOperation, viaApproval: boolean): ResolvedWritePolicy[] {
  return table.writePolicies.filter((p) => hasAnyRole(principal, p.roles) && p.operations.has(operation) && (viaApproval || !p.approvalOnly));
}

/** Columns editable for the principal per operation (for the UI); `viaApproval` counts approval-only policies too. */
export function editableColumns(table: ResolvedTable, principal: Principal, operation: WriteOperation, viaApproval = false): Set<string> {
  return new Set(grantingPolicies(table, principal, operation, viaApproval).flatMap((p) => [...p.columns]));
}

export function mayWrite(table: ResolvedTable, principal: Principal, operation: WriteOperation, viaApproval = false): boolean {
  return grantingPolicies(table, principal, operation, viaApproval).length > 0;
}

/**
 * Per row, the columns the principal may update directly in it: the update
 * policies whose row expression the row satisfies (as the write statement
 * would check it). For the UI to show locked cells; the write still decides.
 */
export function updatableColumnsByRow(table: ResolvedTable, principal: Principal, rows: readonly Record<string, unknown>[]): string[][] {
  const policies = directWritesAllowed(table, principal) ? grantingPolicies(table, principal, 'update', false) : [];
  const keys = new Set(table.key);
  return rows.map((row) => {
    const columns = new Set<string>();
    for (const policy of policies) {
      if (policy.rows && !rowSatisfies([policy.rows], table, principal, row)) continue;
      for (const column of policy.columns) if (!keys.has(column)) columns.add(column);
    }
    return [...columns];
  });
}

/** False when the table's approval chain is `required` and the principal holds no exempt role: changes go through submissions. */
export function directWritesAllowed(table: ResolvedTable, principal: Principal): boolean {
  const approvals = table.approvals?.config;
  return !approvals?.required || hasAnyRole(principal, approvals.exemptRoles);
}
