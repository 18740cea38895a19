import { runSql, sql } from '../../src/warehouse/sql.js';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ApiClient } from '../support/api-client.js';
import { signEmbedToken } from '../support/embed-token.js';
import { ENGINES } from '../support/engines.js';
import { openEventStream } from '../support/event-stream.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';

// Tenancy of embedded data apps: one budget app serves two customer companies from one table, each
// embedded viewer signed by the host product for its own company (token attributes and a locked
// `entity` parameter). Company A tries company B through every route an embedded session can call:
//   reads    POST …/datasets/:dataset/query (tables and datasets, filters, search, parameters), GET …/first-view, /apps/…,
//            GET …/history, GET /api/changesets/:id, GET/POST …/comments, GET /api/approvals(/:id)
//   writes   POST …/changesets (update, insert, delete), …/revert, …/submissions, …/imports(+apply),
//            POST /api/approvals/:id/withdraw|approve, POST …/actions/:action/run
//   exports  POST …/datasets/:dataset/export, POST …/exports/:export/run and /packs
//   stream   GET /api/events while B writes and comments
//   scope    other apps, admin, token and delegation routes
// Every refusal is coded, nothing of B's shows, and B's rows and the audit stay as they were.

const SECRET = 'a-tenancy-secret-of-at-least-32-bytes!!';
const A = { sub: 'ana', entities: ['E01', 'E02'], entity: 'E01' };
const B = { sub: 'bo', entities: ['E06', 'E07'], entity: 'E06' };

/** The demo with a `tenant` role confined by user.entities, and an embedding that gives it. */
function writeTenancyProject(root: string): string {
  const dir = join(root, 'project');
  cpSync(DEMO_DIR, dir, { recursive: true, filter: (p) => !/[\\/]\.data([\\/]|$)/.test(p) });
  const projectFile = join(dir, 'roundtrip.yaml');
  const project = parse(readFileSync(projectFile, 'utf8'));
  project.roles.tenant = { description: 'A customer company viewing its own entities in the host product' };
  project.embeddings = {
    portal: { secret: { env: 'RT_TEST_TENANCY_SECRET' }, origins: ['https://portal.example.com'], apps: ['budget'], roles: ['tenant'] },
  };
  writeFileSync(projectFile, stringify(project));
  const appFile = join(dir, 'apps', 'budget.yaml');
  const app = parse(readFileSync(appFile, 'utf8'));
  app.roles.push('tenant');
  const lines = app.tables.budget_lines;
  lines.read.unshift({ roles: ['tenant'], rows: 'row.entity_id in user.entities' });
  lines.write.unshift(
    { roles: ['tenant'], operations: ['update', 'delete'], columns: ['amount', 'comment'], rows: 'row.entity_id in user.entities' },
    {
      roles: ['tenant'],
      operations: ['insert'],
      columns: ['line_id', 'entity_id', 'account_id', 'period', 'amount', 'comment'],
      rows: 'row.entity_id in user.entities',
      approvalOnly: true,
    },
  );
  lines.comments = { roles: ['tenant', 'finance_director', 'admin'], rows: "!('tenant' in user.roles) || row.entity_id in user.entities" };
  app.tables.journal_lines.read.unshift({ roles: ['tenant'], rows: 'row.entity_id in user.entities' });
  app.exports.management_accounts.roles.push('tenant');
  writeFileSync(appFile, stringify(app));
  // The role opens the close app too, but the embedding shows only budget: its viewers stay there.
  const closeFile = join(dir, 'apps', 'close.yaml');
  const close = parse(readFileSync(closeFile, 'utf8'));
  close.roles.push('tenant');
  writeFileSync(closeFile, stringify(close));
  return dir;
}

