import { runSql, sql } from '../../src/warehouse/sql.js';
/**
 * Attack suite: forged user ids, attributes and roles, and session fixation
 * (see attack-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { expectRefused, leavesNothingChanged } from './state-probe.js';
import { ENGINES } from '../support/engines.js';
import {
  as,
  BUDGET_QUERY,
  budgetRow,
  budgetUpdate,
  CHANGESETS,
  commitBudget,
  DEMO_TABLES,
  entitiesOf,
  historyPath,
  named,
  ownLineCount,
  PARTNER1_ENTITIES,
  p1Dataset,
  p1Query,
  raw,
  type Refusal,
  revertPath,
  runRead,
  runRefusal,
  servers,
  useAttackServers,
} from './attack-support.js';

describe.each(ENGINES)('$name', (engine) => {
  useAttackServers(engine);

  describe('forged user ids and attributes', () => {
    /** A changeset on an E06 line: it would only pass if a forged identity widened partner1's policy. */
    const foreign = () => budgetUpdate(2420, { amount: '20.00' });
    const p1Changeset = (body: unknown, headers: Record<string, string> = {}, path = CHANGESETS) => as.partner1.request('POST', path, body, headers);

    const REFUSED: Refusal[] = [
      {
        name: "a top-level user: 'director'",
        attack: async () => p1Changeset({ changes: [await foreign()], user: 'director' }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: "a top-level userId: 'director'",
        attack: async () => p1Changeset({ changes: [await foreign()], userId: 'director' }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: "a top-level username: 'admin'",
        attack: async () => p1Changeset({ changes: [await foreign()], username: 'admin' }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'top-level attributes granting E06',
        attack: async () => p1Changeset({ changes: [await foreign()], attributes: { entities: ['E06'] } }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a top-level entities list',
        attack: async () => p1Changeset({ changes: [await foreign()], entities: ['E01', 'E06'] }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a user field inside the change',
        attack: async () => p1Changeset({ changes: [{ ...(await foreign()), user: { username: 'director', roles: ['finance_director'] } }] }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a username cell in set',
        attack: async () =>
          p1Changeset({
            changes: [
              {
                op: 'update',
                key: { line_id: 2420 },
                set: { amount: '20', username: 'director' },
                expect: { amount: (await budgetRow(2420)).amount, username: null },
              },
            ],
          }),
        status: 400,
        code: 'WB_UNKNOWN_COLUMN',
      },
      {
        name: 'a user field in a query body',
        attack: () => p1Query({ user: 'director', filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }] }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'an entities list as a dataset parameter',
        attack: () => p1Dataset('totals', { params: { entities: ['E06', 'E07'] } }),
        status: 400,
        code: 'REQ_INVALID',
      },
      { name: 'a user dataset parameter', attack: () => p1Dataset('totals', { params: { user: 'director' } }), status: 400, code: 'QRY_INVALID_PARAM' },
      {
        name: 'user and entities in the query string',
        attack: async () => p1Changeset({ changes: [await foreign()] }, {}, `${CHANGESETS}?user=director&entities=E06`),
        status: 404,
        code: 'ROW_NOT_FOUND',
      },
      {
        name: 'an X-Forwarded-User: director header',
        attack: async () => p1Changeset({ changes: [await foreign()] }, { 'x-forwarded-user': 'director' }),
        status: 404,
        code: 'ROW_NOT_FOUND',
      },
      {
        name: 'an X-Roundtrip-User: admin header',
        attack: async () => p1Changeset({ changes: [await foreign()] }, { 'x-roundtrip-user': 'admin' }),
        status: 404,
        code: 'ROW_NOT_FOUND',
      },
      {
        name: 'proxy identity headers on an admin route',
        attack: () =>
          as.partner1.request('GET', '/api/admin/users', undefined, {
            'remote-user': 'admin',
            'x-remote-user': 'admin',
            'x-auth-request-user': 'admin',
            'x-forwarded-email': 'admin@example.com',
            'x-roundtrip-roles': 'admin',
          }),
        status: 403,
        code: 'GOV_FORBIDDEN_ADMIN',
      },
      {
        name: 'a preview-as-director header on a query',
        attack: () => as.partner1.request('POST', BUDGET_QUERY, {}, { 'x-roundtrip-preview-as': 'director' }),
        status: 403,
        code: 'GOV_FORBIDDEN_ADMIN',
      },
      {
        name: 'a preview-as-director header on a changeset',
        attack: async () => p1Changeset({ changes: [await foreign()] }, { 'x-roundtrip-preview-as': 'director' }),
        status: 403,
        code: 'GOV_FORBIDDEN_ADMIN',
      },
      {
        name: 'a __proto__ carrying roles inside a change',
        attack: async () => p1Changeset(`{"changes":[${JSON.stringify(await foreign()).slice(0, -1)},"__proto__":{"roles":["admin"],"entities":["E06"]}}]}`),
        status: 400,
        code: 'REQ_MALFORMED_JSON',
      },
      {
        name: 'a constructor.prototype carrying attributes',
        attack: async () => p1Changeset(`{"changes":[${JSON.stringify(await foreign())}],"constructor":{"prototype":{"attributes":{"entities":["E06"]}}}}`),
        status: 400,
        code: 'REQ_MALFORMED_JSON',
      },
      {
        name: 'a login that asks for the admin role',
        attack: () => raw(servers.demo, 'POST', '/api/auth/login', {}, { username: 'partner1', password: 'demo', roles: ['admin'] }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a token requested for another user',
        attack: () => as.partner1.request('POST', '/api/tokens', { name: 'for director', apps: ['*'], access: 'write', userId: 'director' }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a revert on behalf of the director',
        prepare: async () => commitBudget(as.director, await budgetUpdate(2421, { amount: '21.00' })),
        attack: (id: string) => as.partner1.request('POST', revertPath(id), { user: 'director' }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a partner granting themself E06 through the admin API',
        attack: () => as.partner1.request('PATCH', '/api/admin/users/partner1', { attributes: { entities: [...PARTNER1_ENTITIES, 'E06'] } }),
        status: 403,
        code: 'GOV_FORBIDDEN_ADMIN',
      },
      {
        name: 'a partner creating an admin user',
        attack: () => as.partner1.request('POST', '/api/admin/users', { username: 'shadow', password: 'a long enough password', roles: ['admin'] }),
        status: 403,
        code: 'GOV_FORBIDDEN_ADMIN',
      },
      {
        name: 'a login brute force rotating X-Forwarded-For',
        attack: async () => {
          for (let attempt = 1; attempt <= 10; attempt += 1) {
            const failed = await raw(
              servers.demo,
              'POST',
              '/api/auth/login',
              { 'x-forwarded-for': `203.0.113.${attempt}` },
              { username: 'partner7', password: `guess-${attempt}` },
            );
            expect(failed.status).toBe(401);
          }
          return raw(servers.demo, 'POST', '/api/auth/login', { 'x-forwarded-for': '198.51.100.7' }, { username: 'partner7', password: 'demo' });
        },
        status: 429,
        code: 'AUTH_RATE_LIMITED',
        verify: (r) => expect(r.headers.get('set-cookie')).toBeNull(),
      },
    ];

    it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));

    it.each([
      ['x-forwarded-user', 'director'],
      ['x-roundtrip-user', 'admin'],
    ])('a partner query with %s: %s still sees only own rows', (header, value) =>
      runRead(servers.demo, DEMO_TABLES, {
        name: header,
        attack: () =>
          as.partner1.request(
            'POST',
            BUDGET_QUERY,
            { filters: [{ column: 'entity_id', op: 'in', value: ['E06', 'E07', 'E01'] }], withTotal: true, limit: 1000 },
            { [header]: value },
          ),
        check: async (b) => {
          expect(b.total).toBe(await ownLineCount("entity_id = 'E01'"));
          expect(entitiesOf(b.rows)).toEqual(['E01']);
        },
      }),
    );

    it('control: a write carrying forged identity is audited as the real user', async () => {
      const body = { changes: [await budgetUpdate(21, { comment: 'forged headers' })] };
      const response = await as.partner1.request('POST', `${CHANGESETS}?user=director`, body, {
        'x-forwarded-user': 'director',
        'x-roundtrip-user': 'director',
      });
      expect(response.status).toBe(200);
      const { rows } = await runSql(
        servers.demo.runtime.warehouse,
        sql`SELECT user_id, username FROM roundtrip_audit.changesets WHERE changeset_id = ${response.body.changesetId}`,
      );
      expect(rows).toEqual([{ user_id: 'partner1', username: 'partner1' }]);
      const history = await as.partner1.request('GET', historyPath({ line_id: 21 }));
      expect(history.body.changes.map((c: { user: string }) => c.user)).toEqual(['partner1']);
    });
  });

  describe('session fixation', () => {
    const me = (cookie: string) => raw(servers.demo, 'GET', '/api/auth/me', { cookie });
    const sessionCookie = (id: string) => `rt_session=${id}`;
    const idOf = (cookie: string) => cookie.replace(/^rt_session=/, '');

    const REFUSED: Refusal[] = [
      {
        name: "an attacker's live session planted in the victim's browser before login",
        prepare: async () => {
          const attacker = await ApiClient.login(servers.demo.url, 'partner2');
          const planted = attacker.cookie;
          const victim = new ApiClient(servers.demo.url);
          victim.cookie = planted;
          const login = await victim.request('POST', '/api/auth/login', { username: 'partner1', password: 'demo' });
          expect(login.status).toBe(200);
          expect(victim.cookie).not.toBe(planted);
          return planted;
        },
        attack: (planted: string) => me(planted),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
      {
        name: 'the old cookie after logging in again as another user',
        prepare: async () => {
          const client = await ApiClient.login(servers.demo.url, 'partner3');
          const old = client.cookie;
          expect((await client.request('POST', '/api/auth/login', { username: 'director', password: 'demo' })).status).toBe(200);
          return old;
        },
        attack: (old: string) => raw(servers.demo, 'GET', '/api/admin/users', { cookie: old }),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
      {
        name: "the previous session's CSRF token with the new cookie",
        prepare: async () => {
          const client = await ApiClient.login(servers.demo.url, 'partner1');
          const oldToken = client.csrfToken;
          expect((await client.request('POST', '/api/auth/login', { username: 'partner1', password: 'demo' })).status).toBe(200);
          expect(client.csrfToken).not.toBe(oldToken);
          return { cookie: client.cookie, oldToken };
        },
        attack: async ({ cookie, oldToken }: { cookie: string; oldToken: string }) =>
          raw(servers.demo, 'POST', CHANGESETS, { cookie, 'x-csrf-token': oldToken }, { changes: [await budgetUpdate(29, { comment: 'fixated' })] }),
        status: 403,
        code: 'AUTH_CSRF',
      },
      {
        name: 'the stored hash of a session id used as the cookie',
        prepare: async () => {
          const client = await ApiClient.login(servers.demo.url, 'partner3');
          const { rows } = await runSql(servers.demo.runtime.system, sql`SELECT id_hash FROM sessions WHERE user_id = ${'partner3'}`);
          expect(rows.length).toBeGreaterThan(0);
          expect((await me(client.cookie)).status).toBe(200);
          return String(rows.at(-1)!.id_hash);
        },
        attack: (hash: string) => me(sessionCookie(hash)),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
      {
        name: 'a session id sent as an Authorization: Session header',
        prepare: async () => idOf((await ApiClient.login(servers.demo.url, 'partner3')).cookie),
        attack: (id: string) => raw(servers.demo, 'GET', '/api/auth/me', { authorization: `Session ${id}` }),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
      {
        name: 'a session id in the query string',
        prepare: async () => idOf((await ApiClient.login(servers.demo.url, 'partner3')).cookie),
        attack: (id: string) => raw(servers.demo, 'GET', `/api/auth/me?rt_session=${id}`, {}),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
      {
        name: 'a session id under the cookie name in capitals',
        prepare: async () => idOf((await ApiClient.login(servers.demo.url, 'partner3')).cookie),
        attack: (id: string) => raw(servers.demo, 'GET', '/api/auth/me', { cookie: `RT_SESSION=${id}` }),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
      {
        name: 'a logged-out cookie with its CSRF token',
        prepare: async () => {
          const client = await ApiClient.login(servers.demo.url, 'partner3');
          const { cookie, csrfToken } = client;
          expect((await client.request('POST', '/api/auth/logout')).status).toBe(200);
          return { cookie, csrfToken };
        },
        attack: async ({ cookie, csrfToken }: { cookie: string; csrfToken: string }) =>
          raw(servers.demo, 'POST', CHANGESETS, { cookie, 'x-csrf-token': csrfToken }, { changes: [await budgetUpdate(30, { comment: 'zombie' })] }),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
    ];

    it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));

    it('a login with a planted cookie neither adopts it nor lets it in afterwards', async () => {
      const planted = `rt_session=${'f'.repeat(43)}`;
      const response = await leavesNothingChanged(
        servers.demo,
        DEMO_TABLES,
        () => raw(servers.demo, 'POST', '/api/auth/login', { cookie: planted }, { username: 'partner3', password: 'demo' }),
        { sessions: false },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).not.toContain(planted);
      expectRefused(await me(planted), 401, 'AUTH_REQUIRED');
    });
  });
});
