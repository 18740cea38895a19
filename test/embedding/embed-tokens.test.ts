import { runSql, sql } from '../../src/warehouse/sql.js';
import { createServer, type Server } from 'node:http';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { openEventStream } from '../support/event-stream.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';

// Signed embedding: a host's backend signs a short-lived token for its viewer; Roundtrip exchanges
// it for a session of a user of source `embed` whose policies, audit and streams work as for any
// user. Every token fault is a coded 401 that creates nothing; a revoked embedding ends its sessions.

const SECRET = 'an-embedding-secret-of-at-least-32-bytes!';
const HOST = 'https://portal.example.com';

describe.each(ENGINES)('embed tokens on $name', (engine) => {
  let server: TestServer;
  let root: string;
  let jwks: Server;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256' };
    jwks = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
    const jwksPort = (jwks.address() as { port: number }).port;

    process.env.RT_TEST_EMBED_SECRET = SECRET;
    process.env.RT_TEST_EMBED_RSA = await exportSPKI(rsa.publicKey);
    root = mkdtempSync(join(tmpdir(), 'roundtrip-embed-'));
    cpSync(DEMO_DIR, root, { recursive: true, filter: (p) => !/[\\/]\.data([\\/]|$)/.test(p) });
    appendFileSync(
      join(root, 'roundtrip.yaml'),
      `
embeddings:
  portal:
    title: Partner portal
    secret: { env: RT_TEST_EMBED_SECRET }
    origins: [${HOST}]
    apps: [budget]
    roles: [finance_partner, viewer]
  rsa_host:
    publicKey: { env: RT_TEST_EMBED_RSA }
    origins: [https://rsa.example.com]
    apps: [budget]
    roles: [viewer]
  jwks_host:
    jwksUrl: http://127.0.0.1:${jwksPort}/jwks.json
    origins: [https://jwks.example.com]
    apps: [budget]
    roles: [viewer]
`,
    );
    server = await startTestServer({ engine, projectDir: root });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await new Promise((done) => jwks?.close(done));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    sub: 'jane',
    name: 'Jane Partner',
    roles: ['finance_partner'],
    attributes: { entities: ['E01', 'E02'] },
    app: 'budget',
    page: 'overview',
    params: {},
    ...over,
  });
  const hs = (over: Record<string, unknown> = {}, options: { iss?: string; aud?: string; iat?: number; exp?: number; secret?: string } = {}) =>
    new SignJWT(claims(over))
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(options.iss ?? 'portal')
      .setAudience(options.aud ?? 'roundtrip')
      .setIssuedAt(options.iat ?? now())
      .setExpirationTime(options.exp ?? now() + 300)
      .sign(new TextEncoder().encode(options.secret ?? SECRET));
  const exchange = async (token: string) => {
    const client = new ApiClient(server.url);
    const response = await client.request('POST', '/api/embed/session', { token });
    if (response.status === 200) client.csrfToken = response.body.csrfToken;
    return { client, response };
  };
  const embedUsers = async () =>
    (await server.runtime.system.query(`SELECT username FROM users WHERE source = 'embed' ORDER BY username`)).rows.map((r) => String(r.username));

  it('signs the viewer in as <embedding>:<id> with the roles and attributes of the token, under read and write policies', async () => {
    const { client, response } = await exchange(await hs());
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ username: 'portal:jane', displayName: 'Jane Partner', roles: ['finance_partner'] });
    expect(response.body.embed).toEqual({ embedding: 'portal', app: 'budget', page: 'overview', params: {}, apps: ['budget'] });
    const rows = await client.query('budget', 'readable_entities');
    if (rows.status !== 200) throw new Error(JSON.stringify(rows.body));
    expect(new Set(rows.body.rows.map((r: { entity_id: string }) => r.entity_id))).toEqual(new Set(['E01', 'E02']));

    // A write lands in the audit under the viewer's name; another entity's row is out of reach.
    const [own] = (
      await server.runtime.warehouse.query(`SELECT line_id, CAST(amount AS VARCHAR) AS a FROM budget_lines WHERE entity_id = 'E02' ORDER BY line_id LIMIT 1`)
    ).rows;
    const written = await client.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: Number(own!.line_id) }, set: { amount: '777.00' }, expect: { amount: String(own!.a) } }],
    });
    expect(written.status).toBe(200);
    const audit = await runSql(server.runtime.warehouse, sql`SELECT username FROM roundtrip_audit.changesets WHERE changeset_id = ${written.body.changesetId}`);
    expect(audit.rows[0]!.username).toBe('portal:jane');
    const [foreign] = (await server.runtime.warehouse.query(`SELECT line_id FROM budget_lines WHERE entity_id = 'E06' LIMIT 1`)).rows;
    const refused = await client.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: Number(foreign!.line_id) }, set: { amount: '1.00' }, expect: { amount: '0' } }],
    });
    expect(refused.status).toBe(404);
    // No password ever signs an embedded viewer in.
    expect((await new ApiClient(server.url).request('POST', '/api/auth/login', { username: 'portal:jane', password: 'embed' })).status).toBe(401);
  });

  it('locks page parameters into the attributes policies read, and refuses a lock its attributes contradict', async () => {
    const { client, response } = await exchange(await hs({ sub: 'lee', attributes: { entities: ['E04'] }, params: { entity: 'E04' } }));
    expect(response.status).toBe(200);
    expect(response.body.embed.params).toEqual({ entity: 'E04' });
    const me = await client.request('GET', '/api/auth/me');
    expect(me.body.user.attributes).toMatchObject({ entities: ['E04'], entity: 'E04', embedding: 'portal' });
    const contradiction = await exchange(await hs({ sub: 'lee', attributes: { entity: 'E05' }, params: { entity: 'E04' } }));
    expect([contradiction.response.status, contradiction.response.body.error?.code]).toEqual([401, 'EMBED_TOKEN_INVALID']);
  });

  it('refuses every token fault with its code and creates nobody', async () => {
    const before = await embedUsers();
    const good = await hs({ sub: 'mallory' });
    const [header, payload, signature] = good.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['finance_partner'], attributes: { entities: ['E06'] } }),
    ).toString('base64url');
    const cases: [string, string, number, string][] = [
      ['tampered claims', `${header}.${forged}.${signature}`, 401, 'EMBED_TOKEN_INVALID'],
      ['wrong secret', await hs({ sub: 'mallory' }, { secret: 'another-secret-that-is-also-32-bytes-long' }), 401, 'EMBED_TOKEN_INVALID'],
      ['expired', await hs({ sub: 'mallory' }, { iat: now() - 600, exp: now() - 120 }), 401, 'EMBED_TOKEN_EXPIRED'],
      ['wrong audience', await hs({ sub: 'mallory' }, { aud: 'another-product' }), 401, 'EMBED_TOKEN_AUDIENCE'],
      ['unknown embedding', await hs({ sub: 'mallory' }, { iss: 'nobody' }), 401, 'EMBED_UNKNOWN_KEY'],
      ['too long a life', await hs({ sub: 'mallory' }, { exp: now() + 3600 }), 401, 'EMBED_TOKEN_LIFETIME'],
      ['a role it may not give', await hs({ sub: 'mallory', roles: ['admin'] }), 401, 'EMBED_TOKEN_ROLES'],
      ['an app it may not show', await hs({ sub: 'mallory', app: 'activity' }), 403, 'EMBED_APP_FORBIDDEN'],
      ['not a JWT', 'definitely-not-a-jwt', 401, 'EMBED_TOKEN_INVALID'],
      ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`, 401, 'EMBED_TOKEN_INVALID'],
    ];
    for (const [label, token, status, code] of cases) {
      const { response } = await exchange(token);
      expect([label, response.status, response.body.error?.code]).toEqual([label, status, code]);
    }
    expect(await embedUsers()).toEqual(before);
  });

  it('verifies RS256 with a registered public key and ES256 through the host JWKS', async () => {
    const rsToken = await new SignJWT(claims({ sub: 'rsa-viewer', roles: ['viewer'] }))
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('rsa_host')
      .setAudience('roundtrip')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(rsa.privateKey);
    expect((await exchange(rsToken)).response.body.user?.username).toBe('rsa_host:rsa-viewer');
    const esToken = await new SignJWT(claims({ sub: 'ec-viewer', roles: ['viewer'] }))
      .setProtectedHeader({ alg: 'ES256', kid: 'ec-1' })
      .setIssuer('jwks_host')
      .setAudience('roundtrip')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(ec.privateKey);
    expect((await exchange(esToken)).response.body.user?.username).toBe('jwks_host:ec-viewer');
    const unknownKid = await new SignJWT(claims({ sub: 'ec-viewer', roles: ['viewer'] }))
      .setProtectedHeader({ alg: 'ES256', kid: 'ec-2' })
      .setIssuer('jwks_host')
      .setAudience('roundtrip')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(ec.privateKey);
    expect((await exchange(unknownKid)).response.body.error?.code).toBe('EMBED_UNKNOWN_KEY');
  });

  it('moves the token out of the address and lets only the registered origins frame the page', async () => {
    const response = await fetch(`${server.url}/embed/budget/overview?token=${await hs({ sub: 'frame' })}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/embed/budget/overview');
    expect(response.headers.get('content-security-policy')).toContain(`frame-ancestors ${HOST}`);
    expect(response.headers.get('x-frame-options')).toBeNull();
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${server.url}/embed/budget/overview`, { headers: { cookie } });
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors ${HOST}`);
    // Without a session the page shows no data (only "this view has ended"): the app's embeddings may frame it.
    const anonymous = await fetch(`${server.url}/embed/budget/overview`);
    expect(anonymous.headers.get('content-security-policy')).toContain(`frame-ancestors ${HOST} https://rsa.example.com https://jwks.example.com`);
    // A Roundtrip user's own session is never framed, and neither is any other page.
    const admin = await ApiClient.login(server.url, 'admin');
    const own = await fetch(`${server.url}/embed/budget/overview`, { headers: { cookie: admin.cookie } });
    expect(own.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(own.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${server.url}/`)).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('revokes an embedding: its sessions end and tokens signed before are refused', async () => {
    const token = await hs({ sub: 'revoked' });
    const { client } = await exchange(token);
    expect((await client.request('GET', '/api/auth/me')).status).toBe(200);
    const stream = await openEventStream(server.url, client.cookie);
    const admin = await ApiClient.login(server.url, 'admin');
    const revoked = await admin.request('POST', '/api/admin/embeddings/portal/revoke');
    expect(revoked.status).toBe(200);
    expect(revoked.body.sessionsEnded).toBeGreaterThan(0);
    expect((await client.request('GET', '/api/auth/me')).body.error?.code).toBe('AUTH_REQUIRED');
    // The viewer's live stream ends with the session.
    await stream.ended;
    expect((await exchange(token)).response.body.error?.code).toBe('EMBED_TOKEN_REVOKED');
    await new Promise((done) => setTimeout(done, 1100));
    expect((await exchange(await hs({ sub: 'revoked' }))).response.status).toBe(200);
    expect((await admin.request('POST', '/api/admin/embeddings/nope/revoke')).body.error?.code).toBe('EMBED_NOT_FOUND');
    const partner = await ApiClient.login(server.url, 'partner1');
    expect((await partner.request('POST', '/api/admin/embeddings/portal/revoke')).status).toBe(403);
  });
});
