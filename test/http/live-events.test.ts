import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { openEventStream, type EventStream, type StreamEvent } from '../support/event-stream.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

let server: TestServer;
let partner1: ApiClient;
let director: ApiClient;
let directorStream: EventStream;
let partner2Stream: EventStream;

beforeAll(async () => {
  server = await startTestServer();
  const [p1, p2, d] = await Promise.all(['partner1', 'partner2', 'director'].map((u) => ApiClient.login(server.url, u)));
  partner1 = p1!;
  director = d!;
  [directorStream, partner2Stream] = await Promise.all([openEventStream(server.url, d!.cookie), openEventStream(server.url, p2!.cookie)]);
});
afterAll(async () => {
  directorStream?.close();
  partner2Stream?.close();
  await server?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const byChangeset = (id: string) => (e: StreamEvent) => e.event === 'change' && e.data.changesetId === id;

async function edit(client: ApiClient, lineId: number, amount: string) {
  const response = await client.changeset('budget', 'budget_lines', {
    changes: [{ op: 'update', key: { line_id: lineId }, set: { amount }, expect: { amount: await budgetAmount(server.runtime, lineId) } }],
  });
  expect(response.status).toBe(200);
  return response.body.changesetId as string;
}

it("sends a partner's edit to the director but not to a partner who may not read the row", async () => {
  const changesetId = await edit(partner1, 5, '5555');
  const received = await directorStream.waitFor(byChangeset(changesetId));
  expect(received.data).toEqual({ app: 'budget', table: 'budget_lines', keys: [{ line_id: 5 }], changesetId, user: 'partner1' });
  expect(received.id).toBe(changesetId);

  await sleep(1000);
  expect(partner2Stream.events.filter(byChangeset(changesetId))).toEqual([]);
  expect(partner2Stream.events.some((e) => JSON.stringify(e.data).includes('"line_id":5}'))).toBe(false);
});

it("sends a change of partner2's own row to partner2", async () => {
  const changesetId = await edit(director, 2401, '2401');
  const received = await partner2Stream.waitFor(byChangeset(changesetId));
  expect(received.data).toEqual({ app: 'budget', table: 'budget_lines', keys: [{ line_id: 2401 }], changesetId, user: 'director' });
  await directorStream.waitFor(byChangeset(changesetId));
});

it('sends a partner only the keys they may read of a changeset spanning entities', async () => {
  const [own, other] = await Promise.all([budgetAmount(server.runtime, 2402), budgetAmount(server.runtime, 6)]);
  const response = await director.changeset('budget', 'budget_lines', {
    changes: [
      { op: 'update', key: { line_id: 6 }, set: { amount: '66' }, expect: { amount: other } },
      { op: 'update', key: { line_id: 2402 }, set: { amount: '2402' }, expect: { amount: own } },
    ],
  });
  expect(response.status).toBe(200);
  const { changesetId } = response.body;
  const [forPartner, forDirector] = await Promise.all([partner2Stream.waitFor(byChangeset(changesetId)), directorStream.waitFor(byChangeset(changesetId))]);
  expect(forPartner.data.keys).toEqual([{ line_id: 2402 }]);
  expect(forDirector.data.keys).toEqual([{ line_id: 6 }, { line_id: 2402 }]);
});

it('streams to an HTTP/1.0 client too (no chunked encoding there)', async () => {
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  try {
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`GET /api/events HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: ${director.cookie}\r\n\r\n`);
    const deadline = Date.now() + 5000;
    while (!text.includes(': connected') && Date.now() < deadline) await sleep(20);
    const changesetId = await edit(partner1, 7, '7777');
    while (!text.includes(changesetId) && Date.now() < deadline) await sleep(20);
    const [head, body] = text.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head!.toLowerCase()).not.toContain('transfer-encoding');
    expect(body).toContain(`event: change\nid: ${changesetId}\ndata: {"app":"budget","table":"budget_lines","keys":[{"line_id":7}]`);
  } finally {
    socket.destroy();
  }
});
