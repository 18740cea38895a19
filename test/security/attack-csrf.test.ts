/**
 * Attack suite: state-changing requests without the session's CSRF token, and
 * what another site can send (see attack-support.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { sendRawTarget } from './raw-http.js';
import { ENGINES } from '../support/engines.js';
import {
  approvalPath,
  as,
  budgetUpdate,
  CHANGESETS,
  commitBudget,
  createToken,
  DEMO_TABLES,
  named,
  raw,
  type Refusal,
  revertPath,
  runRefusal,
  servers,
  SUBMISSIONS,
  submitBudget,
  TOMORROW,
  useAttackServers,
} from './attack-support.js';

describe.each(ENGINES)('$name', (engine) => {
  useAttackServers(engine);

  describe("CSRF: state-changing requests without the session's X-CSRF-Token", () => {
    type Victim = 'admin' | 'partner2';
    /** Per victim: the session under attack and a second session of the same user. */
    const sessions = {} as Record<Victim, { victim: ApiClient; other: ApiClient }>;
    let victim: ApiClient;

    beforeAll(async () => {
      for (const user of ['admin', 'partner2'] as const) {
        const [mine, other] = await Promise.all([ApiClient.login(servers.demo.url, user), ApiClient.login(servers.demo.url, user)]);
        sessions[user] = { victim: mine, other };
      }
      victim = sessions.admin.victim;
    });

    interface StateChange {
      route: string;
      /** Whose session the forged request rides on: one that may make this request. */
      as: Victim;
      method: string;
      prepare?: () => Promise<string>;
      path: (prepared: string) => string;
      body?: (prepared: string) => Promise<unknown>;
    }

    let revertTargets = 0;

    /** Every state-changing route, each with a request the victim's session may make. */
    const STATE_CHANGES: StateChange[] = [
      {
        route: 'changeset',
        as: 'admin',
        method: 'POST',
        path: () => CHANGESETS,
        body: async () => ({ changes: [await budgetUpdate(26, { comment: 'csrf' })] }),
      },
      {
        route: 'revert',
        as: 'admin',
        method: 'POST',
        prepare: async () => commitBudget(as.admin, await budgetUpdate(27, { comment: `to revert ${(revertTargets += 1)}` })),
        path: revertPath,
        body: async () => ({}),
      },
      { route: 'logout', as: 'admin', method: 'POST', path: () => '/api/auth/logout' },
      { route: 'logout-all', as: 'admin', method: 'POST', path: () => '/api/auth/logout-all' },
      { route: 'token create', as: 'admin', method: 'POST', path: () => '/api/tokens', body: async () => ({ name: 'csrf', apps: ['*'], access: 'write' }) },
      {
        route: 'token revoke',
        as: 'admin',
        method: 'DELETE',
        prepare: async () => (await createToken(servers.demo, as.admin, { name: 'kept', apps: ['*'], access: 'read' })).token.id,
        path: (id) => `/api/tokens/${id}`,
      },
      {
        route: 'admin user create',
        as: 'admin',
        method: 'POST',
        path: () => '/api/admin/users',
        body: async () => ({ username: 'csrfmade', password: 'a long enough password', roles: ['admin'] }),
      },
      { route: 'admin user edit', as: 'admin', method: 'PATCH', path: () => '/api/admin/users/viewer', body: async () => ({ roles: ['admin'] }) },
      {
        route: 'admin password set',
        as: 'admin',
        method: 'POST',
        path: () => '/api/admin/users/viewer/password',
        body: async () => ({ password: 'attacker-chosen-pw' }),
      },
      {
        route: 'submission',
        as: 'partner2',
        method: 'POST',
        path: () => SUBMISSIONS,
        body: async () => ({ changes: [await budgetUpdate(2960, { amount: '2960.00' })] }),
      },
      {
        route: 'approve',
        as: 'partner2',
        method: 'POST',
        prepare: () => submitBudget(as.partner1, 54, '1000.00'),
        path: (id) => approvalPath(id, 'approve'),
        body: async () => ({}),
      },
      {
        route: 'reject',
        as: 'partner2',
        method: 'POST',
        prepare: () => submitBudget(as.partner1, 55, '1000.00'),
        path: (id) => approvalPath(id, 'reject'),
        body: async () => ({ reason: 'forged' }),
      },
      {
        route: 'withdraw',
        as: 'partner2',
        method: 'POST',
        prepare: () => submitBudget(as.partner2, 2961, '1000.00'),
        path: (id) => approvalPath(id, 'withdraw'),
        body: async () => ({}),
      },
      {
        route: 'bulk approve',
        as: 'partner2',
        method: 'POST',
        prepare: () => submitBudget(as.partner1, 56, '1000.00'),
        path: () => '/api/approvals/bulk-approve',
        body: async (id) => ({ ids: [id] }),
      },
      {
        route: 'delegation set',
        as: 'partner2',
        method: 'PUT',
        path: () => '/api/approvals/delegation',
        body: async () => ({ delegate: 'partner3', until: TOMORROW() }),
      },
      {
        route: 'delegation end',
        as: 'partner2',
        method: 'DELETE',
        prepare: async () => {
          expect((await as.partner2.request('PUT', '/api/approvals/delegation', { delegate: 'partner4', until: TOMORROW() })).status).toBe(200);
          return '';
        },
        path: () => '/api/approvals/delegation',
      },
    ];

    const TOKENS: [string, (who: Victim) => string | undefined][] = [
      ['no', () => undefined],
      ['a wrong', () => 'x'.repeat(32)],
      ["another session's", (who) => sessions[who].other.csrfToken],
    ];

    const CASES = STATE_CHANGES.flatMap((change) => TOKENS.map(([label, token]) => ({ name: `${change.route} with ${label} X-CSRF-Token`, change, token })));

    it.each(named(CASES))('refuses %s with 403 AUTH_CSRF', async (_name, { change, token }) => {
      const target = sessions[change.as].victim;
      await runRefusal(servers.demo, DEMO_TABLES, {
        name: change.route,
        prepare: change.prepare,
        attack: async (prepared: string) => {
          const csrf = token(change.as);
          return raw(
            servers.demo,
            change.method,
            change.path(prepared),
            { cookie: target.cookie, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) },
            await change.body?.(prepared),
          );
        },
        status: 403,
        code: 'AUTH_CSRF',
      });
      expect((await target.request('GET', '/api/auth/me')).status).toBe(200);
    });

    const SMUGGLED: Refusal[] = [
      {
        name: 'the right token in the query string',
        attack: async () =>
          raw(
            servers.demo,
            'POST',
            `${CHANGESETS}?csrfToken=${victim.csrfToken}`,
            { cookie: victim.cookie },
            { changes: [await budgetUpdate(28, { comment: 'q' })] },
          ),
        status: 403,
        code: 'AUTH_CSRF',
      },
      {
        name: 'the right token in the body',
        attack: async () =>
          raw(
            servers.demo,
            'POST',
            CHANGESETS,
            { cookie: victim.cookie },
            { changes: [await budgetUpdate(28, { comment: 'b' })], csrfToken: victim.csrfToken },
          ),
        status: 403,
        code: 'AUTH_CSRF',
      },
      {
        name: 'the right token as a cookie',
        attack: async () =>
          raw(
            servers.demo,
            'POST',
            CHANGESETS,
            { cookie: `${victim.cookie}; rt_csrf=${victim.csrfToken}` },
            { changes: [await budgetUpdate(28, { comment: 'c' })] },
          ),
        status: 403,
        code: 'AUTH_CSRF',
      },
      {
        name: 'a truncated token',
        attack: async () =>
          raw(
            servers.demo,
            'POST',
            CHANGESETS,
            { cookie: victim.cookie, 'x-csrf-token': victim.csrfToken.slice(0, -1) },
            { changes: [await budgetUpdate(28, { comment: 't' })] },
          ),
        status: 403,
        code: 'AUTH_CSRF',
      },
      {
        name: 'a method override to GET',
        attack: async () =>
          raw(
            servers.demo,
            'POST',
            CHANGESETS,
            { cookie: victim.cookie, 'x-http-method-override': 'GET' },
            { changes: [await budgetUpdate(28, { comment: 'm' })] },
          ),
        status: 403,
        code: 'AUTH_CSRF',
      },
      {
        name: 'an absolute-form request target (the auth hook matches the route, not the raw target)',
        attack: async () =>
          sendRawTarget(
            servers.demo.url,
            'POST',
            `${servers.demo.url}${CHANGESETS}`,
            { cookie: victim.cookie },
            { changes: [await budgetUpdate(28, { comment: 'a' })] },
          ),
        status: 403,
        code: 'AUTH_CSRF',
      },
    ];

    it.each(named(SMUGGLED))('refuses a changeset carrying %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));

    /** What a page on another site can send without a CORS preflight: GETs and form-encodable POSTs. */
    const CROSS_SITE: Refusal[] = [
      {
        name: 'a logout by GET (an image tag)',
        attack: () => raw(servers.demo, 'GET', '/api/auth/logout', { cookie: victim.cookie }),
        status: 404,
        code: 'ROUTE_NOT_FOUND',
      },
      {
        name: 'a changeset posted as text/plain JSON',
        attack: async () =>
          raw(
            servers.demo,
            'POST',
            CHANGESETS,
            { cookie: victim.cookie, 'content-type': 'text/plain' },
            JSON.stringify({ changes: [await budgetUpdate(28, { comment: 'p' })] }),
          ),
        status: 403,
        code: 'AUTH_CSRF',
      },
      {
        name: "a login into the attacker's account posted as text/plain JSON",
        attack: () =>
          raw(servers.demo, 'POST', '/api/auth/login', { 'content-type': 'text/plain' }, JSON.stringify({ username: 'partner2', password: 'demo' })),
        status: 415,
        code: 'REQ_UNSUPPORTED_MEDIA',
        verify: (r) => expect(r.headers.get('set-cookie')).toBeNull(),
      },
      {
        name: "a login into the attacker's account posted as a form",
        attack: () => raw(servers.demo, 'POST', '/api/auth/login', { 'content-type': 'application/x-www-form-urlencoded' }, 'username=partner2&password=demo'),
        status: 415,
        code: 'REQ_UNSUPPORTED_MEDIA',
        verify: (r) => expect(r.headers.get('set-cookie')).toBeNull(),
      },
    ];

    it.each(named(CROSS_SITE))('refuses %s', async (_name, c) => {
      await runRefusal(servers.demo, DEMO_TABLES, c);
      expect((await victim.request('GET', '/api/auth/me')).status).toBe(200);
    });

    it('control: each of these requests succeeds with the right token', async () => {
      const fresh = (user = 'admin') => ApiClient.login(servers.demo.url, user);
      const ok = async (client: ApiClient, method: string, path: string, body?: unknown, status = 200) => {
        const response = await client.request(method, path, body);
        expect({ path, status: response.status }).toEqual({ path, status });
      };
      const admin = await fresh();
      await ok(admin, 'POST', CHANGESETS, { changes: [await budgetUpdate(26, { comment: 'csrf control' })] });
      await ok(admin, 'POST', revertPath(await commitBudget(as.admin, await budgetUpdate(27, { comment: 'control revert' }))), {});
      await ok(admin, 'POST', '/api/tokens', { name: 'control', apps: ['*'], access: 'read' });
      await ok(admin, 'DELETE', `/api/tokens/${(await createToken(servers.demo, as.admin, { name: 'control', apps: ['*'], access: 'read' })).token.id}`);
      await ok(admin, 'POST', '/api/admin/users', { username: 'csrfcontrol', password: 'a long enough password', roles: ['viewer'] });
      await ok(admin, 'PATCH', '/api/admin/users/csrfcontrol', { displayName: 'Control' });
      await ok(admin, 'POST', '/api/admin/users/csrfcontrol/password', { password: 'another long password' });
      await ok(await fresh('partner8'), 'POST', '/api/auth/logout');
      await ok(await fresh('partner8'), 'POST', '/api/auth/logout-all');
      const partner3 = await fresh('partner3');
      await ok(partner3, 'POST', SUBMISSIONS, { changes: [await budgetUpdate(4801, { amount: '4801.00' })] }, 202);
      await ok(partner3, 'POST', approvalPath(await submitBudget(as.partner1, 57, '1000.00'), 'approve'), {});
      await ok(partner3, 'POST', approvalPath(await submitBudget(as.partner1, 58, '1000.00'), 'reject'), { reason: 'control' });
      await ok(partner3, 'POST', approvalPath(await submitBudget(partner3, 4802, '1000.00'), 'withdraw'), {});
      await ok(partner3, 'POST', '/api/approvals/bulk-approve', { ids: [await submitBudget(as.partner1, 59, '1000.00')] });
      await ok(partner3, 'PUT', '/api/approvals/delegation', { delegate: 'partner5', until: TOMORROW() });
      await ok(partner3, 'DELETE', '/api/approvals/delegation');
    });
  });
});
