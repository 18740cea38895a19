import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadProject, resolveProject, type ResolvedProject } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import { DuckdbDriver } from '../warehouse/duckdb/duckdb-driver.js';
import type { ChangeEvent } from '../writeback/change-event.js';
import { encodeFrame, type EncodedFrame } from './sse-frames.js';
import { ViewerRegistry, type ViewerCheck, type ViewerConnection, type ViewerIdentity } from './viewer-registry.js';
import { viewerShape } from './viewer-shape.js';

let dir: string;
let project: ResolvedProject;

/** Stores by region: `regional` users read the regions in `user.regions`, managers every store. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roundtrip-live-'));
  mkdirSync(join(dir, 'apps'));
  writeFileSync(
    join(dir, 'roundtrip.yaml'),
    stringify({ name: 'Live fixture', warehouse: { type: 'duckdb', path: ':memory:' }, roles: { regional: {}, manager: {}, outsider: {} } }),
  );
  writeFileSync(
    join(dir, 'apps', 'stores.yaml'),
    stringify({
      title: 'Stores',
      roles: ['regional', 'manager'],
      tables: {
        stores: {
          key: ['store_id'],
          read: [{ roles: ['regional'], rows: 'row.region in user.regions' }, { roles: ['manager'] }],
          write: [{ roles: ['manager'], operations: ['update'], columns: ['name'] }],
        },
      },
      pages: [{ id: 'main', title: 'Stores', blocks: [{ id: 'grid', type: 'grid', table: 'stores' }] }],
    }),
  );
  const db = await DuckdbDriver.connect({ path: ':memory:' });
  await db.query('CREATE TABLE stores (store_id INTEGER PRIMARY KEY, region VARCHAR NOT NULL, name VARCHAR NOT NULL)');
  project = resolveProject(loadProject(dir), await db.introspect(), db.dialect);
  await db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const principal = (id: string, roles: string[], attributes: Record<string, unknown> = {}): Principal => ({
  id,
  username: id,
  displayName: id,
  roles,
  attributes,
});
const north = principal('north', ['regional'], { regions: ['north'] });

let changesets = 0;
function change(...regions: string[]): ChangeEvent {
  changesets += 1;
  const rows = regions.map((region, i) => ({ store_id: changesets * 10 + i, region, name: 'x' }));
  return {
    app: 'stores',
    table: 'stores',
    qualifiedTable: 'stores',
    changesetId: `cs${changesets}`,
    user: 'boss',
    keys: rows.map((r) => ({ store_id: r.store_id })),
    rows,
  };
}

/** A connection that keeps what it was sent, as text. */
class Recorder implements ViewerConnection {
  readonly frames: string[] = [];
  ended = false;
  write(frame: EncodedFrame) {
    this.frames.push(frame.raw.toString());
  }
  end() {
    this.ended = true;
  }
  events(kind: string) {
    return this.frames.filter((f) => f.startsWith(`event: ${kind}\n`)).map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)));
  }
}

/** An identity whose checks the test answers by hand. */
function controlledIdentity(usernames: string[]) {
  const pending: ((result: ViewerCheck) => void)[] = [];
  const identity: ViewerIdentity = { usernames, check: () => new Promise<ViewerCheck>((resolve) => pending.push(resolve)) };
  return {
    identity,
    answer: (result: ViewerCheck) => pending.shift()!(result),
    get waiting() {
      return pending.length;
    },
  };
}

