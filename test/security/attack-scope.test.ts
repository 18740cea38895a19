/**
 * Attack suite: crossing from one app into another, and API tokens reaching
 * beyond their scope (see attack-support.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from '../support/event-stream.js';
import { sendRawTarget } from './raw-http.js';
import { leavesNothingChanged, type ApiResponse } from './state-probe.js';
import { ENGINES } from '../support/engines.js';
import {
  as,
  bearer,
  budgetUpdate,
  CHANGESETS,
  commit,
  commitBudget,
  createToken,
  DEMO_TABLES,
  EPOCH,
  FIXTURE_TABLES,
  historyPath,
  named,
  raw,
  type Refusal,
  revertPath,
  runRead,
  runRefusal,
  servers,
  twoApp,
  useAttackServers,
} from './attack-support.js';

describe.each(ENGINES)('$name', (engine) => {
  useAttackServers(engine, { apps: true });

  describe('cross-app access', () => {
    let payrollChangeset: string;
    const salaryUpdate = { changes: [{ op: 'update', key: { employee_id: 1 }, set: { salary: '1' }, expect: { salary: '52000.00' } }] };

    beforeAll(async () => {
      payrollChangeset = await commit(twoApp.hrlead, '/api/apps/payroll/tables/salaries/changesets', {
        changes: [{ op: 'update', key: { employee_id: 2 }, set: { salary: '62000' }, expect: { salary: '61000.00' } }],
      });
    });

    const planner = (method: string, path: string, body?: unknown) => twoApp.planner.request(method, path, body);
    const forbidden = (name: string, attack: () => Promise<ApiResponse>): Refusal => ({ name, attack, status: 403, code: 'GOV_FORBIDDEN_APP' });

    const REFUSED: Refusal[] = [
      forbidden("a planner reading payroll's definition", () => planner('GET', '/api/apps/payroll')),
      forbidden("a planner querying payroll's SQL dataset", () => planner('POST', '/api/apps/payroll/datasets/payroll_total/query', {})),
      forbidden("a planner querying payroll's salaries table", () => planner('POST', '/api/apps/payroll/datasets/salaries/query', { limit: 10 })),
      forbidden('a planner reading salaries as of 2020', () => planner('POST', '/api/apps/payroll/datasets/salaries/query', { asOf: EPOCH })),
      forbidden('a planner writing a salary', () => planner('POST', '/api/apps/payroll/tables/salaries/changesets', salaryUpdate)),
      forbidden("a planner reading a salary's history", () => planner('GET', historyPath({ employee_id: 2 }, 'payroll', 'salaries'))),
      forbidden('a planner reading the salaries diff', () => planner('GET', `/api/apps/payroll/tables/salaries/diff?from=${encodeURIComponent(EPOCH)}`)),
      forbidden("a planner reverting hrlead's salary change", () => planner('POST', revertPath(payrollChangeset, 'payroll', 'salaries'), {})),
      forbidden('a planner naming a table payroll does not even have', () =>
        planner('POST', '/api/apps/payroll/tables/stores/changesets', {
          changes: [{ op: 'update', key: { store_id: 1 }, set: { name: 'x' }, expect: { name: 'Harbour Street' } }],
        }),
      ),
      forbidden("hrlead reading plans' definition", () => twoApp.hrlead.request('GET', '/api/apps/plans')),
      forbidden('hrlead writing a store', () =>
        twoApp.hrlead.changeset('plans', 'stores', {
          changes: [{ op: 'update', key: { store_id: 1 }, set: { name: 'x' }, expect: { name: 'Harbour Street' } }],
        }),
      ),
      {
        name: "a planner writing salaries through plans' path",
        attack: () => planner('POST', '/api/apps/plans/tables/salaries/changesets', salaryUpdate),
        status: 404,
        code: 'TABLE_NOT_FOUND',
      },
      {
        name: "a planner reading a salary's history through plans' path",
        attack: () => planner('GET', historyPath({ employee_id: 2 }, 'plans', 'salaries')),
        status: 404,
        code: 'TABLE_NOT_FOUND',
      },
      {
        name: "a planner reverting the payroll changeset through plans' path",
        attack: () => planner('POST', revertPath(payrollChangeset, 'plans', 'salaries'), {}),
        status: 404,
        code: 'TABLE_NOT_FOUND',
      },
      {
        name: 'a planner reverting the payroll changeset as if it were a stores changeset',
        attack: () => planner('POST', revertPath(payrollChangeset, 'plans', 'stores'), {}),
        status: 404,
        code: 'CHANGESET_NOT_FOUND',
      },
      {
        name: "a planner querying salaries through plans' path",
        attack: () => planner('POST', '/api/apps/plans/datasets/salaries/query', {}),
        status: 404,
        code: 'DATASET_NOT_FOUND',
      },
      {
        name: "a planner running payroll_total through plans' path",
        attack: () => planner('POST', '/api/apps/plans/datasets/payroll_total/query', {}),
        status: 404,
        code: 'DATASET_NOT_FOUND',
      },
      {
        name: "the manager diffing salaries through plans' path",
        attack: () => twoApp.manager.request('GET', `/api/apps/plans/tables/salaries/diff?from=${encodeURIComponent(EPOCH)}`),
        status: 404,
        code: 'TABLE_NOT_FOUND',
      },
    ];

    it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(servers.apps, FIXTURE_TABLES, c));

    it('lists only the apps a user may open', async () => {
      await runRead(servers.apps, FIXTURE_TABLES, {
        name: 'app list',
        attack: () => planner('GET', '/api/apps'),
        check: (b) => expect(b.apps.map((a: { name: string }) => a.name)).toEqual(['plans']),
      });
    });

    it("sends a planner no event of payroll and no key of another region's store", async () => {
      const stream = await openEventStream(servers.apps.url, twoApp.planner.cookie);
      try {
        const salary = await commit(twoApp.hrlead, '/api/apps/payroll/tables/salaries/changesets', {
          changes: [{ op: 'update', key: { employee_id: 3 }, set: { salary: '59000' }, expect: { salary: '58000.00' } }],
        });
        const south = await commit(twoApp.manager, '/api/apps/plans/tables/stores/changesets', {
          changes: [{ op: 'update', key: { store_id: 3 }, set: { target: '3100' }, expect: { target: '3000.00' } }],
        });
        const marker = await commit(twoApp.manager, '/api/apps/plans/tables/stores/changesets', {
          changes: [{ op: 'update', key: { store_id: 1 }, set: { target: '1100' }, expect: { target: '1000.00' } }],
        });
        await leavesNothingChanged(servers.apps, FIXTURE_TABLES, async () => {
          await stream.waitFor((e) => e.data?.changesetId === marker);
          const seen = stream.events.filter((e) => e.event === 'change').map((e) => e.data as { app: string; changesetId: string });
          expect(seen.map((e) => e.app)).not.toContain('payroll');
          expect(seen.map((e) => e.changesetId)).not.toContain(salary);
          expect(seen.map((e) => e.changesetId)).not.toContain(south);
        });
      } finally {
        stream.close();
      }
    });
  });

  describe('token scope escalation', () => {
    const secrets = {} as Record<
      'partnerRead' | 'partnerWrite' | 'adminRead' | 'adminWrite' | 'revoked' | 'ownerPlans' | 'plannerPayroll' | 'plannerAll',
      string
    >;
    const ids = {} as Record<'partnerRead' | 'adminWrite', string>;

    beforeAll(async () => {
      const partnerRead = await createToken(servers.demo, as.partner1, { name: 'export', apps: ['budget'], access: 'read' });
      [secrets.partnerRead, ids.partnerRead] = [partnerRead.secret, partnerRead.token.id];
      secrets.partnerWrite = (await createToken(servers.demo, as.partner1, { name: 'loader', apps: ['*'], access: 'write' })).secret;
      secrets.adminRead = (await createToken(servers.demo, as.admin, { name: 'admin reader', apps: ['*'], access: 'read' })).secret;
      const adminWrite = await createToken(servers.demo, as.admin, { name: 'admin writer', apps: ['*'], access: 'write' });
      [secrets.adminWrite, ids.adminWrite] = [adminWrite.secret, adminWrite.token.id];
      const revoked = await createToken(servers.demo, as.partner1, { name: 'revoked', apps: ['*'], access: 'write' });
      expect((await as.partner1.request('DELETE', `/api/tokens/${revoked.token.id}`)).status).toBe(200);
      secrets.revoked = revoked.secret;
      secrets.ownerPlans = (await createToken(servers.apps, twoApp.owner, { name: 'plans only', apps: ['plans'], access: 'write' })).secret;
      secrets.plannerPayroll = (await createToken(servers.apps, twoApp.planner, { name: 'payroll?', apps: ['payroll'], access: 'read' })).secret;
      secrets.plannerAll = (await createToken(servers.apps, twoApp.planner, { name: 'everything', apps: ['*'], access: 'write' })).secret;
    });

    const scope = (name: string, attack: () => Promise<ApiResponse>): Refusal => ({ name, attack, status: 403, code: 'AUTH_TOKEN_SCOPE' });

    const DEMO: Refusal[] = [
      {
        name: 'a read token reverting a changeset',
        prepare: async () => commitBudget(as.partner1, await budgetUpdate(22, { amount: '22.00' })),
        attack: (id: string) => bearer(servers.demo, secrets.partnerRead, 'POST', revertPath(id), {}),
        status: 403,
        code: 'AUTH_TOKEN_SCOPE',
      },
      scope('a read token minting a write token', () =>
        bearer(servers.demo, secrets.partnerRead, 'POST', '/api/tokens', { name: 'stronger', apps: ['*'], access: 'write' }),
      ),
      scope('a read token revoking itself', () => bearer(servers.demo, secrets.partnerRead, 'DELETE', `/api/tokens/${ids.partnerRead}`)),
      scope("an admin's read token creating a user", () =>
        bearer(servers.demo, secrets.adminRead, 'POST', '/api/admin/users', { username: 'tokenmade', password: 'a long enough password', roles: ['admin'] }),
      ),
      scope("an admin's write token granting partner1 every entity", () =>
        bearer(servers.demo, secrets.adminWrite, 'PATCH', '/api/admin/users/partner1', { attributes: { entities: ['E06'] } }),
      ),
      scope("an admin's write token setting the viewer's password", () =>
        bearer(servers.demo, secrets.adminWrite, 'POST', '/api/admin/users/viewer/password', { password: 'attacker-chosen-pw' }),
      ),
      scope("an admin's write token listing every user's tokens", () => bearer(servers.demo, secrets.adminWrite, 'GET', '/api/tokens?all=true')),
      scope("an admin's write token reading the admin changes", () => bearer(servers.demo, secrets.adminWrite, 'GET', '/api/admin/changes')),
      scope('a write token logging its user out everywhere', () => bearer(servers.demo, secrets.partnerWrite, 'POST', '/api/auth/logout-all')),
      scope('a write token ending a session', () => bearer(servers.demo, secrets.partnerWrite, 'POST', '/api/auth/logout')),
      scope('a one-app read token following the event stream', () => bearer(servers.demo, secrets.partnerRead, 'GET', '/api/events')),
      scope("a partner's read token sent with the admin's cookie to an admin route", () =>
        bearer(servers.demo, secrets.partnerRead, 'GET', '/api/admin/users', undefined, { cookie: as.admin.cookie }),
      ),
      scope("a read token sent with its user's cookie and CSRF token to write", async () =>
        bearer(
          servers.demo,
          secrets.partnerRead,
          'POST',
          CHANGESETS,
          { changes: [await budgetUpdate(23, { amount: '23.00' })] },
          { cookie: as.partner1.cookie, 'x-csrf-token': as.partner1.csrfToken },
        ),
      ),
      scope('a read token overriding the method to GET', async () =>
        bearer(
          servers.demo,
          secrets.partnerRead,
          'POST',
          CHANGESETS,
          { changes: [await budgetUpdate(24, { amount: '24.00' })] },
          { 'x-http-method-override': 'GET' },
        ),
      ),
      {
        name: "an invalid token next to the admin's valid cookie (no fallback to the cookie)",
        attack: () => bearer(servers.demo, 'rt_forged_forged', 'GET', '/api/admin/users', undefined, { cookie: as.admin.cookie }),
        status: 401,
        code: 'AUTH_TOKEN_INVALID',
      },
      {
        name: 'a revoked write token',
        attack: async () => bearer(servers.demo, secrets.revoked, 'POST', CHANGESETS, { changes: [await budgetUpdate(25, { amount: '25.00' })] }),
        status: 401,
        code: 'AUTH_TOKEN_INVALID',
      },
      {
        name: "one token's id with another token's secret",
        attack: () => bearer(servers.demo, `rt_${ids.adminWrite}_${secrets.partnerRead.split('_').at(-1)}`, 'GET', '/api/apps'),
        status: 401,
        code: 'AUTH_TOKEN_INVALID',
      },
      scope('a token on a percent-encoded path to the token routes', () =>
        bearer(servers.demo, secrets.adminWrite, 'POST', '/api/%74okens', { name: 'encoded', apps: ['*'], access: 'write' }),
      ),
      {
        name: 'a token on an absolute-form request target to an admin route',
        attack: () =>
          sendRawTarget(
            servers.demo.url,
            'POST',
            `${servers.demo.url}/api/admin/users`,
            { authorization: `Bearer ${secrets.adminWrite}` },
            { username: 'absolute', password: 'a long enough password', roles: ['admin'] },
          ),
        status: 403,
        code: 'AUTH_TOKEN_SCOPE',
      },
      {
        name: 'a token on a trailing-slash variant of an admin route',
        attack: () => bearer(servers.demo, secrets.adminWrite, 'GET', '/api/admin/users/'),
        status: 404,
        code: 'ROUTE_NOT_FOUND',
      },
      {
        name: 'a token presented as the session cookie',
        attack: () => raw(servers.demo, 'GET', '/api/apps', { cookie: `rt_session=${secrets.adminWrite}` }),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
      {
        name: 'a token in the query string',
        attack: () => raw(servers.demo, 'GET', `/api/apps?access_token=${encodeURIComponent(secrets.adminWrite)}`, {}),
        status: 401,
        code: 'AUTH_REQUIRED',
      },
    ];

    it.each(named(DEMO))('refuses %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));

    const FIXTURE: Refusal[] = [
      scope('a plans-only token writing payroll', () =>
        bearer(servers.apps, secrets.ownerPlans, 'POST', '/api/apps/payroll/tables/salaries/changesets', {
          changes: [{ op: 'update', key: { employee_id: 1 }, set: { salary: '1' }, expect: { salary: '52000.00' } }],
        }),
      ),
      scope('a plans-only token reading payroll history', () =>
        bearer(servers.apps, secrets.ownerPlans, 'GET', historyPath({ employee_id: 2 }, 'payroll', 'salaries')),
      ),
      scope('a plans-only token querying payroll', () =>
        bearer(servers.apps, secrets.ownerPlans, 'POST', '/api/apps/payroll/datasets/payroll_total/query', {}),
      ),
      {
        name: 'a token naming an app its user may not open',
        attack: () => bearer(servers.apps, secrets.plannerPayroll, 'POST', '/api/apps/payroll/datasets/salaries/query', {}),
        status: 403,
        code: 'GOV_FORBIDDEN_APP',
      },
      {
        name: 'an every-app token writing an app its user may not open',
        attack: () =>
          bearer(servers.apps, secrets.plannerAll, 'POST', '/api/apps/payroll/tables/salaries/changesets', {
            changes: [{ op: 'update', key: { employee_id: 1 }, set: { salary: '1' }, expect: { salary: '52000.00' } }],
          }),
        status: 403,
        code: 'GOV_FORBIDDEN_APP',
      },
    ];

    it.each(named(FIXTURE))('refuses %s', (_name, c) => runRefusal(servers.apps, FIXTURE_TABLES, c));

    it('a plans-only token lists only plans', () =>
      runRead(servers.apps, FIXTURE_TABLES, {
        name: 'app list',
        attack: () => bearer(servers.apps, secrets.ownerPlans, 'GET', '/api/apps'),
        check: (b) => expect(b.apps.map((a: { name: string }) => a.name)).toEqual(['plans']),
      }));
  });
});
