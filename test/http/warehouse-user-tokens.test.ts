import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSessionId } from '../../src/governance/identity/session-store.js';
import { openTokens } from '../../src/governance/identity/sealed-tokens.js';
import { DATABRICKS_CAPABILITIES } from '../../src/warehouse/databricks/databricks-capabilities.js';
import { OAUTH_TOKEN_SETTING, type QueryOptions } from '../../src/warehouse/driver.js';
import { runSql, sql } from '../../src/warehouse/sql.js';
import { ApiClient } from '../support/api-client.js';
import { engineNamed } from '../support/engines.js';
import { CookieBrowser, signInWithSso } from '../support/oidc-browser.js';
import { startOidcProvider, writeOidcProject, type OidcTestAccount, type TestOidcProvider } from '../support/oidc-provider.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, budgetAmount } from '../support/warehouse-probe.js';

// Identity mode user-token (BigQuery, Databricks): every statement of a user runs with the OAuth
// access token of their single sign-on, kept sealed with their session and refreshed before it
// expires. There is no Databricks here: the embedded DuckDB stands in, declaring Databricks'
// capabilities (no transactions, no RETURNING, roles), so core takes Databricks' journaled write
// path; every statement the driver receives is recorded with the token it was given. The tokens
// come from a real OpenID Connect provider (oidc-provider) issuing refresh tokens and access
// tokens that live ACCESS_TTL seconds.

const ACCESS_TTL = 8;
const OLIVER: OidcTestAccount = {
  login: 'oliver',
  password: 'correct horse battery',
  claims: { preferred_username: 'oliver', name: 'Oliver Okafor', roles: ['rt-partners'], entities: ['E06', 'E07'] },
};

const PETRA: OidcTestAccount = { ...OLIVER, login: 'petra', claims: { ...OLIVER.claims, preferred_username: 'petra', name: 'Petra Park' } };

interface Ran {
  sql: string;
  token: string | undefined;
}

let provider: TestOidcProvider;
let project: { dir: string; remove(): void };
let server: TestServer;
const ran: Ran[] = [];

beforeAll(async () => {
  provider = await startOidcProvider([OLIVER, PETRA], { refreshTokens: true, accessTokenTtl: ACCESS_TTL });
  project = writeOidcProject(provider);
  server = await startTestServer({
    projectDir: project.dir,
    engine: { ...engineNamed('duckdb'), label: 'duckdb (as databricks)', declares: DATABRICKS_CAPABILITIES },
  });
  provider.registerClient(`${server.url}/api/auth/oidc/callback`);
  // As `warehouse.identity: { mode: user-token }` of a Databricks or BigQuery project reads.
  Object.assign(server.runtime.current().config.warehouse, { identity: { mode: 'user-token' } });
  const { warehouse } = server.runtime;
  const query = warehouse.query.bind(warehouse);
  warehouse.query = (text: string, params?: readonly unknown[], options?: QueryOptions) => {
    ran.push({ sql: text, token: options?.identity?.settings[OAUTH_TOKEN_SETTING] });
    return query(text, params, options);
  };
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
  project?.remove();
});

async function signedIn(who = OLIVER): Promise<{ browser: CookieBrowser; client: ApiClient; sessionId: string }> {
  const browser = new CookieBrowser(server.url);
  const { answer } = await signInWithSso(browser, server, provider, who);
  expect(answer.location).toBe(`${server.url}/`);
  return { browser, client: await browser.apiClient(), sessionId: browser.cookie(server.url, 'rt_session')! };
}

async function oliversLine(): Promise<number> {
  const { rows } = await runSql(server.runtime.warehouse, sql`SELECT min(line_id) AS line_id FROM budget_lines WHERE entity_id = 'E06'`);
  return Number(rows[0]!.line_id);
}

async function sealedRow(sessionId: string): Promise<string | undefined> {
  const { rows } = await runSql(server.runtime.system, sql`SELECT sealed FROM session_tokens WHERE id_hash = ${hashSessionId(sessionId)}`);
  return rows[0] ? String(rows[0].sealed) : undefined;
}

