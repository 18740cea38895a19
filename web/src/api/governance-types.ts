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

export type AttributeValue = string | number | boolean | (string | number)[];

export interface AdminUser {
  username: string;
  displayName: string | null;
  roles: string[];
  attributes: Record<string, AttributeValue>;
  disabled: boolean;
  /** `config`: declared in roundtrip.yaml; `admin`: created over the API. */
  source: 'config' | 'admin' | 'oidc';
  createdAt: string;
  updatedAt: string;
}

/** A role declared under `roles` in roundtrip.yaml: the only roles a user may be given. */
export interface DeclaredRole {
  name: string;
  description: string | null;
}

export interface NewUserRequest {
  username: string;
  displayName?: string;
  password: string;
  roles: string[];
  attributes: Record<string, AttributeValue>;
}

export interface UserEditRequest {
  displayName?: string;
  roles?: string[];
  attributes?: Record<string, AttributeValue>;
  disabled?: boolean;
}

export interface AdminChange {
  changeId: string;
  changedAt: string;
  /** Who made the change. */
  username: string;
  kind: 'user' | 'token' | 'app' | 'project';
  target: string;
  oldValue: Record<string, unknown> | null;
  newValue: Record<string, unknown> | null;
}

export type TokenAccess = 'read' | 'write';

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  /** App names, or `['*']` for every app the user may open. */
  apps: string[];
  access: TokenAccess;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface NewTokenRequest {
  name: string;
  apps: string[];
  access: TokenAccess;
  expiresInDays?: number;
}

export interface CreatedToken {
  token: ApiToken;
  /** `rt_<id>_<secret>`: returned this once, only its hash is stored. */
  secret: string;
}
