import type * as Contract from './generated/contract';

// Reverts and table diffs come from the server's schemas (web/src/api/generated).
export type RevertRequest = Contract.RevertRequest;
export type RevertResult = Contract.RevertResult;
export type TableDiff = Contract.TableDiff;
export type TableDiffRow = TableDiff['rows'][number];
export type DiffOp = TableDiffRow['op'];
export type DiffCell = TableDiffRow['cells'][number];
export type ChangesetDetail = Contract.ChangesetDetail;

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