function registry() {
  const errors: unknown[] = [];
  return { viewers: new ViewerRegistry({ project: () => project, onError: (e) => errors.push(e), heartbeatMs: 3_600_000 }), errors };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('viewerShape', () => {
  it('is shared by users whose read policies see the same, and differs where they do not', () => {
    const shape = (p: Principal) => viewerShape(project, p);
    expect(shape(north)).toBe(shape(principal('north2', ['regional'], { regions: ['north'], email: 'n@example.test' })));
    expect(shape(north)).not.toBe(shape(principal('east', ['regional'], { regions: ['east'] })));
    expect(shape(principal('boss', ['manager']))).toBe(shape(principal('boss2', ['manager'], { regions: ['east'] })));
    expect(shape(principal('a', ['regional'], { regions: null }))).not.toBe(shape(principal('b', ['regional'])));
  });
});

describe('ViewerRegistry', () => {
  it('sends each viewer only the keys its policy lets it read, the same bytes to viewers of one shape', () => {
    const { viewers } = registry();
    const [a, b, c, boss] = [new Recorder(), new Recorder(), new Recorder(), new Recorder()];
    const identity = { usernames: ['x'], check: async () => ({ ok: false, reason: 'session-ended' }) as const };
    viewers.open(identity, north, null, a, 0);
    viewers.open(identity, principal('north2', ['regional'], { regions: ['north'] }), null, b, 0);
    viewers.open(identity, principal('east', ['regional'], { regions: ['east'] }), null, c, 0);
    viewers.open(identity, principal('boss', ['manager']), null, boss, 0);
    const event = change('north', 'south');
    viewers.deliver(event);
    expect(a.events('change')).toEqual([{ app: 'stores', table: 'stores', keys: [event.keys[0]], changesetId: event.changesetId, user: 'boss' }]);
    expect(b.frames).toEqual(a.frames);
    expect(c.frames).toEqual([]);
    expect(boss.events('change')[0].keys).toEqual(event.keys);
  });

  it('holds events while a changed user is checked again, then filters them by who the user is now', async () => {
    const { viewers } = registry();
    const stream = new Recorder();
    const control = controlledIdentity(['north']);
    viewers.open(control.identity, north, null, stream, 0);
    viewers.invalidated({ username: 'north' });
    const [first, second] = [change('north'), change('east')];
    viewers.deliver(first);
    viewers.deliver(second);
    expect(stream.frames).toEqual([]);
    control.answer({ ok: true, principal: { ...north, attributes: { regions: ['east'] } }, expiresAt: null });
    await flush();
    expect(stream.events('access')).toEqual([{ reason: 'user-changed' }]);
    expect(stream.events('change').map((c) => c.changesetId)).toEqual([second.changesetId]);
    viewers.deliver(change('north'));
    expect(stream.events('change')).toHaveLength(1);
  });

  it('sends a per-viewer message held during a check afterwards, the latest per topic, built for who the user is now', async () => {
    const { viewers } = registry();
    const stream = new Recorder();
    const control = controlledIdentity(['north']);
    viewers.open(control.identity, north, null, stream, 0);
    viewers.invalidated({ username: 'north' });
    const frameFor = (label: string) => (p: Principal) => encodeFrame(`event: presence\ndata: ${JSON.stringify({ label, regions: p.attributes.regions })}\n\n`);
    viewers.sendEach('presence:stores', frameFor('first'));
    viewers.sendEach('presence:stores', frameFor('second'));
    expect(stream.frames).toEqual([]);
    control.answer({ ok: true, principal: { ...north, attributes: { regions: ['east'] } }, expiresAt: null });
    await flush();
    expect(stream.events('presence')).toEqual([{ label: 'second', regions: ['east'] }]);
    viewers.sendEach('presence:stores', frameFor('third'));
    expect(stream.events('presence')).toHaveLength(2);
  });

  it('ends a stream whose credential ended, sending no held event', async () => {
    const { viewers } = registry();
    const stream = new Recorder();
    const control = controlledIdentity(['north']);
    viewers.open({ ...control.identity, sessionIdHash: 'h1' }, north, null, stream, 0);
    viewers.invalidated({ idHash: 'other' });
    expect(control.waiting).toBe(0);
    viewers.invalidated({ idHash: 'h1' });
    viewers.deliver(change('north'));
    control.answer({ ok: false, reason: 'session-ended' });
    await flush();
    expect(stream.frames).toEqual(['event: end\ndata: {"reason":"session-ended"}\n\n']);
    expect(stream.ended).toBe(true);
    expect(viewers.size).toBe(0);
  });

  it('checks again when an invalidation arrives during a check, since its answer may predate it', async () => {
    const { viewers } = registry();
    const stream = new Recorder();
    const control = controlledIdentity(['north']);
    viewers.open(control.identity, north, null, stream, 0);
    viewers.invalidated({ username: 'north' });
    viewers.invalidated({ username: 'north' });
    control.answer({ ok: true, principal: north, expiresAt: null });
    await flush();
    expect(control.waiting).toBe(1);
    viewers.deliver(change('north'));
    expect(stream.frames).toEqual([]);
    control.answer({ ok: true, principal: north, expiresAt: null });
    await flush();
    expect(stream.events('change')).toHaveLength(1);
    expect(stream.events('access')).toEqual([]);
  });

  it('applies an invalidation that arrived while the stream was being opened', async () => {
    const { viewers } = registry();
    const control = controlledIdentity(['north']);
    viewers.invalidated({ username: 'north' });
    const stream = new Recorder();
    viewers.open(control.identity, north, null, stream, Date.now() - 1000);
    expect(control.waiting).toBe(1);
    viewers.open(controlledIdentity(['north']).identity, north, null, new Recorder(), Date.now() + 1000);
    expect(control.waiting).toBe(1);
  });

  it('checks a session again when it may have expired, and ends it then', async () => {
    const { viewers } = registry();
    const stream = new Recorder();
    const control = controlledIdentity(['north']);
    viewers.open(control.identity, north, Date.now() + 20, stream, 0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(control.waiting).toBe(1);
    control.answer({ ok: false, reason: 'session-expired' });
    await flush();
    expect(stream.events('end')).toEqual([{ reason: 'session-expired' }]);
  });

  it('ends the stream when checking fails, rather than guessing', async () => {
    const { viewers, errors } = registry();
    const stream = new Recorder();
    viewers.open({ usernames: ['north'], check: async () => Promise.reject(new Error('store down')) }, north, null, stream, 0);
    viewers.invalidated('all');
    await flush();
    expect(stream.events('end')).toEqual([{ reason: 'check-failed' }]);
    expect(errors).toHaveLength(1);
  });
});

describe('ViewerRegistry, many streams of one credential', () => {
  it('checks a credential once for all its streams, and ends them all at close', async () => {
    const { viewers } = registry();
    let checks = 0;
    const identity: ViewerIdentity = {
      usernames: ['north'],
      sessionIdHash: 'h1',
      check: async () => {
        checks += 1;
        return { ok: true, principal: north, expiresAt: null };
      },
    };
    const tabs = [new Recorder(), new Recorder(), new Recorder()];
    for (const tab of tabs) viewers.open(identity, north, null, tab, 0);
    viewers.invalidated('all');
    await flush();
    expect(checks).toBe(1);
    viewers.close();
    for (const tab of tabs) expect(tab.events('end')).toEqual([{ reason: 'server-closing' }]);
  });
});
