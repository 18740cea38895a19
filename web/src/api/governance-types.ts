import type * as Contract from './generated/contract';
import type { RowKey } from './types';

export interface RevertRequest {
  /** Revert only this row of the changeset… */
  key?: RowKey;
  /** …or only this cell of it (with `key`). */
  column?: string;
  reason?: string;
  idempotencyKey?: string;
}

export interface RevertResult {
  /** The new changeset that undid the old one. */
  changesetId: string;
  applied: number;
  replayed: boolean;
  /** The changeset that was reverted. */
  reverts: string;
}

export type DiffOp = 'insert' | 'update' | 'delete';

export interface DiffCell {
  column: string;
  /** Values as the audit stores them: text, null for "no value". */
  from: string | null;
  to: string | null;
}

export interface TableDiffRow {
  key: RowKey;
  op: DiffOp;
  cells: DiffCell[];
  /** Who changed the row between the two times, in order. */
  changedBy: string[];
}

export interface TableDiff {
  from: string;
  to: string | null;
  rows: TableDiffRow[];
}

// Users and tokens come from the server's schemas (web/src/api/generated).
export type AdminUser = Contract.AdminUserResponse['user'];
export type AttributeValue = AdminUser['attributes'][string];
/** A role declared under `roles` in roundtrip.yaml: the only roles a user may be given. */
export type DeclaredRole = Contract.DeclaredRoles['roles'][number];
export type NewUserRequest = Contract.NewUserRequest;
export type UserEditRequest = Contract.UserEditRequest;
export type AdminChange = Contract.AdminChanges['changes'][number];
export type ApiToken = Contract.TokenResponse['token'];
export type TokenAccess = ApiToken['access'];
export type NewTokenRequest = Contract.NewTokenRequest;
export type CreatedToken = Contract.CreatedToken;
