import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { openEventStream, type EventStream, type StreamEvent } from '../support/event-stream.js';
import { DEMO_DIR, startTestServer, type TestServer } from '../support/test-server.js';

// Demo data: partner1 reads entities E01–E05 (budget line 5 is one of theirs), partner2 E06–E10 (not line 5),
// the director every entity. Presence of the budget app goes to those who may open it: not to a user whose
// only role (`outsider`, declared here for the test) is not one of the app's.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const presenceOf = (user: string) => (e: StreamEvent) => e.event === 'presence' && e.data.others.some((o: { userId: string }) => o.userId === user);
const presenceWithout = (user: string) => (e: StreamEvent) => e.event === 'presence' && !e.data.others.some((o: { userId: string }) => o.userId === user);

describe.each(ENGINES)('presence on $name', (engine) => {
  let server: TestServer;
  let partner1: ApiClient;
  let partner2: ApiClient;
  let director: ApiClient;
  let outsider: ApiClient;
  const streams: EventStream[] = [];
  const open = async (client: ApiClient, tab?: string) => {
    const stream = await openEventStream(server.url, client.cookie, {}, tab ? `?tab=${tab}` : '');
    streams.push(stream);
    return stream;
  };

  let projectDir: string;

  beforeAll(async () => {
    projectDir = mkdtempSync(join(tmpdir(), 'roundtrip-presence-'));
    cpSync(DEMO_DIR, projectDir, { recursive: true, filter: (path) => !/[\\/]\.data([\\/]|$)/.test(path) });
    const config = join(projectDir, 'roundtrip.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('\nroles:\n', '\nroles:\n  outsider: { description: Opens no app }\n'));
    server = await startTestServer({ engine, projectDir });
    const admin = await ApiClient.login(server.url, 'admin');
    const created = await admin.request('POST', '/api/admin/users', { username: 'outsider', password: 'outsider-password-1', roles: ['outsider'] });
    expect(created.status).toBe(200);
    [partner1, partner2, director, outsider] = await Promise.all([
      ApiClient.login(server.url, 'partner1'),
      ApiClient.login(server.url, 'partner2'),
      ApiClient.login(server.url, 'director'),
      ApiClient.login(server.url, 'outsider', 'outsider-password-1'),
    ]);
  }, 120_000);
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await server?.close();
    rmSync(projectDir, { recursive: true, force: true });
  });

  const announce = (client: ApiClient, body: unknown, app = 'budget') => client.request('POST', `/api/apps/${app}/presence`, body);

  it('refuses a bad body with REQ_INVALID and registers nothing', async () => {
    for (const body of [{ tab: 'bad', page: 'overview' }, { tab: 'partner1-tab-a', page: 42 }, { tab: 'partner1-tab-a', page: 'overview', extra: true }, {}]) {
      const response = await announce(partner1, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('REQ_INVALID');
    }
    const seen = await announce(director, { tab: 'director-tab-a', page: 'overview' });
    expect(seen.status).toBe(200);
    expect(seen.body.others.map((o: { userId: string }) => o.userId)).not.toContain('partner1');
    await director.request('DELETE', '/api/apps/budget/presence/director-tab-a');
  });

  it('names an unknown app, page, block or key clearly', async () => {
    const cases: [string, unknown, number, string][] = [
      ['nope', { tab: 'partner1-tab-a', page: 'overview' }, 404, 'APP_NOT_FOUND'],
      ['budget', { tab: 'partner1-tab-a', page: 'nowhere' }, 404, 'PAGE_NOT_FOUND'],
      [
        'budget',
        { tab: 'partner1-tab-a', page: 'overview', editing: { block: 'kpi-actual', table: 'budget_lines', key: { line_id: 5 } } },
        404,
        'BLOCK_NOT_FOUND',
      ],
      [
        'budget',
        { tab: 'partner1-tab-a', page: 'overview', editing: { block: 'grid-budget', table: 'accounts', key: { line_id: 5 } } },
        404,
        'BLOCK_NOT_FOUND',
      ],
      ['budget', { tab: 'partner1-tab-a', page: 'overview', editing: { block: 'grid-budget', table: 'budget_lines', key: { id: 5 } } }, 400, 'WB_INVALID_KEY'],
      [
        'budget',
        { tab: 'partner1-tab-a', page: 'overview', editing: { block: 'grid-budget', table: 'budget_lines', key: { line_id: 99999999 } } },
        404,
        'ROW_NOT_FOUND',
      ],
    ];
    for (const [app, body, status, code] of cases) {
      const response = await announce(partner1, body, app);
      expect([response.status, response.body.error.code], JSON.stringify(body)).toEqual([status, code]);
    }
  });

  it('reaches the others on the app, and ends when the tab closes its event stream', async () => {
    const directorStream = await open(director);
    const partnerStream = await open(partner1, 'partner1-tab-b');
    const response = await announce(partner1, { tab: 'partner1-tab-b', page: 'overview' });
    expect(response.status).toBe(200);
    const received = await directorStream.waitFor(presenceOf('partner1'));
    expect(received.data.app).toBe('budget');
    expect(received.data.others).toContainEqual({ userId: 'partner1', displayName: 'Finance Partner 1', page: 'overview' });
    // Not echoed to partner1 as someone else.
    expect(partnerStream.events.filter(presenceOf('partner1'))).toEqual([]);
    partnerStream.close();
    await directorStream.waitFor((e) => e !== received && presenceWithout('partner1')(e));
  });

  it('counts one user in two tabs once', async () => {
    await announce(partner2, { tab: 'partner2-tab-a', page: 'overview' });
    await announce(partner2, { tab: 'partner2-tab-b', page: 'mappings' });
    const seen = await announce(director, { tab: 'director-tab-b', page: 'overview' });
    expect(seen.body.others.filter((o: { userId: string }) => o.userId === 'partner2')).toHaveLength(1);
    await Promise.all([
      partner2.request('DELETE', '/api/apps/budget/presence/partner2-tab-a'),
      partner2.request('DELETE', '/api/apps/budget/presence/partner2-tab-b'),
      director.request('DELETE', '/api/apps/budget/presence/director-tab-b'),
    ]);
  });

  it('does not tell a partner the key of a row he may not read, nor let him announce one', async () => {
    const [directorStream, partner2Stream, outsiderStream] = await Promise.all([open(director), open(partner2), open(outsider)]);
    const refused = await announce(partner2, {
      tab: 'partner2-tab-c',
      page: 'overview',
      editing: { block: 'grid-budget', table: 'budget_lines', key: { line_id: 5 } },
    });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'ROW_NOT_FOUND']);

    const editing = { block: 'grid-budget', table: 'budget_lines', key: { line_id: 5 } };
    const response = await announce(partner1, { tab: 'partner1-tab-c', page: 'overview', editing });
    expect(response.status).toBe(200);
    const forDirector = await directorStream.waitFor((e) => presenceOf('partner1')(e) && e.data.others.some((o: { editing?: unknown }) => o.editing));
    expect(forDirector.data.others).toContainEqual({ userId: 'partner1', displayName: 'Finance Partner 1', page: 'overview', editing });
    const forPartner2 = await partner2Stream.waitFor(presenceOf('partner1'));
    expect(forPartner2.data.others).toContainEqual({ userId: 'partner1', displayName: 'Finance Partner 1', page: 'overview' });
    expect(JSON.stringify(partner2Stream.events)).not.toContain('line_id');

    // The user without access to the app: refused, and their stream carries no presence.
    const outsiderAnnounce = await announce(outsider, { tab: 'outsider-tab-a', page: 'overview' });
    expect([outsiderAnnounce.status, outsiderAnnounce.body.error.code]).toEqual([403, 'GOV_FORBIDDEN_APP']);
    await sleep(500);
    expect(outsiderStream.events.filter((e) => e.event === 'presence')).toEqual([]);
    await partner1.request('DELETE', '/api/apps/budget/presence/partner1-tab-c');
  });
});
