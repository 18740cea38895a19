import { z } from 'zod';
import {
  actionRunResultSchema,
  adminChangesSchema,
  adminUserListSchema,
  adminUserResponseSchema,
  appDetailResponseSchema,
  firstViewResponseSchema,
  appListResponseSchema,
  changesetResultSchema,
  createdTokenSchema,
  declaredRolesSchema,
  changesetDetailSchema,
  historyResponseSchema,
  queryResultSchema,
  appDefinitionSchema,
  bulkApproveResponseSchema,
  definitionPreviewResponseSchema,
  requestDetailSchema,
  requestListSchema,
  revertResultSchema,
  sessionResponseSchema,
  tableDiffSchema,
  tokenListSchema,
  tokenResponseSchema,
} from '../contract/index.js';
import { ERROR_CODES } from '../errors/index.js';
import { queryRequestSchema } from '../query/index.js';
import { changesetRequestSchema } from '../writeback/changeset-schema.js';
import { actionRunBodySchema } from './routes/action-routes.js';
import { exportRunBodySchema, quickExportBodySchema } from './routes/export-routes.js';
import { importApplyBodySchema, UPLOAD_TYPES } from './routes/import-routes.js';
import { createUserSchema, editUserSchema, setPasswordSchema } from './routes/admin-routes.js';
import {
  approveBodySchema,
  bulkApproveBodySchema,
  delegationBodySchema,
  rejectBodySchema,
  submissionBodySchema,
  withdrawBodySchema,
} from './routes/approval-routes.js';
import { revertBodySchema } from './routes/audit-routes.js';
import { commentBodySchema } from './routes/comment-routes.js';
import { loginSchema } from './routes/auth-routes.js';
import { definitionPreviewSchema, definitionSaveSchema } from './routes/definition-routes.js';
import { presenceBodySchema } from './routes/presence-routes.js';
import { createTokenSchema } from './routes/token-routes.js';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } } });
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const ok = (description: string) => ({ 200: { description } });
/** A 200 whose body the response schema describes (the same schema the contract tests check real responses with). */
const okJson = (description: string, schema: z.ZodType) => ({
  200: { description, content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } } },
});
const path = (...names: string[]) => names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
const query = (name: string, description: string, required = false) => ({ name, in: 'query', required, schema: { type: 'string' }, description });

