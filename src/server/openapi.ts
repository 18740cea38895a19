import { z } from 'zod';
import { ERROR_CODES } from '../errors/index.js';
import { queryRequestSchema } from '../query/index.js';
import { changesetRequestSchema } from '../writeback/changeset-schema.js';
import { loginSchema } from './routes/auth-routes.js';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } } });
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const appParam = { name: 'app', in: 'path', required: true, schema: { type: 'string' } };

/** The OpenAPI 3.1 document of the HTTP API, generated from the same schemas the routes validate with. */
export function buildOpenApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'Roundtrip API', version, description: 'Governed writeback BI. Every error is {error: {code, message, details}}.' },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'rt_session' }, csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' } },
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
    security: [{ session: [], csrf: [] }],
    paths: {
      '/api/auth/login': { post: { summary: 'Log in; sets the session cookie', security: [], requestBody: json(loginSchema), responses: { 200: { description: '{user, csrfToken}' }, 401: errorResponse('Wrong credentials') } } },
      '/api/auth/me': { get: { summary: 'Current user and CSRF token', responses: { 200: { description: '{user, csrfToken}' }, 401: errorResponse('Not logged in') } } },
      '/api/auth/logout': { post: { summary: 'End the session', responses: { 200: { description: '{ok: true}' } } } },
      '/api/apps': { get: { summary: 'Apps the user may open', responses: { 200: { description: '{apps: [{name, title, description}]}' } } } },
      '/api/apps/{app}': { get: { summary: 'App definition for rendering, with table permissions resolved for the user', parameters: [appParam], responses: { 200: { description: 'App' }, 403: errorResponse('GOV_FORBIDDEN_APP'), 404: errorResponse('APP_NOT_FOUND') } } },
      '/api/apps/{app}/datasets/{dataset}/query': {
        post: {
          summary: 'Run a dataset (or a writable table) live with filters, sort and paging',
          parameters: [appParam, { name: 'dataset', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: json(queryRequestSchema),
          responses: { 200: { description: '{columns: [{name, type}], rows, total?}' }, 400: errorResponse('QRY_* or REQ_INVALID'), 404: errorResponse('DATASET_NOT_FOUND') },
        },
      },
      '/api/apps/{app}/tables/{table}/changesets': {
        post: {
          summary: 'Apply a changeset: authorised, validated, applied with its audit rows in one transaction',
          parameters: [appParam, { name: 'table', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: json(changesetRequestSchema),
          responses: {
            200: { description: '{changesetId, applied, replayed}' },
            400: errorResponse('REQ_INVALID, WB_UNKNOWN_COLUMN, WB_INVALID_KEY, WB_EXPECT_REQUIRED'),
            403: errorResponse('GOV_FORBIDDEN_*'),
            404: errorResponse('TABLE_NOT_FOUND, ROW_NOT_FOUND'),
            409: errorResponse('WB_CONFLICT with details.conflicts[]'),
            422: errorResponse('WB_VALIDATION with details.issues[]'),
          },
        },
      },
      '/api/apps/{app}/tables/{table}/history': {
        get: {
          summary: 'Audited cell changes of one row, newest first',
          parameters: [appParam, { name: 'table', in: 'path', required: true, schema: { type: 'string' } }, { name: 'key', in: 'query', required: true, schema: { type: 'string' }, description: 'JSON of the row key' }],
          responses: { 200: { description: '{changes: [{changesetId, at, user, op, column, old, new, reason}]}' } },
        },
      },
      '/api/events': { get: { summary: 'Server-sent events: `change` {app, table, keys, changesetId, user}', responses: { 200: { description: 'text/event-stream' } } } },
    },
  };
}
