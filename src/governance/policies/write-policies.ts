import type { Expression, ResolvedTable, ResolvedWritePolicy, WriteOperation } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { hasAnyRole, type Principal } from '../principal.js';

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