/** Runs `act` and returns the statements the warehouse received meanwhile. */
async function statementsOf(act: () => Promise<unknown>): Promise<Ran[]> {
  const from = ran.length;
  await act();
  return ran.slice(from);
}

describe('warehouse statements with the user’s own token', () => {
  it('reads and writes with the token of the sign-in; the journal and audit rows with the service’s', async () => {
    const { client } = await signedIn();
    const [issued] = provider.accessTokensOf('oliver');
    expect(issued).toBeTruthy();

    const reads = await statementsOf(async () => {
      const answer = await client.request('POST', '/api/apps/budget/datasets/budget_lines/query', { limit: 5 });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.rows.length).toBeGreaterThan(0);
    });
    const dataReads = reads.filter((r) => /budget_lines/.test(r.sql));
    expect(dataReads.length).toBeGreaterThan(0);
    expect(dataReads.every((r) => r.token === issued)).toBe(true);

    const lineId = await oliversLine();
    const before = await auditCounts(server.runtime);
    const amount = await budgetAmount(server.runtime, lineId);
    const writes = await statementsOf(async () => {
      const answer = await client.request('POST', '/api/apps/budget/tables/budget_lines/changesets', {
        changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '4321.00' }, expect: { amount } }],
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    });
    expect(await budgetAmount(server.runtime, lineId)).toBe('4321.00');
    const update = writes.filter((r) => /^\s*UPDATE\b/i.test(r.sql) && r.sql.includes('budget_lines'));
    expect(update).toHaveLength(1);
    expect(update[0]!.token).toBe(issued);
    const audit = writes.filter((r) => /INSERT INTO\s+\S*(changesets|cell_changes)/i.test(r.sql));
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((r) => r.token === undefined)).toBe(true);
    expect(await auditCounts(server.runtime)).toEqual({ changesets: before.changesets + 1, cells: before.cells + 1 });
  });

  it('keeps the tokens sealed with the session id: the store holds neither token, and no other session opens them', async () => {
    const { sessionId } = await signedIn();
    const sealed = await sealedRow(sessionId);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const tokens = openTokens(sessionId, hashSessionId(sessionId), sealed!);
    expect(tokens?.accessToken).toBe(provider.accessTokensOf('oliver').at(-1));
    expect(tokens?.refreshToken).toBeTruthy();
    expect(sealed).not.toContain(tokens!.accessToken);
    expect(sealed).not.toContain(tokens!.refreshToken);
    const other = await signedIn();
    expect(openTokens(other.sessionId, hashSessionId(other.sessionId), sealed!)).toBeUndefined();
    expect(openTokens(sessionId, hashSessionId(other.sessionId), sealed!), 'bound to its id hash').toBeUndefined();
  });

  it('refreshes the token before it expires and runs the next statements with the new one', async () => {
    const { client, sessionId } = await signedIn();
    const first = (await client.request('GET', '/api/auth/me')).body.warehouseSignIn;
    expect(Date.parse(first.expiresAt) - Date.now()).toBeLessThanOrEqual(ACCESS_TTL * 1000);
    const sealedBefore = await sealedRow(sessionId);
    const issuedBefore = provider.accessTokensOf('oliver');
    // Past three quarters of its lifetime: the next request refreshes it.
    await new Promise((resolve) => setTimeout(resolve, ACCESS_TTL * 800));
    const reads = await statementsOf(async () => {
      const answer = await client.request('POST', '/api/apps/budget/datasets/budget_lines/query', { limit: 1 });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    });
    const issued = provider.accessTokensOf('oliver').filter((token) => !issuedBefore.includes(token));
    expect(issued).toHaveLength(1);
    const dataReads = reads.filter((r) => /budget_lines/.test(r.sql));
    expect(dataReads.length).toBeGreaterThan(0);
    expect(dataReads.every((r) => r.token === issued[0])).toBe(true);
    expect(await sealedRow(sessionId)).not.toBe(sealedBefore);
    const after = (await client.request('GET', '/api/auth/me')).body.warehouseSignIn;
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
  });

  it('answers AUTH_WAREHOUSE_SIGN_IN once the token can no longer be refreshed, forgets it, and runs nothing', async () => {
    const { client, sessionId } = await signedIn();
    provider.revokeRefreshTokens('oliver');
    await new Promise((resolve) => setTimeout(resolve, ACCESS_TTL * 800));
    const lineId = await oliversLine();
    const before = { amount: await budgetAmount(server.runtime, lineId), audit: await auditCounts(server.runtime) };
    const statements = await statementsOf(async () => {
      const read = await client.request('POST', '/api/apps/budget/datasets/budget_lines/query', { limit: 1 });
      expect(read.status).toBe(401);
      expect(read.body.error.code).toBe('AUTH_WAREHOUSE_SIGN_IN');
      const write = await client.request('POST', '/api/apps/budget/tables/budget_lines/changesets', {
        changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '1.00' }, expect: { amount: before.amount } }],
      });
      expect(write.status).toBe(401);
      expect(write.body.error.code).toBe('AUTH_WAREHOUSE_SIGN_IN');
    });
    expect(statements.filter((r) => /budget_lines/.test(r.sql))).toEqual([]);
    expect(await budgetAmount(server.runtime, lineId)).toBe(before.amount);
    expect(await auditCounts(server.runtime)).toEqual(before.audit);
    expect(await sealedRow(sessionId)).toBeUndefined();
    expect((await client.request('GET', '/api/auth/me')).body.warehouseSignIn).toBeNull();
  });

  it('refuses password logins and API tokens with AUTH_WAREHOUSE_SIGN_IN: never the service identity in their place', async () => {
    const partner = await ApiClient.login(server.url, 'partner1');
    const read = await partner.request('POST', '/api/apps/budget/datasets/budget_lines/query', { limit: 1 });
    expect(read.status).toBe(401);
    expect(read.body.error).toMatchObject({ code: 'AUTH_WAREHOUSE_SIGN_IN', message: expect.stringContaining('single sign-on') });
    const created = await partner.request('POST', '/api/tokens', { name: 'script', apps: ['budget'], access: 'read' });
    expect(created.status).toBe(200);
    const bearer = { authorization: `Bearer ${created.body.secret}` };
    const viaToken = await new ApiClient(server.url).request('POST', '/api/apps/budget/datasets/budget_lines/query', { limit: 1 }, bearer);
    expect(viaToken.status).toBe(401);
    expect(viaToken.body.error.code).toBe('AUTH_WAREHOUSE_SIGN_IN');
  });

  it('applies approved changes in the submitter’s name with the token of the approver who released them', async () => {
    const oliver = (await signedIn()).client;
    const petra = (await signedIn(PETRA)).client;
    const lineId = await oliversLine();
    const amount = await budgetAmount(server.runtime, lineId);
    const submitted = await oliver.request('POST', '/api/apps/budget/tables/budget_lines/submissions', {
      changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '2468.00' }, expect: { amount } }],
      reason: 'reforecast',
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const petrasToken = provider.accessTokensOf('petra').at(-1);
    const statements = await statementsOf(async () => {
      const approved = await petra.request('POST', `/api/approvals/${submitted.body.requestId}/approve`, {});
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body.status).toBe('applied');
    });
    expect(await budgetAmount(server.runtime, lineId)).toBe('2468.00');
    const update = statements.filter((r) => /^\s*UPDATE\b/i.test(r.sql) && r.sql.includes('budget_lines'));
    expect(update).toHaveLength(1);
    expect(update[0]!.token).toBe(petrasToken);
    const history = await oliver.request('GET', `/api/apps/budget/tables/budget_lines/history?key=${encodeURIComponent(JSON.stringify({ line_id: lineId }))}`);
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(JSON.stringify(history.body)).toContain('"oliver"');
  });

  it('drops the sealed tokens with the session at logout', async () => {
    const { client, sessionId } = await signedIn();
    expect(await sealedRow(sessionId)).toBeDefined();
    expect((await client.request('POST', '/api/auth/logout')).status).toBe(200);
    expect(await sealedRow(sessionId)).toBeUndefined();
  });
});