/** The OpenAPI 3.1 document of the HTTP API, generated from the same schemas the routes validate with. */
export function buildOpenApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'Roundtrip API', version, description: 'Governed writeback BI. Every error is {error: {code, message, details}}.' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'rt_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        token: { type: 'http', scheme: 'bearer', description: 'API token rt_<id>_<secret>, scoped to apps and read or write access.' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: { code: { type: 'string', enum: Object.keys(ERROR_CODES) }, message: { type: 'string' }, details: { type: 'object' } },
            },
          },
        },
      },
    },
    security: [{ session: [], csrf: [] }, { token: [] }],
    paths: {
      '/api/health': { get: { summary: 'Liveness', security: [], responses: ok('{ok: true}') } },
      '/api/openapi.json': { get: { summary: 'This document', security: [], responses: ok('OpenAPI 3.1') } },
      '/api/auth/login': {
        post: {
          summary: 'Log in; sets the session cookie',
          security: [],
          requestBody: json(loginSchema),
          responses: { ...okJson('{user, csrfToken}', sessionResponseSchema), 401: error('AUTH_INVALID_CREDENTIALS'), 429: error('AUTH_RATE_LIMITED') },
        },
      },
      '/api/embed/session': {
        post: {
          summary: "Exchange a host's signed embed token for a session of its viewer (user <embedding>:<sub>, source embed); sets the session cookie",
          security: [],
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } } } } },
          responses: {
            ...ok('{user, csrfToken, embed: {embedding, app, page, params}}'),
            401: error(
              'EMBED_TOKEN_INVALID, EMBED_TOKEN_EXPIRED, EMBED_TOKEN_AUDIENCE, EMBED_TOKEN_LIFETIME, EMBED_TOKEN_REVOKED, EMBED_TOKEN_ROLES, EMBED_UNKNOWN_KEY',
            ),
            403: error('EMBED_APP_FORBIDDEN, EMBED_VIEWER_DISABLED'),
            503: error('EMBED_KEY_UNAVAILABLE'),
          },
        },
      },
      '/api/admin/embeddings/{name}/revoke': {
        post: {
          summary: "Revoke an embedding (admins): tokens signed until now are refused and its viewers' sessions and live streams end",
          parameters: path('name'),
          responses: { ...ok('{embedding, revokedAt, sessionsEnded}'), 403: error('GOV_FORBIDDEN_ADMIN'), 404: error('EMBED_NOT_FOUND') },
        },
      },
      '/api/auth/providers': { get: { summary: 'Sign-in options for the login page', security: [], responses: ok('{oidc: {label} | null}') } },
      '/api/auth/oidc/login': {
        get: {
          summary: 'Start single sign-on: redirects to the identity provider',
          security: [],
          parameters: [query('returnTo', 'Hash route of the web app to open afterwards, e.g. #/budget/overview')],
          responses: { 302: { description: 'To the provider; on failure to /#/login?error=<code>' } },
        },
      },
      '/api/auth/oidc/callback': {
        get: {
          summary: 'Where the identity provider returns: validates the answer, creates or refreshes the user, starts a session',
          security: [],
          parameters: [
            query('code', 'Authorization code'),
            query('state', 'State of the login'),
            query('error', 'Error sent by the provider instead of a code'),
          ],
          responses: { 302: { description: 'To the web app, logged in; on failure to /#/login?error=<code> (AUTH_OIDC_*)' } },
        },
      },
      '/api/auth/me': {
        get: { summary: 'Current user and CSRF token', responses: { ...okJson('{user, csrfToken}', sessionResponseSchema), 401: error('AUTH_REQUIRED') } },
      },
      '/api/auth/logout': { post: { summary: 'End this session', responses: ok('{ok: true}') } },
      '/api/auth/logout-all': { post: { summary: 'End every session of the user', responses: ok('{ok: true, ended}') } },
      '/api/apps': { get: { summary: 'Apps the user may open', responses: okJson('{apps: [{name, title, description}]}', appListResponseSchema) } },
      '/api/apps/{app}': {
        get: {
          summary: 'App definition for rendering, with table permissions resolved for the user',
          parameters: path('app'),
          responses: { ...okJson('App', appDetailResponseSchema), 403: error('GOV_FORBIDDEN_APP'), 404: error('APP_NOT_FOUND') },
        },
      },
      '/api/apps/{app}/first-view': {
        get: {
          summary:
            "Opens a page in one request: the user, the app definition and the page's KPI results (query: page; params, the page's filter values as its address holds them, e.g. entity=E03)",
          parameters: path('app'),
          responses: {
            ...okJson('{user, csrfToken, app, page, datasets: [{dataset, request, result}]}', firstViewResponseSchema),
            401: error('AUTH_REQUIRED'),
            403: error('GOV_FORBIDDEN_APP'),
            404: error('APP_NOT_FOUND'),
          },
        },
      },
      '/api/apps/{app}/datasets/{dataset}/query': {
        post: {
          summary: 'Run a dataset (or a writable table, optionally as of a past time) live with filters, sort and paging',
          parameters: path('app', 'dataset'),
          requestBody: json(queryRequestSchema),
          responses: {
            ...okJson('{columns: [{name, type}], rows, total?, aggregates?}', queryResultSchema),
            400: error('QRY_* or REQ_INVALID'),
            404: error('DATASET_NOT_FOUND'),
          },
        },
      },
      '/api/apps/{app}/tables/{table}/changesets': {
        post: {
          summary: 'Apply a changeset: authorised, validated, applied with its audit rows in one transaction',
          parameters: path('app', 'table'),
          requestBody: json(changesetRequestSchema),
          responses: {
            ...okJson('{changesetId, applied, replayed}', changesetResultSchema),
            400: error('REQ_INVALID, WB_UNKNOWN_COLUMN, WB_INVALID_KEY, WB_EXPECT_REQUIRED'),
            403: error('GOV_FORBIDDEN_*, GOV_WAREHOUSE_DENIED'),
            404: error('TABLE_NOT_FOUND, ROW_NOT_FOUND'),
            409: error('WB_CONFLICT with details.conflicts[]'),
            422: error('WB_VALIDATION with details.issues[]'),
          },
        },
      },
      '/api/apps/{app}/tables/{table}/changesets/{changesetId}/revert': {
        post: {
          summary: 'Revert a changeset, one row or one cell of it, as a new audited changeset (conflicts if changed since)',
          parameters: path('app', 'table', 'changesetId'),
          requestBody: json(revertBodySchema),
          responses: {
            ...okJson('{changesetId, applied, replayed, reverts}', revertResultSchema),
            403: error('GOV_FORBIDDEN_* (rows you read but may not change), WF_APPROVAL_REQUIRED'),
            404: error('CHANGESET_NOT_FOUND; ROW_NOT_FOUND: a row it would touch no longer exists or is not one you may read (one answer for both)'),
            409: error('WB_CONFLICT'),
          },
        },
      },
      '/api/changesets/{changesetId}': {
        get: {
          summary: 'One changeset: who, when, why, the rows you may read with old → new values, what reverted it, and whether you may revert it',
          parameters: path('changesetId'),
          responses: {
            ...okJson(
              '{changesetId, app, appTitle, table, tableTitle, committedAt, user, reason, reverts, revertedBy, counts, rows, hiddenRows, canRevert}',
              changesetDetailSchema,
            ),
            404: error('CHANGESET_NOT_FOUND: no such changeset, or none of its rows is one you may read (one answer for both)'),
          },
        },
      },
      '/api/apps/{app}/tables/{table}/history': {
        get: {
          summary: 'Audited cell changes of one row, newest first: only those made while the row (before and after the change) passed your read policy',
          parameters: [...path('app', 'table'), query('key', 'JSON of the row key', true)],
          responses: {
            ...okJson('{changes: [{changesetId, at, user, op, column, old, new, reason, reverts, changesetRows}]}', historyResponseSchema),
            403: error('GOV_FORBIDDEN_ROW (no read policy of yours on the table)'),
            404: error('ROW_NOT_FOUND: no row has the key, or not one you may read (one answer for both)'),
          },
        },
      },
      '/api/apps/{app}/tables/{table}/comments': {
        get: {
          summary: "One row's comment thread, oldest first (readable by whoever may read the row)",
          parameters: [...path('app', 'table'), query('key', 'JSON of the row key', true)],
          responses: {
            ...ok('{key, canComment, comments: [{id, key, user, displayName, createdAt, text, mentions, own}]}'),
            403: error('CMT_FORBIDDEN (the table takes no comments), GOV_FORBIDDEN_ROW'),
            404: error('ROW_NOT_FOUND: no row has the key, or not one you may read (one answer for both)'),
          },
        },
        post: {
          summary: 'Comment on a row; @username mentions users who may read it; pushed live as a comment event',
          parameters: path('app', 'table'),
          requestBody: json(commentBodySchema),
          responses: {
            201: { description: '{comment}' },
            400: error('REQ_INVALID, CMT_BODY_INVALID, WB_INVALID_KEY'),
            403: error('CMT_FORBIDDEN: the comment policy does not let you comment on this row'),
            404: error('ROW_NOT_FOUND: no row has the key, or not one you may read (one answer for both)'),
            422: error('CMT_UNKNOWN_MENTION with details.usernames'),
          },
        },
      },
      '/api/apps/{app}/tables/{table}/comments/counts': {
        get: {
          summary: 'How many comments each commented row you may read has (for the grid markers)',
          parameters: path('app', 'table'),
          responses: { ...ok('{counts: [{key, count}]}'), 403: error('CMT_FORBIDDEN') },
        },
      },
      '/api/apps/{app}/tables/{table}/comments/{commentId}': {
        delete: {
          summary: 'Delete a comment of your own',
          parameters: path('app', 'table', 'commentId'),
          responses: {
            ...ok('{deleted}'),
            403: error('CMT_NOT_AUTHOR'),
            404: error('CMT_NOT_FOUND: no such comment on a row you may read'),
          },
        },
      },
      '/api/apps/{app}/people': {
        get: {
          summary: 'Users who may open the app, for @-completion (username and display name only)',
          parameters: [...path('app'), query('q', 'Part of a username or display name')],
          responses: { ...ok('{people: [{username, displayName}], self}'), 403: error('GOV_FORBIDDEN_APP') },
        },
      },
      '/api/apps/{app}/tables/{table}/diff': {
        get: {
          summary: 'Net difference of a table between two times, from the audit',
          parameters: [...path('app', 'table'), query('from', 'ISO 8601', true), query('to', 'ISO 8601 (default now)')],
          responses: { ...okJson('{from, to, rows: [{key, op, cells: [{column, from, to}], changedBy}]}', tableDiffSchema), 403: error('GOV_FORBIDDEN_ROW') },
        },
      },
      '/api/apps/{app}/tables/{table}/submissions': {
        post: {
          summary: 'Submit a changeset for approval: checked like a write (dry run), routed by amount, stored with the values seen now',
          parameters: path('app', 'table'),
          requestBody: json(submissionBodySchema),
          responses: {
            200: { description: '{requestId, status: "applied", …} when no level applies' },
            202: { description: '{requestId, status: "pending", route, amount, …}' },
            400: error('WF_NO_APPROVAL_CHAIN, REQ_INVALID, WB_*'),
            403: error('GOV_FORBIDDEN_*, WF_NOT_SUBMITTER (resubmits)'),
            409: error('WB_CONFLICT, WF_REQUEST_CLOSED (resubmits)'),
            422: error('WB_VALIDATION'),
          },
        },
      },
      '/api/apps/{app}/exports/{export}/run': {
        post: {
          summary: "Fill an export's Excel or PowerPoint template from live data (the user's read policies apply) and download it",
          parameters: path('app', 'export'),
          requestBody: json(exportRunBodySchema),
          responses: {
            200: { description: 'The filled .xlsx or .pptx (Content-Disposition: attachment)' },
            400: error('QRY_INVALID_PARAM'),
            404: error('APP_NOT_FOUND, EXP_NOT_FOUND'),
            422: error('EXP_TARGET_TOO_SMALL'),
          },
        },
      },
      '/api/apps/{app}/exports/{export}/packs': {
        post: {
          summary: 'Start a pack: the export once per value of its pack dataset (e.g. every entity), zipped, built in the background',
          parameters: path('app', 'export'),
          requestBody: json(exportRunBodySchema),
          responses: {
            202: { description: '{jobId, status, done, total, startedAt, fileName, error}' },
            400: error('REQ_INVALID (no pack)'),
            404: error('EXP_NOT_FOUND'),
            429: error('WB_BUSY'),
          },
        },
      },
      '/api/apps/{app}/datasets/{dataset}/export': {
        post: {
          summary: 'Export everything a dataset or grid shows (its filters and sort, every row) as .xlsx or CSV, streamed from the warehouse',
          parameters: path('app', 'dataset'),
          requestBody: json(quickExportBodySchema),
          responses: {
            200: { description: 'The file (Content-Disposition: attachment)' },
            400: error('QRY_UNKNOWN_COLUMN, QRY_INVALID_FILTER'),
            404: error('DATASET_NOT_FOUND'),
          },
        },
      },
      '/api/apps/{app}/tables/{table}/imports': {
        post: {
          summary:
            'Upload a workbook (.xlsx) or CSV file as the body and get the preview: inserts, cells old → new, unchanged rows and every problem per sheet row. Nothing is written.',
          parameters: [
            ...path('app', 'table'),
            query('fileName', 'the file name', true),
            query('sheet', 'sheet to read'),
            query('locale', 'e.g. de-DE'),
            query('mapping', 'JSON: header → column'),
          ],
          requestBody: { content: Object.fromEntries(UPLOAD_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) },
          responses: {
            ...ok('{importId, fileName, sheet, columns, summary, inserts, updates, problems, needsApproval}'),
            400: error('IMP_UNREADABLE, IMP_ENCRYPTED, IMP_COLUMNS'),
            413: error('IMP_TOO_LARGE, REQ_TOO_LARGE'),
          },
        },
      },
      '/api/apps/{app}/tables/{table}/imports/{importId}/apply': {
        post: {
          summary: 'Apply a previewed import as ONE changeset (its reason names the file), or submit it for approval where the table requires',
          parameters: path('app', 'table', 'importId'),
          requestBody: json(importApplyBodySchema),
          responses: {
            ...ok('{changesetId, applied, requestId}'),
            404: error('ROW_NOT_FOUND (no such preview)'),
            409: error('WB_CONFLICT'),
            422: error('IMP_PROBLEMS'),
          },
        },
      },
      '/api/export-jobs/{id}': {
        get: {
          summary: 'Progress of an export job (its owner only)',
          parameters: path('id'),
          responses: { ...ok('{jobId, status, done, total, startedAt, fileName, error}'), 404: error('EXP_NOT_FOUND') },
        },
      },
      '/api/export-jobs/{id}/file': {
        get: {
          summary: 'Download a finished export job',
          parameters: path('id'),
          responses: { 200: { description: 'The zip' }, 404: error('EXP_NOT_FOUND'), 409: error('REQ_INVALID (not done)') },
        },
      },
      '/api/apps/{app}/actions/{action}/run': {
        post: {
          summary:
            'Run an action block: validate and if steps, one write through the write pipeline with its sql steps in the same transaction, then webhooks after the commit',
          parameters: path('app', 'action'),
          requestBody: json(actionRunBodySchema),
          responses: {
            ...okJson('{ok: true, steps: [{index, path, step, status}], changesetId, set, refresh, navigate}', actionRunResultSchema),
            400: error('REQ_INVALID (params)'),
            403: error('GOV_FORBIDDEN_APP, GOV_FORBIDDEN_ACTION'),
            404: error('APP_NOT_FOUND, WF_ACTION_NOT_FOUND'),
            422: error('WF_ACTION_FAILED with details.step, details.index, details.path, details.cause; nothing written, no webhook sent'),
          },
        },
      },
      '/api/approvals': {
        get: {
          summary: 'Approval requests: inbox (what I may approve now), mine (my submissions) or all (admins)',
          parameters: [
            query('view', 'inbox (default) | mine | all'),
            query('app', 'app name'),
            query('table', 'table name in the app'),
            query('status', 'pending | approved | rejected | withdrawn | conflict | expired | applied'),
            query('limit', '1–1000, default 100'),
          ],
          responses: {
            ...okJson(
              '{requests: [{requestId, app, table, submittedBy, submittedAt, status, amount, route, currentLevel, changeCount, reason, resubmits, changesetId, updatedAt}]}',
              requestListSchema,
            ),
            403: error('GOV_FORBIDDEN_ADMIN (view=all)'),
          },
        },
      },
      '/api/approvals/{id}': {
        get: {
          summary: 'One request with its levels, steps, per-change diff (old, new, current) and amount totals',
          parameters: path('id'),
          responses: {
            ...okJson(
              '{…summary, levels, steps, changes: [{op, key, visible, rowExists, cells: [{column, old, new, current, changedSince}]}], totals, actions}; current values only where visible (your read policy), else null',
              requestDetailSchema,
            ),
            404: error('WF_REQUEST_NOT_FOUND: no such request, or one you may not see'),
          },
        },
      },
      '/api/approvals/{id}/approve': {
        post: {
          summary: 'Approve the current level; the last approval applies the changes as the submitter',
          parameters: path('id'),
          requestBody: json(approveBodySchema),
          responses: {
            ...ok('the request summary (status pending, or applied with changesetId)'),
            403: error('WF_SELF_APPROVAL, WF_NOT_APPROVER, WF_ALREADY_APPROVED'),
            404: error('WF_REQUEST_NOT_FOUND'),
            409: error('WB_CONFLICT (the request became conflict; nothing written), WF_REQUEST_CLOSED'),
          },
        },
      },
      '/api/approvals/{id}/reject': {
        post: {
          summary: 'Reject with a reason; nothing is applied',
          parameters: path('id'),
          requestBody: json(rejectBodySchema),
          responses: {
            ...ok('the request summary'),
            400: error('REQ_INVALID (no reason)'),
            403: error('WF_NOT_APPROVER, WF_SELF_APPROVAL'),
            409: error('WF_REQUEST_CLOSED'),
          },
        },
      },
      '/api/approvals/{id}/withdraw': {
        post: {
          summary: 'The submitter withdraws a pending request',
          parameters: path('id'),
          requestBody: json(withdrawBodySchema),
          responses: { ...ok('the request summary'), 403: error('WF_NOT_SUBMITTER'), 409: error('WF_REQUEST_CLOSED') },
        },
      },
      '/api/approvals/bulk-approve': {
        post: {
          summary: 'Approve several requests, each checked like a single approval',
          requestBody: json(bulkApproveBodySchema),
          responses: okJson('{results: [{requestId, ok: true, request} | {requestId, ok: false, error: {code, message, details}}]}', bulkApproveResponseSchema),
        },
      },
      '/api/approvals/delegation': {
        get: { summary: 'My active delegation and those made to me', responses: ok('{mine: {delegator, delegate, until} | null, toMe: [...]}') },
        put: {
          summary: 'Let another user approve what I could until a time (replaces my earlier delegation)',
          requestBody: json(delegationBodySchema),
          responses: { ...ok('{delegation}'), 400: error('REQ_INVALID'), 404: error('USER_NOT_FOUND') },
        },
        delete: { summary: 'End my delegation', responses: ok('{ok: true, ended}') },
      },
      '/api/apps/{app}/presence': {
        post: {
          summary: 'Announce the page this tab shows and the row it edits (again within 45 s, or it lapses)',
          parameters: path('app'),
          requestBody: json(presenceBodySchema),
          responses: {
            ...ok('{app, others: [{userId, displayName, page, editing?}]}'),
            400: error('REQ_INVALID'),
            404: error('PAGE_NOT_FOUND, BLOCK_NOT_FOUND or ROW_NOT_FOUND (a row you may not read)'),
          },
        },
      },
      '/api/apps/{app}/presence/{tab}': { delete: { summary: 'The tab left the app', parameters: path('app', 'tab'), responses: ok('{ok: true}') } },
      '/api/events': {
        get: {
          summary:
            "Server-sent events: `change` {app, table, keys, changesetId, user}; `access` {reason} when the user's roles or attributes changed (the stream follows the new ones); a last `end` {reason} when the session, token or user no longer allows the stream; `presence` {app, others: [{userId, displayName, page, editing?}]} when who else is on an app you may open changes",
          parameters: [query('tab', "Tab id: the stream closing ends that tab's presence")],
          responses: ok('text/event-stream'),
        },
      },
      '/api/tokens': {
        get: {
          summary: 'Own API tokens (admins: ?all=true)',
          parameters: [query('all', "true for every user's tokens (admins)")],
          responses: okJson('{tokens}', tokenListSchema),
        },
        post: {
          summary: 'Create an API token; the secret is returned once',
          requestBody: json(createTokenSchema),
          responses: okJson('{token, secret}', createdTokenSchema),
        },
      },
      '/api/tokens/{id}': {
        delete: {
          summary: 'Revoke a token',
          parameters: path('id'),
          responses: { ...okJson('{token} (revokedAt set)', tokenResponseSchema), 404: error('TOKEN_NOT_FOUND') },
        },
      },
      '/api/admin/users': {
        get: { summary: 'Users (admins)', responses: { ...okJson('{users}', adminUserListSchema), 403: error('GOV_FORBIDDEN_ADMIN') } },
        post: {
          summary: 'Create a user (admins)',
          requestBody: json(createUserSchema),
          responses: { ...okJson('{user}', adminUserResponseSchema), 409: error('USER_EXISTS') },
        },
      },
      '/api/admin/users/{username}': {
        patch: {
          summary: 'Change roles, attributes, display name, disabled (admins)',
          parameters: path('username'),
          requestBody: json(editUserSchema),
          responses: { ...okJson('{user}', adminUserResponseSchema), 404: error('USER_NOT_FOUND') },
        },
      },
      '/api/admin/users/{username}/password': {
        post: {
          summary: "Set a password; ends the user's sessions (admins)",
          parameters: path('username'),
          requestBody: json(setPasswordSchema),
          responses: ok('{ok: true}'),
        },
      },
      '/api/admin/roles': {
        get: { summary: 'Roles declared in roundtrip.yaml (admins)', responses: okJson('{roles: [{name, description}]}', declaredRolesSchema) },
      },
      '/api/admin/apps/{app}/definition': {
        get: {
          summary: 'An app file for the definition editor: text, sha256 hash, parsed config and the editable parts per table (admins)',
          parameters: path('app'),
          responses: { ...okJson('{file, yaml, hash, config, editable: {tables, actions}}', appDefinitionSchema), 404: error('APP_NOT_FOUND') },
        },
        post: {
          summary: 'Save edits of approvals, rules and write-policy columns and roles into the app file (comments kept), reload and audit them (admins)',
          parameters: path('app'),
          requestBody: json(definitionSaveSchema),
          responses: {
            ...ok('{ok, issues, yaml, diff, hash}'),
            400: error('REQ_INVALID (path not editable)'),
            409: error('CFG_EDIT_CONFLICT'),
            422: error('CFG_EDIT_INVALID with details.issues[]'),
          },
        },
      },
      '/api/admin/apps/{app}/definition/preview': {
        post: {
          summary: 'What edits would do: new text, line diff, issues (with lines) and where a sample amount would route; writes nothing (admins)',
          parameters: path('app'),
          requestBody: json(definitionPreviewSchema),
          responses: {
            ...okJson('{ok, issues: [{file, line, path, message}], yaml, diff, routing?: {table, amount, route, before}}', definitionPreviewResponseSchema),
            400: error('REQ_INVALID (path not editable)'),
          },
        },
      },
      '/api/admin/changes': {
        get: {
          summary: 'Audited changes of users, tokens, app definitions and project sections (admins)',
          parameters: [query('limit', '1–1000, default 100')],
          responses: okJson('{changes}', adminChangesSchema),
        },
      },
    },
  };
}
