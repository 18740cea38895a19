/**
 * The registry of every error code Roundtrip returns. A code never changes
 * meaning once released; `codes.test.ts` fails when this list and the README
 * drift apart.
 */
export const ERROR_CODES = {
  REQ_INVALID: { status: 400, summary: 'The request body, query or parameters do not match the schema.' },
  REQ_MALFORMED_JSON: { status: 400, summary: 'The request body is not valid JSON.' },
  REQ_TOO_LARGE: { status: 413, summary: 'The request body exceeds the size limit.' },
  REQ_UNSUPPORTED_MEDIA: { status: 415, summary: 'The request body is not application/json.' },
  ROUTE_NOT_FOUND: { status: 404, summary: 'No API route matches the method and path.' },
  AUTH_REQUIRED: { status: 401, summary: 'No valid session or token was sent.' },
  AUTH_INVALID_CREDENTIALS: { status: 401, summary: 'Username or password is wrong.' },
  AUTH_CSRF: { status: 403, summary: 'A state-changing request lacks a valid X-CSRF-Token header.' },
  GOV_FORBIDDEN_APP: { status: 403, summary: 'The user has no role that may open this app.' },
  GOV_FORBIDDEN_OPERATION: { status: 403, summary: 'The user may not insert, update or delete rows of this table.' },
  GOV_FORBIDDEN_COLUMN: { status: 403, summary: 'The change writes a column that is not editable for the user.' },
  GOV_FORBIDDEN_ROW: { status: 403, summary: 'The row (before or after the change) is outside the user\'s row policy.' },
  GOV_WAREHOUSE_DENIED: { status: 403, summary: 'The warehouse itself (GRANTs, row-level security) refused the statement under the user\'s database role.' },
  APP_NOT_FOUND: { status: 404, summary: 'No app of that name is loaded.' },
  DATASET_NOT_FOUND: { status: 404, summary: 'The app declares no dataset of that name.' },
  TABLE_NOT_FOUND: { status: 404, summary: 'The app declares no writable table of that name.' },
  ROW_NOT_FOUND: { status: 404, summary: 'No row has the given key.' },
  QRY_UNKNOWN_COLUMN: { status: 400, summary: 'A filter or sort names a column the dataset does not return.' },
  QRY_INVALID_PARAM: { status: 400, summary: 'A dataset parameter is unknown or has the wrong type.' },
  QRY_INVALID_FILTER: { status: 400, summary: 'A filter value does not fit its operator or column type.' },
  WB_UNKNOWN_COLUMN: { status: 400, summary: 'A change names a column the table does not have.' },
  WB_INVALID_KEY: { status: 400, summary: 'A change\'s key is missing a key column or names other columns.' },
  WB_EXPECT_REQUIRED: { status: 400, summary: 'An update or delete lacks the expected (previously seen) value of a column it changes.' },
  WB_VALIDATION: { status: 422, summary: 'One or more values break the table\'s validation rules; details.issues lists every one.' },
  WB_CONFLICT: { status: 409, summary: 'A cell changed since the user read it; details.conflicts gives the current value and who changed it.' },
  WB_IDEMPOTENCY_REUSED: { status: 409, summary: 'The idempotency key was already used for a different changeset.' },
  CFG_INVALID: { status: 500, summary: 'A project or app file does not match the schema; details.issues names file, line and fix.' },
  CFG_CATALOG_MISMATCH: { status: 500, summary: 'An app refers to a table or column that the warehouse catalogue does not have.' },
  DRV_UNIQUE_VIOLATION: { status: 409, summary: 'The warehouse refused a duplicate key.' },
  DRV_CONSTRAINT_VIOLATION: { status: 422, summary: 'The warehouse refused a value by a constraint (not null, check, foreign key).' },
  DRV_TRANSACTION_CONFLICT: { status: 409, summary: 'A concurrent transaction changed the same rows; retry.' },
  DRV_TIMEOUT: { status: 504, summary: 'The warehouse cancelled the statement (statement timeout or cancellation).' },
  DRV_CONNECTION: { status: 503, summary: 'The warehouse is unreachable or its instance had to be reopened.' },
  DRV_QUERY_FAILED: { status: 500, summary: 'The warehouse failed to run a statement.' },
  INTERNAL: { status: 500, summary: 'An unexpected error; the server log has the cause.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
