import { expect } from 'vitest';
import type { ErrorCode } from '../../src/errors/index.js';
import type { TestServer } from '../support/test-server.js';
import { auditCounts, tableFingerprint } from '../support/warehouse-probe.js';

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

/** What an attack must leave as it found it. */
export interface ServerState {
  tables: Record<string, string>;
  audit: { changesets: number; cells: number };
  adminChanges: number;
  /** Users as stored (roles, attributes, password hash, disabled). */
  users: unknown[];
  /** Tokens with their scope and revocation. */
  tokens: unknown[];
  /** Approval requests (status, level, applied changeset) and how many steps were recorded. */
  approvals: { requests: unknown[]; steps: number };
  /** Approval delegations. */
  delegations: unknown[];
  /** Live sessions (hashed ids and owners); left out when the attack itself is a login. */
  sessions?: unknown[];
}

/**
 * Fingerprints every watched warehouse table, counts the audit rows, reads the
 * approval requests and delegations, and the users, tokens and sessions of the
 * system store. Fields that legitimately
 * move on every request (`last_seen_at`, `last_used_at`) are left out.
 */
export async function captureState(server: TestServer, tables: readonly string[], options: { sessions?: boolean } = {}): Promise<ServerState> {
  const { runtime } = server;
  const schema = runtime.current().config.audit.schema;
  const [fingerprints, audit, adminChanges, users, tokens, requests, steps, delegations, sessions] = await Promise.all([
    Promise.all(tables.map(async (table) => [table, await tableFingerprint(runtime, table)] as const)),
    auditCounts(runtime),
    runtime.warehouse.query(`SELECT count(*) AS n FROM "${schema}".admin_changes`),
    runtime.system.query('SELECT username, display_name, password_hash, roles, attributes, disabled, updated_at FROM users ORDER BY username'),
    runtime.system.query('SELECT id, user_id, name, scopes, expires_at, revoked_at FROM api_tokens ORDER BY id'),
    runtime.warehouse.query(`SELECT request_id, status, current_level, changeset_id FROM "${schema}".approval_requests ORDER BY request_id`),
    runtime.warehouse.query(`SELECT count(*) AS n FROM "${schema}".approval_steps`),
    runtime.system.query('SELECT delegator, delegate, until_at FROM approval_delegations ORDER BY delegator'),
    options.sessions === false ? undefined : runtime.system.query('SELECT id_hash, user_id, csrf_token FROM sessions ORDER BY id_hash'),
  ]);
  return {
    tables: Object.fromEntries(fingerprints),
    audit,
    adminChanges: Number(adminChanges.rows[0]!.n),
    users: users.rows,
    tokens: tokens.rows,
    approvals: { requests: requests.rows, steps: Number(steps.rows[0]!.n) },
    delegations: delegations.rows,
    ...(sessions ? { sessions: sessions.rows } : {}),
  };
}

/** Runs `attack` and fails unless the server state afterwards equals the state before. */
export async function leavesNothingChanged<T>(
  server: TestServer,
  tables: readonly string[],
  attack: () => Promise<T>,
  options: { sessions?: boolean } = {},
): Promise<T> {
  const before = await captureState(server, tables, options);
  const result = await attack();
  expect(await captureState(server, tables, options)).toEqual(before);
  return result;
}

/** A refusal: the stable code and status, an error body, never a 5xx. */
export function expectRefused(response: ApiResponse, status: number, code: ErrorCode): void {
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body.error.message).toEqual(expect.any(String));
}
