/**
 * Attacks on the live event stream (`GET /api/events`): a stream decides who
 * its user is at subscribe time, and must not keep carrying keys, changeset
 * ids and authors to someone who has since logged out, expired, been
 * disabled or removed, lost the token, or lost access to some rows. Each case
 * changes who the user is, then writes a row the old user could read, and
 * proves that the stream ended (with a last `end` event naming the reason) or
 * narrowed, and never carried the write. A control stream of the CFO (who
 * reads every row) on the same server shows that the write was delivered.
 *
 * Demo facts: entity En's budget lines are (n-1)·480+1 … n·480; partner1
 * reads E01–E05, partner2 E06–E10, …, partner8 E36–E40.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { openEventStream, type EventStream, type StreamEvent } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

const PASSWORD = 'correct horse battery';
/** The first budget line of entity En (plus `n`). */
const lineOf = (entity: number, n = 0) => (entity - 1) * 480 + 1 + n;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isChange = (id: string) => (e: StreamEvent) => e.event === 'change' && e.data?.changesetId === id;

/** Writes one budget line through `server` as `writer`; resolves to the changeset id. */
async function write(server: TestServer, writer: ApiClient, lineId: number): Promise<string> {
  const amount = await budgetAmount(server.runtime, lineId);
  const response = await writer.changeset('budget', 'budget_lines', {
    changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: (Number(amount) + 1).toFixed(2) }, expect: { amount } }],
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.changesetId as string;
}

/** The last event is `end` with `reason`, and the server closed the stream. */
async function expectEnded(stream: EventStream, reason: string): Promise<void> {
  const end = await stream.waitFor((e) => e.event === 'end', 5000);
  expect(end.data).toEqual({ reason });
  await Promise.race([stream.ended, sleep(3000).then(() => Promise.reject(new Error('the server did not close the stream')))]);
  expect(stream.events.at(-1)?.event).toBe('end');
}

/** `control` received changeset `id`; `stream`, given time to, did not. */
async function expectWithheld(stream: EventStream, control: EventStream, id: string): Promise<void> {
  await control.waitFor(isChange(id));
  await sleep(250);
  expect(stream.events.filter(isChange(id))).toEqual([]);
}

/** A client of `server` that uses `other`'s session (sessions are shared through the system store). */
function sameSession(server: TestServer, other: ApiClient): ApiClient {
  const client = new ApiClient(server.url);
  client.cookie = other.cookie;
  client.csrfToken = other.csrfToken;
  return client;
}

