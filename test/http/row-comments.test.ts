import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { openEventStream, type EventStream, type StreamEvent } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Demo data: budget line 5 belongs to an entity of partner1 (E01–E05), line 2401 to one of partner2 (E06–E10).
const BASE = '/api/apps/budget/tables/budget_lines/comments';
const thread = (lineId: number) => `${BASE}?key=${encodeURIComponent(JSON.stringify({ line_id: lineId }))}`;

describe.each(ENGINES)('comments on rows on $name', (engine) => {
  let server: TestServer;
  let partner1: ApiClient;
  let partner2: ApiClient;
  let director: ApiClient;
  let viewer: ApiClient;
  let directorStream: EventStream;
  let partner2Stream: EventStream;

  /** Every stored comment, read straight from the warehouse. */
  const stored = async () => {
    const schema = server.runtime.current().config.audit.schema;
    const { rows } = await server.runtime.warehouse.query(
      `SELECT comment_id, app, table_name, row_key, user_id, display_name, body, mentions FROM "${schema}".row_comments ORDER BY comment_id`,
    );
    return rows;
  };

  beforeAll(async () => {
    server = await startTestServer({ engine });
    const [p1, p2, d, v] = await Promise.all(['partner1', 'partner2', 'director', 'viewer'].map((u) => ApiClient.login(server.url, u)));
    [partner1, partner2, director, viewer] = [p1!, p2!, d!, v!];
    [directorStream, partner2Stream] = await Promise.all([openEventStream(server.url, director.cookie), openEventStream(server.url, partner2.cookie)]);
  }, 120_000);
  afterAll(async () => {
    directorStream?.close();
    partner2Stream?.close();
    await server?.close();
  });

  it('posts, lists, counts and deletes a comment, stored in the warehouse', async () => {
    const posted = await partner1.request('POST', BASE, { key: { line_id: 5 }, text: '  Please check this, @director.  ' });
    expect(posted.status).toBe(201);
    const comment = posted.body.comment;
    expect(comment).toMatchObject({ key: { line_id: 5 }, user: 'partner1', text: 'Please check this, @director.', mentions: ['director'], own: true });
    expect(comment.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      comment_id: comment.id,
      app: 'budget',
      table_name: 'budget_lines',
      row_key: '{"line_id":5}',
      user_id: 'partner1',
      body: 'Please check this, @director.',
      mentions: '["director"]',
    });

    const listed = await director.request('GET', thread(5));
    expect(listed.status).toBe(200);
    expect(listed.body.canComment).toBe(true);
    expect(listed.body.comments).toEqual([{ ...comment, own: false }]);

    const second = await director.request('POST', BASE, { key: { line_id: 5 }, text: 'Looks fine.' });
    expect(second.status).toBe(201);
    const counts = await director.request('GET', `${BASE}/counts`);
    expect(counts.status).toBe(200);
    expect(counts.body.counts).toEqual([{ key: { line_id: 5 }, count: 2 }]);
    // partner2 reads none of partner1's lines: no count tells them line 5 exists.
    expect((await partner2.request('GET', `${BASE}/counts`)).body.counts).toEqual([]);

    expect((await partner1.request('DELETE', `${BASE}/${second.body.comment.id}`)).status).toBe(403);
    expect((await partner1.request('DELETE', `${BASE}/${second.body.comment.id}`)).body.error.code).toBe('CMT_NOT_AUTHOR');
    const deleted = await director.request('DELETE', `${BASE}/${second.body.comment.id}`);
    expect(deleted.status).toBe(200);
    expect((await stored()).map((row) => row.comment_id)).toEqual([comment.id]);
    expect((await director.request('GET', `${BASE}/counts`)).body.counts).toEqual([{ key: { line_id: 5 }, count: 1 }]);
  });

  it("refuses a partner another entity's row with the same 404 as a missing row, and stores nothing", async () => {
    const before = await stored();
    const read = await partner2.request('GET', thread(5));
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('ROW_NOT_FOUND');
    const post = await partner2.request('POST', BASE, { key: { line_id: 5 }, text: 'not mine' });
    expect(post.status).toBe(404);
    expect(post.body.error.code).toBe('ROW_NOT_FOUND');
    const missing = await partner2.request('POST', BASE, { key: { line_id: 99_999_999 }, text: 'nobody' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(post.body.error.message);
    expect(await stored()).toEqual(before);
  });

  it('refuses a role without comment permission with 403 and stores nothing', async () => {
    const before = await stored();
    const read = await viewer.request('GET', thread(5));
    expect(read.status).toBe(200);
    expect(read.body.canComment).toBe(false);
    const post = await viewer.request('POST', BASE, { key: { line_id: 5 }, text: 'a viewer speaks' });
    expect(post.status).toBe(403);
    expect(post.body.error.code).toBe('CMT_FORBIDDEN');
    expect(await stored()).toEqual(before);
  });

  it('refuses bad bodies with 400 and a code, and stores nothing', async () => {
    const before = await stored();
    const cases: [unknown, string][] = [
      [{ key: { line_id: 5 }, text: '   ' }, 'CMT_BODY_INVALID'],
      [{ key: { line_id: 5 }, text: 'x'.repeat(2001) }, 'CMT_BODY_INVALID'],
      [{ key: { line_id: 5 } }, 'REQ_INVALID'],
      [{ key: { line_id: 5 }, text: 'hi', extra: true }, 'REQ_INVALID'],
      [{ key: { entity_id: 'E01' }, text: 'hi' }, 'WB_INVALID_KEY'],
    ];
    for (const [body, code] of cases) {
      const response = await partner1.request('POST', BASE, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.body.error.code).toBe(code);
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a mention of an unknown user, or of one who may not read the row, with 422 naming them', async () => {
    const before = await stored();
    const unknown = await partner1.request('POST', BASE, { key: { line_id: 5 }, text: 'ask @nobody-here and @director' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('CMT_UNKNOWN_MENTION');
    expect(unknown.body.error.details.usernames).toEqual(['nobody-here']);
    const unreadable = await partner1.request('POST', BASE, { key: { line_id: 5 }, text: '@partner2 have a look' });
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.error.details.usernames).toEqual(['partner2']);
    expect(await stored()).toEqual(before);
  });

  it('pushes a new comment to a viewer who may read the row, not to a partner who may not', async () => {
    const byComment = (id: string) => (e: StreamEvent) => e.event === 'comment' && e.data.commentId === id;
    const posted = await partner1.request('POST', BASE, { key: { line_id: 5 }, text: 'live one' });
    expect(posted.status).toBe(201);
    const id = posted.body.comment.id as string;
    const received = await directorStream.waitFor(byComment(id));
    expect(received.data).toEqual({ app: 'budget', table: 'budget_lines', key: { line_id: 5 }, commentId: id, action: 'added', user: 'partner1' });

    // partner2's own row: their stream gets that one; events arrive in order, so the first would have come before it.
    const own = await director.request('POST', BASE, { key: { line_id: 2401 }, text: '@partner2 see this' });
    expect(own.status).toBe(201);
    await partner2Stream.waitFor(byComment(own.body.comment.id));
    expect(partner2Stream.events.filter(byComment(id))).toEqual([]);
    expect(partner2Stream.events.some((e) => JSON.stringify(e.data).includes('"line_id":5}'))).toBe(false);

    const deleted = await partner1.request('DELETE', `${BASE}/${id}`);
    expect(deleted.status).toBe(200);
    expect((await directorStream.waitFor((e) => e.event === 'comment' && e.data.commentId === id && e.data.action === 'deleted')).data.key).toEqual({
      line_id: 5,
    });
  });

  describe('two servers on one PostgreSQL system store: the comment posted on B, the streams open on A', () => {
    let a: TestServer;
    let b: TestServer;

    beforeAll(async () => {
      a = await startTestServer({ engine, systemStore: 'postgres' });
      b = await startTestServer({ alongside: a });
    }, 120_000);
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('relays the comment event to the permitted viewer on A only', async () => {
      const [directorOnA, partner2OnA, partner1OnB] = await Promise.all([
        ApiClient.login(a.url, 'director'),
        ApiClient.login(a.url, 'partner2'),
        ApiClient.login(b.url, 'partner1'),
      ]);
      const [directorOnAStream, partner2OnAStream] = await Promise.all([
        openEventStream(a.url, directorOnA.cookie),
        openEventStream(a.url, partner2OnA.cookie),
      ]);
      try {
        const posted = await partner1OnB.request('POST', BASE, { key: { line_id: 5 }, text: 'from server B' });
        expect(posted.status).toBe(201);
        const id = posted.body.comment.id as string;
        const received = await directorOnAStream.waitFor((e) => e.event === 'comment' && e.data.commentId === id);
        expect(received.data).toMatchObject({ key: { line_id: 5 }, action: 'added', user: 'partner1' });
        // A later comment on partner2's own line arrives on A after it: the first was withheld, not late.
        const own = await (await ApiClient.login(b.url, 'director')).request('POST', BASE, { key: { line_id: 2401 }, text: 'for partner2' });
        expect(own.status).toBe(201);
        await partner2OnAStream.waitFor((e) => e.event === 'comment' && e.data.commentId === own.body.comment.id);
        expect(partner2OnAStream.events.filter((e) => e.event === 'comment' && e.data.commentId === id)).toEqual([]);
      } finally {
        directorOnAStream.close();
        partner2OnAStream.close();
      }
    });
  });

  it('lists people who may open the app, with username and display name only', async () => {
    const response = await partner1.request('GET', '/api/apps/budget/people?q=dir');
    expect(response.status).toBe(200);
    expect(response.body.people).toEqual([{ username: 'director', displayName: expect.any(String) }]);
  });
});