describe.each(ENGINES)('tenancy of embedded viewers on $name', (engine) => {
  let root: string;
  let server: TestServer;
  let a: ApiClient;
  let b: ApiClient;
  let admin: ApiClient;
  let director: ApiClient;

  const sign = (tenant: typeof A) =>
    signEmbedToken('portal', SECRET, {
      sub: tenant.sub,
      name: `Viewer ${tenant.sub}`,
      roles: ['tenant'],
      attributes: { entities: tenant.entities },
      app: 'budget',
      page: 'overview',
      params: { entity: tenant.entity },
    });
  const embedded = async (tenant: typeof A) => {
    const client = new ApiClient(server.url);
    const response = await client.request('POST', '/api/embed/session', { token: await sign(tenant) });
    if (response.status !== 200) throw new Error(`embed session: ${response.status} ${JSON.stringify(response.body)}`);
    client.csrfToken = response.body.csrfToken;
    return client;
  };
  const lineOf = async (entity: string, account = '4000', period = '2026-03-01') => {
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT line_id, amount FROM budget_lines WHERE entity_id = ${entity} AND account_id = ${account} AND period = CAST(${period} AS DATE)`,
    );
    return { id: Number(rows[0]!.line_id), amount: String(rows[0]!.amount) };
  };
  /** B's rows (entities E06, E07) and every audit table, to compare before and after an attack. */
  const fingerprint = async () => {
    const q = (sql: string) => server.runtime.warehouse.query(sql).then((r) => JSON.stringify(r.rows));
    return [
      await q(`SELECT count(*) AS n, CAST(sum(amount) AS DECIMAL(18,2)) AS s FROM budget_lines WHERE entity_id IN ('E06', 'E07')`),
      await q('SELECT count(*) AS n FROM budget_lines'),
      await q('SELECT count(*) AS n FROM roundtrip_audit.changesets'),
      await q('SELECT count(*) AS n FROM roundtrip_audit.row_comments'),
      await q('SELECT count(*) AS n FROM roundtrip_audit.approval_requests'),
    ].join('|');
  };
  /** Nothing of B's in a response: no B entity, no B line id, no B viewer. */
  const clean = (body: unknown, bLines: number[]) => {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/"E0[67]"|E0[67] ·|portal:bo/);
    for (const id of bLines) expect(text).not.toMatch(new RegExp(`"line_id":${id}\\b`));
  };

  beforeAll(async () => {
    process.env.RT_TEST_TENANCY_SECRET = SECRET;
    root = mkdtempSync(join(tmpdir(), 'roundtrip-tenancy-'));
    const dir = writeTenancyProject(root);
    server = await startTestServer({ engine, projectDir: dir });
    [a, b, admin, director] = await Promise.all([embedded(A), embedded(B), ApiClient.login(server.url, 'admin'), ApiClient.login(server.url, 'director')]);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('reads only its own company through tables, datasets, filters, search and parameters', async () => {
    const bLine = await lineOf('E06');
    const table = await a.query('budget', 'budget_lines', { limit: 5000 });
    expect(table.status).toBe(200);
    expect(new Set(table.body.rows.map((r: { entity_id: string }) => r.entity_id))).toEqual(new Set(A.entities));
    for (const body of [
      { filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }] },
      { search: { text: 'E06' } },
      { filters: [{ column: 'line_id', op: 'eq', value: bLine.id }] },
    ]) {
      const response = await a.query('budget', 'budget_lines', body);
      expect([body, response.status, response.body.error?.message]).toEqual([body, 200, undefined]);
      expect(response.body.rows).toEqual([]);
    }
    const variance = await a.query('budget', 'variance_by_entity');
    expect(variance.status).toBe(200);
    clean(variance.body, [bLine.id]);
    expect((await a.query('budget', 'readable_entities')).body.rows.map((r: { entity_id: string }) => r.entity_id)).toEqual(A.entities);
    // The token fixed the page's entity: asking for another is refused, not answered.
    const other = await a.query('budget', 'totals', { params: { entity: 'E06' } });
    expect([other.status, other.body.error?.code]).toEqual([403, 'EMBED_SCOPE']);
    const own = await a.query('budget', 'totals', { params: {} });
    expect(own.status).toBe(200);
    const mine = await director.query('budget', 'totals', { params: { entity: 'E01' } });
    expect(own.body.rows).toEqual(mine.body.rows);
    // The page-opening request runs the KPI datasets with the locked entity too, and asks for no other app.
    const opening = await a.request('GET', '/api/apps/budget/first-view?page=overview');
    expect(opening.status).toBe(200);
    expect(opening.body.datasets).toEqual([{ dataset: 'totals', request: { limit: 1, params: { entity: 'E01' } }, result: mine.body }]);
    clean(opening.body.datasets, [bLine.id]);
    expect((await a.request('GET', '/api/apps/close/first-view')).body.error?.code).toBe('GOV_FORBIDDEN_APP');
    // The embedded page itself carries the same answer as data, for its own viewer only, never cached.
    const page = await fetch(`${server.url}/embed/budget/overview`, { headers: { cookie: a.cookie } });
    expect(page.headers.get('cache-control')).toBe('no-store');
    const inline = /<script type="application\/json" id="first-view-data">([^<]*)<\/script>/.exec(await page.text());
    expect(JSON.parse(inline![1]!).datasets).toEqual(opening.body.datasets);
    const anonymous = await (await fetch(`${server.url}/embed/budget/overview`)).text();
    expect(anonymous).not.toContain('id="first-view-data"');
    // The full app's shared page address carries no answer for an embedded viewer, nor for B's page.
    for (const path of ['/apps/budget/overview', '/apps/close']) {
      const shared = await (await fetch(`${server.url}${path}`, { headers: { cookie: a.cookie } })).text();
      expect([path, shared.includes('<div id="root">'), shared.includes('id="first-view-data"')]).toEqual([path, true, false]);
    }
  });

  it("cannot read B's history, changesets, comments or approval requests", async () => {
    const bLine = await lineOf('E06', '4100');
    const written = await b.changeset('budget', 'budget_lines', {
      reason: 'B confidential reforecast',
      changes: [
        { op: 'update', key: { line_id: bLine.id }, set: { amount: '60606.00', comment: 'B secret' }, expect: { amount: bLine.amount, comment: null } },
      ],
    });
    expect(written.status).toBe(200);
    const comment = await b.request('POST', '/api/apps/budget/tables/budget_lines/comments', { key: { line_id: bLine.id }, text: 'B internal note' });
    expect([comment.status, comment.body.error?.message]).toEqual([201, undefined]);
    const submitted = await b.request('POST', '/api/apps/budget/tables/budget_lines/submissions', {
      reason: 'B new line',
      changes: [{ op: 'insert', values: { entity_id: 'E06', account_id: '4200', period: '2027-01-01', amount: '1234.00', comment: 'B plan' } }],
    });
    expect(submitted.status).toBe(202);
    const requestId = submitted.body.requestId as string;

    const history = await a.request('GET', `/api/apps/budget/tables/budget_lines/history?key=${encodeURIComponent(JSON.stringify({ line_id: bLine.id }))}`);
    // The same answer as for a key that does not exist: only the key A sent comes back.
    expect([history.status, history.body.error?.code]).toEqual([404, 'ROW_NOT_FOUND']);
    clean(history.body, []);
    const detail = await a.request('GET', `/api/changesets/${written.body.changesetId}`);
    expect(detail.status).toBe(404);
    expect(JSON.stringify(detail.body)).not.toContain('60606');
    const thread = await a.request('GET', `/api/apps/budget/tables/budget_lines/comments?key=${encodeURIComponent(JSON.stringify({ line_id: bLine.id }))}`);
    expect(thread.status).toBe(404);
    const counts = await a.request('GET', '/api/apps/budget/tables/budget_lines/comments/counts');
    expect(counts.status).toBe(200);
    clean(counts.body, [bLine.id]);
    const inbox = await a.request('GET', '/api/approvals');
    expect(inbox.status).toBe(200);
    expect(JSON.stringify(inbox.body)).not.toContain(requestId);
    expect((await a.request('GET', `/api/approvals/${requestId}`)).status).toBe(404);
  });

  it("cannot write B's rows by update, insert, delete, revert, submission, import, approval or action", async () => {
    const bLine = await lineOf('E07', '5000');
    const bChange = await b.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: bLine.id }, set: { amount: '70707.00' }, expect: { amount: bLine.amount } }],
    });
    expect(bChange.status).toBe(200);
    const bRequest = await b.request('POST', '/api/apps/budget/tables/budget_lines/submissions', {
      changes: [{ op: 'insert', values: { entity_id: 'E07', account_id: '4300', period: '2027-02-01', amount: '42.00', comment: null } }],
    });
    expect(bRequest.status).toBe(202);
    const before = await fingerprint();
    const key = { line_id: bLine.id };
    const attempts: [string, () => Promise<{ status: number; body: any }>][] = [
      ['update', () => a.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key, set: { amount: '1.00' }, expect: { amount: '70707.00' } }] })],
      ['blind update', () => a.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key, set: { comment: 'A was here' }, expect: {} }] })],
      ['delete', () => a.changeset('budget', 'budget_lines', { changes: [{ op: 'delete', key, expect: { amount: '70707.00' } }] })],
      [
        'move own line to B',
        async () => {
          const own = await lineOf('E01', '5000');
          return a.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key: { line_id: own.id }, set: { entity_id: 'E06' }, expect: {} }] });
        },
      ],
      [
        'submit a line for B',
        () =>
          a.request('POST', '/api/apps/budget/tables/budget_lines/submissions', {
            changes: [{ op: 'insert', values: { entity_id: 'E06', account_id: '4300', period: '2027-03-01', amount: '5.00', comment: null } }],
          }),
      ],
      ['revert B', () => a.request('POST', `/api/apps/budget/tables/budget_lines/changesets/${bChange.body.changesetId}/revert`, { reason: 'undo B' })],
      ['withdraw B', () => a.request('POST', `/api/approvals/${bRequest.body.requestId}/withdraw`, {})],
      ['approve B', () => a.request('POST', `/api/approvals/${bRequest.body.requestId}/approve`, {})],
      ['run an action', () => a.request('POST', '/api/apps/budget/actions/map_fx_to_finance/run', { params: {} })],
      [
        'import onto B',
        async () => {
          const upload = await a.request('POST', '/api/apps/budget/tables/budget_lines/imports?fileName=b.csv', `line_id,amount\n${bLine.id},1.00\n`, {
            'content-type': 'text/csv',
          });
          clean(upload.body, []);
          expect(JSON.stringify(upload.body)).not.toContain('70707');
          if (upload.status !== 200) return upload;
          return a.request('POST', `/api/apps/budget/tables/budget_lines/imports/${upload.body.importId}/apply`, {});
        },
      ],
    ];
    for (const [label, attempt] of attempts) {
      const response = await attempt();
      expect([label, response.status >= 400 && response.status < 500]).toEqual([label, true]);
      expect(typeof response.body?.error?.code).toBe('string');
      expect(JSON.stringify(response.body)).not.toContain('70707');
    }
    expect(await fingerprint()).toBe(before);
  });

  it('exports only its own company, and cannot export for another', async () => {
    const csv = await fetch(`${server.url}/api/apps/budget/datasets/budget_lines/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.csrfToken },
      body: JSON.stringify({ format: 'csv' }),
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('E01');
    expect(text).not.toMatch(/E0[67]/);
    const forB = await a.request('POST', '/api/apps/budget/exports/management_accounts/run', { params: { entity: 'E06', year: 2026 } });
    expect([forB.status, forB.body.error?.code]).toEqual([403, 'EMBED_SCOPE']);
    const pack = await a.request('POST', '/api/apps/budget/exports/management_accounts/packs', { params: { year: 2026 } });
    expect(pack.status).toBe(202);
    // One workbook per entity A may read, none of B's.
    expect(pack.body.total).toBe(A.entities.length);
  });

  it("receives none of B's changes, comments or approvals on the event stream", async () => {
    const stream = await openEventStream(server.url, a.cookie);
    try {
      const bLine = await lineOf('E06', '6000');
      const aLine = await lineOf('E02', '6000');
      const bChange = await b.changeset('budget', 'budget_lines', {
        changes: [{ op: 'update', key: { line_id: bLine.id }, set: { amount: '80808.00' }, expect: { amount: bLine.amount } }],
      });
      expect(bChange.status).toBe(200);
      expect((await b.request('POST', '/api/apps/budget/tables/budget_lines/comments', { key: { line_id: bLine.id }, text: 'B stream note' })).status).toBe(
        201,
      );
      await b.request('POST', '/api/apps/budget/tables/budget_lines/submissions', {
        changes: [{ op: 'insert', values: { entity_id: 'E06', account_id: '4300', period: '2027-04-01', amount: '7.00', comment: null } }],
      });
      // A's own write arrives after B's: when it is there, B's events had their chance to arrive.
      const aChange = await a.changeset('budget', 'budget_lines', {
        changes: [{ op: 'update', key: { line_id: aLine.id }, set: { amount: '20202.00' }, expect: { amount: aLine.amount } }],
      });
      expect(aChange.status).toBe(200);
      await stream.waitFor((e) => JSON.stringify(e.data).includes(aChange.body.changesetId), 10_000);
      const seen = JSON.stringify(stream.events);
      expect(seen).not.toContain(bChange.body.changesetId);
      expect(seen).not.toContain('80808');
      expect(seen).not.toContain('portal:bo');
      expect(seen).not.toMatch(new RegExp(`"line_id":${bLine.id}\\b`));
    } finally {
      stream.close();
    }
  });

  it("stays inside its embedding's apps and never reaches admin, token or delegation routes", async () => {
    const apps = await a.request('GET', '/api/apps');
    expect(apps.body.apps.map((x: { name: string }) => x.name)).toEqual(['budget']);
    for (const [method, path, body] of [
      ['GET', '/api/apps/close', undefined],
      ['POST', '/api/apps/close/datasets/entity_status/query', {}],
      ['POST', '/api/apps/activity/datasets/latest_changes/query', {}],
    ] as const) {
      const response = await a.request(method, path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    for (const [method, path, body] of [
      ['GET', '/api/admin/users', undefined],
      ['GET', '/api/admin/changes', undefined],
      ['POST', '/api/tokens', { name: 'escape', apps: ['*'], access: 'write' }],
      ['GET', '/api/tokens', undefined],
      ['PUT', '/api/approvals/delegation', { delegate: 'director', until: new Date(Date.now() + 86_400_000).toISOString() }],
      ['POST', '/api/approvals/bulk-approve', { requestIds: [] }],
    ] as const) {
      const response = await a.request(method, path, body);
      expect({ path, status: response.status, code: response.body?.error?.code }).toEqual({ path, status: 403, code: 'EMBED_SCOPE' });
    }
    // The same user list an admin reads shows both viewers as embedded users of the portal.
    const users = await admin.request('GET', '/api/admin/users');
    expect(users.body.users.filter((u: { source: string }) => u.source === 'embed').map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['portal:ana', 'portal:bo']),
    );
  });

  it('refuses token faults with their codes, and a revoked embedding ends its sessions and streams', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = (over: { nbf?: number; iat?: number; exp?: number; secret?: string; entities?: string[] } = {}) => {
      const jwt = new SignJWT({ sub: 'eve', roles: ['tenant'], attributes: { entities: over.entities ?? ['E01'] }, app: 'budget', params: {} })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('portal')
        .setAudience('roundtrip')
        .setIssuedAt(over.iat ?? now)
        .setExpirationTime(over.exp ?? now + 300);
      if (over.nbf !== undefined) jwt.setNotBefore(over.nbf);
      return jwt.sign(new TextEncoder().encode(over.secret ?? SECRET));
    };
    const exchange = (t: string) => new ApiClient(server.url).request('POST', '/api/embed/session', { token: t });
    const before = await fingerprint();
    const replayed = await token({ iat: now - 400, exp: now - 100 });
    for (const [label, t, code] of [
      ['not valid yet', await token({ nbf: now + 600, exp: now + 900 }), 'EMBED_TOKEN_INVALID'],
      ['replayed after it expired', replayed, 'EMBED_TOKEN_EXPIRED'],
      ['signed with another secret', await token({ secret: 'someone-elses-secret-of-32-bytes-or-more' }), 'EMBED_TOKEN_INVALID'],
      ['an empty token', '', 'REQ_INVALID'],
      ['an oversized token', 'x'.repeat(20_000), 'REQ_INVALID'],
    ] as const) {
      const response = await exchange(t);
      expect([label, response.body.error?.code]).toEqual([label, code]);
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    // A forged session cookie is no session.
    const forged = await fetch(`${server.url}/api/apps`, { headers: { cookie: 'rt_session=forged-session-id' } });
    expect(forged.status).toBe(401);

    const signedBefore = await token();
    const stream = await openEventStream(server.url, a.cookie);
    const revoked = await admin.request('POST', '/api/admin/embeddings/portal/revoke', {});
    expect(revoked.status).toBe(200);
    await stream.ended;
    expect((await a.request('GET', '/api/apps')).status).toBe(401);
    expect((await b.query('budget', 'budget_lines', { limit: 1 })).status).toBe(401);
    const late = await exchange(signedBefore);
    expect([late.status, late.body.error?.code]).toEqual([401, 'EMBED_TOKEN_REVOKED']);
    expect(await fingerprint()).toBe(before);
  });
});
