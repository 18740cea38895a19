import type { z } from 'zod';
import { blockSchema, pageSchema } from '../app-model/app-schema.js';
import { queryRequestSchema } from '../query/query-request-schema.js';
import { changesetRequestSchema } from '../writeback/changeset-schema.js';
import { createUserSchema, editUserSchema } from '../server/routes/admin-routes.js';
import { actionRunBodySchema } from '../server/routes/action-routes.js';
import { revertBodySchema } from '../server/routes/audit-routes.js';
import { loginSchema } from '../server/routes/auth-routes.js';
import { createTokenSchema } from '../server/routes/token-routes.js';
import {
  adminChangesSchema,
  adminUserListSchema,
  adminUserResponseSchema,
  createdTokenSchema,
  declaredRolesSchema,
  tokenListSchema,
  tokenResponseSchema,
} from './admin-contract.js';
import { definitionPreviewSchema } from '../server/routes/definition-routes.js';
import { exportJobSchema, importOutcomeSchema, importPreviewSchema } from './office-contract.js';
import {
  changeEventSchema,
  commentCountsSchema,
  commentDeleteResultSchema,
  commentEventSchema,
  noticeEventSchema,
  approvalEventSchema,
  commentPostResultSchema,
  commentThreadSchema,
  peopleResponseSchema,
  presenceListSchema,
} from './live-contract.js';
import { appDefinitionSchema, definitionPreviewResponseSchema, definitionSaveResponseSchema } from './definition-contract.js';
import { appDetailResponseSchema, appListResponseSchema, firstViewResponseSchema, sessionResponseSchema } from './app-contract.js';
import { bulkApproveResponseSchema, requestDetailSchema, requestListSchema } from './approval-contract.js';
import {
  actionRunResultSchema,
  changesetResultSchema,
  changesetDetailSchema,
  historyResponseSchema,
  queryResultSchema,
  revertResultSchema,
  tableDiffSchema,
  validationIssueSchema,
  writeConflictSchema,
} from './data-contract.js';

export * from './admin-contract.js';
export * from './app-contract.js';
export * from './approval-contract.js';
export * from './data-contract.js';
export * from './definition-contract.js';
export * from './live-contract.js';
export * from './office-contract.js';

/**
 * One type of the web/server contract: `input` for what the web sends (the
 * request schema before defaults), `output` for what the server sends.
 */
export interface ContractType {
  schema: z.ZodType;
  io: 'input' | 'output';
}

/** Every type the web UI imports from `web/src/api/generated`; the generator writes one TypeScript type per entry. */
export const WEB_CONTRACT: Record<string, ContractType> = {
  LoginRequest: { schema: loginSchema, io: 'input' },
  Session: { schema: sessionResponseSchema, io: 'output' },
  AppList: { schema: appListResponseSchema, io: 'output' },
  AppDetail: { schema: appDetailResponseSchema, io: 'output' },
  FirstView: { schema: firstViewResponseSchema, io: 'output' },
  PageSpec: { schema: pageSchema, io: 'output' },
  BlockSpec: { schema: blockSchema, io: 'output' },
  QueryRequest: { schema: queryRequestSchema, io: 'input' },
  QueryResult: { schema: queryResultSchema, io: 'output' },
  ChangesetRequest: { schema: changesetRequestSchema, io: 'input' },
  ChangesetResult: { schema: changesetResultSchema, io: 'output' },
  WriteConflict: { schema: writeConflictSchema, io: 'output' },
  ValidationIssue: { schema: validationIssueSchema, io: 'output' },
  HistoryResponse: { schema: historyResponseSchema, io: 'output' },
  RevertRequest: { schema: revertBodySchema, io: 'input' },
  RevertResult: { schema: revertResultSchema, io: 'output' },
  TableDiff: { schema: tableDiffSchema, io: 'output' },
  ChangesetDetail: { schema: changesetDetailSchema, io: 'output' },
  ActionRunRequest: { schema: actionRunBodySchema, io: 'input' },
  ActionRunResult: { schema: actionRunResultSchema, io: 'output' },
  RequestList: { schema: requestListSchema, io: 'output' },
  RequestDetail: { schema: requestDetailSchema, io: 'output' },
  BulkApproveResponse: { schema: bulkApproveResponseSchema, io: 'output' },
  ChangeEvent: { schema: changeEventSchema, io: 'output' },
  CommentEvent: { schema: commentEventSchema, io: 'output' },
  NoticeEvent: { schema: noticeEventSchema, io: 'output' },
  ApprovalEvent: { schema: approvalEventSchema, io: 'output' },
  PresenceList: { schema: presenceListSchema, io: 'output' },
  CommentThread: { schema: commentThreadSchema, io: 'output' },
  CommentCounts: { schema: commentCountsSchema, io: 'output' },
  CommentPostResult: { schema: commentPostResultSchema, io: 'output' },
  CommentDeleteResult: { schema: commentDeleteResultSchema, io: 'output' },
  PeopleResponse: { schema: peopleResponseSchema, io: 'output' },
  ExportJob: { schema: exportJobSchema, io: 'output' },
  ImportPreview: { schema: importPreviewSchema, io: 'output' },
  ImportOutcome: { schema: importOutcomeSchema, io: 'output' },
  AppDefinition: { schema: appDefinitionSchema, io: 'input' },
  DefinitionPreview: { schema: definitionPreviewResponseSchema, io: 'output' },
  DefinitionSaveResult: { schema: definitionSaveResponseSchema, io: 'output' },
  DefinitionEditRequest: { schema: definitionPreviewSchema, io: 'input' },
  NewUserRequest: { schema: createUserSchema, io: 'input' },
  UserEditRequest: { schema: editUserSchema, io: 'input' },
  AdminUserList: { schema: adminUserListSchema, io: 'output' },
  AdminUserResponse: { schema: adminUserResponseSchema, io: 'output' },
  DeclaredRoles: { schema: declaredRolesSchema, io: 'output' },
  AdminChanges: { schema: adminChangesSchema, io: 'output' },
  NewTokenRequest: { schema: createTokenSchema, io: 'input' },
  TokenList: { schema: tokenListSchema, io: 'output' },
  TokenResponse: { schema: tokenResponseSchema, io: 'output' },
  CreatedToken: { schema: createdTokenSchema, io: 'output' },
};