async function patchUser(admin: ApiClient, username: string, body: Record<string, unknown>): Promise<void> {
  const response = await admin.request('PATCH', `/api/admin/users/${username}`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

async function createToken(owner: ApiClient): Promise<{ id: string; secret: string }> {
  const response = await owner.request('POST', '/api/tokens', { name: 'stream watcher', apps: ['*'], access: 'read' });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { id: response.body.token.id, secret: response.body.secret };
}

/** Removes `username` from the project's roundtrip.yaml and reloads; resolves to the restore. */
async function removeFromConfig(server: TestServer, username: string): Promise<() => Promise<void>> {
  const file = join(server.projectDir, 'roundtrip.yaml');
  const original = readFileSync(file, 'utf8');
  const start = original.indexOf(`  - username: ${username}\n`);
  const next = original.indexOf('  - username:', start + 1);
  expect(start).toBeGreaterThan(0);
  writeFileSync(file, original.slice(0, start) + original.slice(next));
  await server.runtime.reload();
  return async () => {
    writeFileSync(file, original);
    await server.runtime.reload();
  };
}

describe.each(ENGINES)('$name', (engine) => {
  describe('one server', () => {
    let server: TestServer;
    let admin: ApiClient;
    let director: ApiClient;
    let control: EventStream;

    beforeAll(async () => {
      server = await startTestServer({ engine });
      [admin, director] = await Promise.all([ApiClient.login(server.url, 'admin'), ApiClient.login(server.url, 'director')]);
      control = await openEventStream(server.url, (await ApiClient.login(server.url, 'cfo')).cookie);
    });
    afterAll(async () => {
      control?.close();
      await server?.close();
    });

    it('ends the stream of a session that logs out, before the next write', async () => {
      const partner = await ApiClient.login(server.url, 'partner1');
      const stream = await openEventStream(server.url, partner.cookie);
      try {
        expect((await partner.request('POST', '/api/auth/logout')).status).toBe(200);
        const id = await write(server, director, lineOf(1));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'session-ended');
      } finally {
        stream.close();
      }
    });

    it("ends every stream of the user's sessions at logout everywhere", async () => {
      const [laptop, phone] = await Promise.all([ApiClient.login(server.url, 'partner1'), ApiClient.login(server.url, 'partner1')]);
      const streams = await Promise.all([openEventStream(server.url, laptop.cookie), openEventStream(server.url, phone.cookie)]);
      try {
        expect((await phone.request('POST', '/api/auth/logout-all')).status).toBe(200);
        const id = await write(server, director, lineOf(2));
        for (const stream of streams) {
          await expectWithheld(stream, control, id);
          await expectEnded(stream, 'session-ended');
        }
      } finally {
        for (const stream of streams) stream.close();
      }
    });

    it('ends the stream of a user an admin disables', async () => {
      const partner = await ApiClient.login(server.url, 'partner2');
      const stream = await openEventStream(server.url, partner.cookie);
      try {
        await patchUser(admin, 'partner2', { disabled: true });
        const id = await write(server, director, lineOf(6));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'user-disabled');
      } finally {
        stream.close();
        await patchUser(admin, 'partner2', { disabled: false });
      }
    });

    it('ends the stream when an admin sets a new password (the sessions end)', async () => {
      const partner = await ApiClient.login(server.url, 'partner4');
      const stream = await openEventStream(server.url, partner.cookie);
      try {
        expect((await admin.request('POST', '/api/admin/users/partner4/password', { password: PASSWORD })).status).toBe(200);
        const id = await write(server, director, lineOf(16));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'session-ended');
      } finally {
        stream.close();
      }
    });

    it('ends the stream of a user removed from roundtrip.yaml', async () => {
      const partner = await ApiClient.login(server.url, 'partner8');
      const stream = await openEventStream(server.url, partner.cookie);
      const restore = await removeFromConfig(server, 'partner8');
      try {
        const id = await write(server, director, lineOf(36));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'user-removed');
      } finally {
        stream.close();
        await restore();
      }
    });

    it('ends the stream of an API token once it is revoked', async () => {
      const owner = await ApiClient.login(server.url, 'partner3');
      const token = await createToken(owner);
      const stream = await openEventStream(server.url, '', { authorization: `Bearer ${token.secret}` });
      try {
        const before = await write(server, director, lineOf(11));
        await stream.waitFor(isChange(before));
        expect((await owner.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(200);
        const id = await write(server, director, lineOf(11, 1));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'token-revoked');
      } finally {
        stream.close();
      }
    });

    it('narrows the stream at once when an entity is taken from the user, and widens it when given back', async () => {
      const partner = await ApiClient.login(server.url, 'partner5');
      const stream = await openEventStream(server.url, partner.cookie);
      try {
        await patchUser(admin, 'partner5', { attributes: { entities: ['E22', 'E23', 'E24', 'E25'] } });
        const taken = await write(server, director, lineOf(21));
        const kept = await write(server, director, lineOf(22));
        await stream.waitFor(isChange(kept));
        await expectWithheld(stream, control, taken);
        expect(stream.events.find((e) => e.event === 'access')?.data).toEqual({ reason: 'user-changed' });
        expect(stream.events.some((e) => e.event === 'end')).toBe(false);

        await patchUser(admin, 'partner5', { attributes: { entities: ['E21', 'E22', 'E23', 'E24', 'E25'] } });
        const given = await write(server, director, lineOf(21, 1));
        expect((await stream.waitFor(isChange(given))).data.keys).toEqual([{ line_id: lineOf(21, 1) }]);
      } finally {
        stream.close();
        await patchUser(admin, 'partner5', { attributes: { entities: ['E21', 'E22', 'E23', 'E24', 'E25'] } });
      }
    });

    it('narrows the stream when a role that reads every row is replaced by a narrower one', async () => {
      const viewer = await ApiClient.login(server.url, 'viewer');
      const stream = await openEventStream(server.url, viewer.cookie);
      try {
        await patchUser(admin, 'viewer', { roles: ['finance_partner'], attributes: { entities: ['E01'] } });
        const hidden = await write(server, director, lineOf(7));
        const shown = await write(server, director, lineOf(1, 3));
        await stream.waitFor(isChange(shown));
        await expectWithheld(stream, control, hidden);
      } finally {
        stream.close();
        await patchUser(admin, 'viewer', { roles: ['viewer'], attributes: {} });
      }
    });

    it("ends an admin's preview stream when the admin loses the admin role", async () => {
      const created = await admin.request('POST', '/api/admin/users', { username: `stand_in_${engine.name}`, password: PASSWORD, roles: ['admin'] });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const standIn = await ApiClient.login(server.url, `stand_in_${engine.name}`, PASSWORD);
      const stream = await openEventStream(server.url, standIn.cookie, { 'x-roundtrip-preview-as': 'partner1' });
      try {
        await patchUser(admin, `stand_in_${engine.name}`, { roles: ['viewer'] });
        const id = await write(server, director, lineOf(1, 4));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'preview-ended');
      } finally {
        stream.close();
      }
    });

    it('answers an authenticated HEAD at once, with the headers only', async () => {
      const viewer = await ApiClient.login(server.url, 'cfo');
      const head = await fetch(`${server.url}/api/events`, { method: 'HEAD', headers: { cookie: viewer.cookie }, signal: AbortSignal.timeout(3000) });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(await head.text()).toBe('');
      const anonymous = await fetch(`${server.url}/api/events`, { method: 'HEAD', signal: AbortSignal.timeout(3000) });
      expect(anonymous.status).toBe(401);
    });
  });

  describe('one server, sessions idle out after 2 s', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer({ engine, sessionIdleMs: 2000 });
    });
    afterAll(() => server?.close());

    it('ends the stream when its session expires, though the stream stays open', async () => {
      const partner = await ApiClient.login(server.url, 'partner1');
      const stream = await openEventStream(server.url, partner.cookie);
      try {
        await sleep(2600);
        // Fresh sessions for the writer and the control stream: theirs would have expired too.
        const [director, cfo] = await Promise.all([ApiClient.login(server.url, 'director'), ApiClient.login(server.url, 'cfo')]);
        const control = await openEventStream(server.url, cfo.cookie);
        try {
          const id = await write(server, director, lineOf(1, 5));
          await expectWithheld(stream, control, id);
          await expectEnded(stream, 'session-expired');
        } finally {
          control.close();
        }
      } finally {
        stream.close();
      }
    });
  });

  describe('two servers on one PostgreSQL system store: the change made on B, the stream open on A', () => {
    let a: TestServer;
    let b: TestServer;
    let adminOnB: ApiClient;
    let directorOnB: ApiClient;
    let control: EventStream;

    beforeAll(async () => {
      a = await startTestServer({ engine, systemStore: 'postgres' });
      b = await startTestServer({ alongside: a });
      [adminOnB, directorOnB] = await Promise.all([ApiClient.login(b.url, 'admin'), ApiClient.login(b.url, 'director')]);
      control = await openEventStream(a.url, (await ApiClient.login(a.url, 'cfo')).cookie);
    });
    afterAll(async () => {
      control?.close();
      await b?.close();
      await a?.close();
    });

    it('ends the stream on A when its session logs out through B', async () => {
      const partner = await ApiClient.login(a.url, 'partner1');
      const stream = await openEventStream(a.url, partner.cookie);
      try {
        expect((await sameSession(b, partner).request('POST', '/api/auth/logout')).status).toBe(200);
        const id = await write(b, directorOnB, lineOf(1, 6));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'session-ended');
      } finally {
        stream.close();
      }
    });

    it('ends the streams on A when the user logs out everywhere through B', async () => {
      const partner = await ApiClient.login(a.url, 'partner1');
      const stream = await openEventStream(a.url, partner.cookie);
      try {
        const elsewhere = await ApiClient.login(b.url, 'partner1');
        expect((await elsewhere.request('POST', '/api/auth/logout-all')).status).toBe(200);
        const id = await write(b, directorOnB, lineOf(1, 7));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'session-ended');
      } finally {
        stream.close();
      }
    });

    it('ends the stream on A of a user disabled through B', async () => {
      const partner = await ApiClient.login(a.url, 'partner2');
      const stream = await openEventStream(a.url, partner.cookie);
      try {
        await patchUser(adminOnB, 'partner2', { disabled: true });
        const id = await write(b, directorOnB, lineOf(6, 1));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'user-disabled');
      } finally {
        stream.close();
        await patchUser(adminOnB, 'partner2', { disabled: false });
      }
    });

    it('ends the stream on A of a user removed by a reload on B', async () => {
      const partner = await ApiClient.login(a.url, 'partner8');
      const stream = await openEventStream(a.url, partner.cookie);
      const restore = await removeFromConfig(b, 'partner8');
      try {
        const id = await write(b, directorOnB, lineOf(36, 1));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'user-removed');
      } finally {
        stream.close();
        await restore();
      }
    });

    it('ends the stream on A of an API token revoked through B', async () => {
      const owner = await ApiClient.login(b.url, 'partner3');
      const token = await createToken(owner);
      const stream = await openEventStream(a.url, '', { authorization: `Bearer ${token.secret}` });
      try {
        expect((await owner.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(200);
        const id = await write(b, directorOnB, lineOf(11, 2));
        await expectWithheld(stream, control, id);
        await expectEnded(stream, 'token-revoked');
      } finally {
        stream.close();
      }
    });

    it('narrows the stream on A when an entity is taken from the user through B', async () => {
      const partner = await ApiClient.login(a.url, 'partner5');
      const stream = await openEventStream(a.url, partner.cookie);
      try {
        await patchUser(adminOnB, 'partner5', { attributes: { entities: ['E22', 'E23', 'E24', 'E25'] } });
        const taken = await write(b, directorOnB, lineOf(21, 2));
        const kept = await write(b, directorOnB, lineOf(22, 1));
        await stream.waitFor(isChange(kept));
        await expectWithheld(stream, control, taken);
        expect(stream.events.some((e) => e.event === 'access')).toBe(true);
      } finally {
        stream.close();
        await patchUser(adminOnB, 'partner5', { attributes: { entities: ['E21', 'E22', 'E23', 'E24', 'E25'] } });
      }
    });
  });
});
