import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadProject, resolveProject, type ResolvedProject } from '../app-model/index.js';
import type { Principal } from '../governance/principal.js';
import { DuckdbDriver } from '../warehouse/duckdb/duckdb-driver.js';
import { PresenceHub } from './presence-hub.js';
import { PresenceRegistry } from './presence-registry.js';
import { visiblePresence } from './visible-presence.js';

let dir: string;
let project: ResolvedProject;

/** Stores by region: `regional` users read the regions in `user.regions`, managers every store; outsiders may not open the app. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roundtrip-presence-'));
  mkdirSync(join(dir, 'apps'));
  writeFileSync(
    join(dir, 'roundtrip.yaml'),
    stringify({ name: 'Presence fixture', warehouse: { type: 'duckdb', path: ':memory:' }, roles: { regional: {}, manager: {}, outsider: {} } }),
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
          write: [{ roles: ['manager', 'regional'], operations: ['update'], columns: ['name'] }],
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
  displayName: `${id} name`,
  roles,
  attributes,
});
const north = principal('north', ['regional'], { regions: ['north'] });
const south = principal('south', ['regional'], { regions: ['south'] });
const manager = principal('manager', ['manager']);
const outsider = principal('outsider', ['outsider']);

const entry = (
  who: Principal,
  tab: string,
  extra: Partial<{ page: string; app: string; editing: { block: string; table: string; key: Record<string, unknown>; row?: Record<string, unknown> } }> = {},
) => ({
  tab,
  userId: who.id,
  displayName: who.displayName,
  app: 'stores',
  page: 'main',
  ...extra,
});

function clocked() {
  let now = 1_000_000;
  const registry = new PresenceRegistry({ ttlMs: 45_000, clock: () => now });
  return { registry, advance: (ms: number) => (now += ms) };
}

describe('PresenceRegistry', () => {
  it('lets an entry lapse after the TTL unless it is announced again', () => {
    const { registry, advance } = clocked();
    expect(registry.announce(entry(north, 'tab-north-1'))).toEqual(['stores']);
    expect(registry.announce(entry(south, 'tab-south-1'))).toEqual(['stores']);
    advance(30_000);
    // A heartbeat that changes nothing others see is not a change, but it renews the entry.
    expect(registry.announce(entry(north, 'tab-north-1'))).toEqual([]);
    advance(20_000);
    expect(registry.of('stores').map((e) => e.userId)).toEqual(['north']);
    expect(registry.expire()).toEqual(['stores']);
    expect(registry.size).toBe(1);
    advance(45_000);
    expect(registry.of('stores')).toEqual([]);
    expect(registry.expire()).toEqual(['stores']);
    expect(registry.size).toBe(0);
  });

  it("removes a tab that leaves, and only that user's tab of that id", () => {
    const { registry } = clocked();
    registry.announce(entry(north, 'shared-tab-id'));
    registry.announce(entry(south, 'shared-tab-id'));
    expect(registry.leave('north', 'shared-tab-id')).toEqual(['stores']);
    expect(registry.leave('north', 'shared-tab-id')).toEqual([]);
    expect(registry.of('stores').map((e) => e.userId)).toEqual(['south']);
  });

  it('reports both apps when a tab moves from one app to another', () => {
    const { registry } = clocked();
    registry.announce(entry(north, 'tab-north-1'));
    expect(registry.announce(entry(north, 'tab-north-1', { app: 'other' }))).toEqual(['stores', 'other']);
    expect(registry.of('stores')).toEqual([]);
  });

  it("drops another server's tabs when it says bye", () => {
    const { registry } = clocked();
    registry.announce({ ...entry(north, 'tab-north-1'), origin: 'server-b' });
    registry.announce(entry(south, 'tab-south-1'));
    expect(registry.leaveOrigin('server-b')).toEqual(['stores']);
    expect(registry.local().map((e) => e.userId)).toEqual(['south']);
  });
});

describe('visiblePresence', () => {
  const northRow = { store_id: 1, region: 'north', name: 'North 1' };

  it('shows a user in two tabs once, preferring the tab that edits a row, and never the viewer themself', () => {
    const { registry } = clocked();
    registry.announce(entry(manager, 'tab-manager-1', { editing: { block: 'grid', table: 'stores', key: { store_id: 1 }, row: northRow } }));
    registry.announce(entry(manager, 'tab-manager-2'));
    registry.announce(entry(north, 'tab-north-1'));
    const forNorth = visiblePresence(project, north, 'stores', registry.of('stores'));
    expect(forNorth).toEqual({
      app: 'stores',
      others: [{ userId: 'manager', displayName: 'manager name', page: 'main', editing: { block: 'grid', table: 'stores', key: { store_id: 1 } } }],
    });
    const forManager = visiblePresence(project, manager, 'stores', registry.of('stores'));
    expect(forManager?.others.map((o) => o.userId)).toEqual(['north']);
  });

  it('sends the edited row only to viewers whose read policy admits it', () => {
    const { registry } = clocked();
    registry.announce(entry(north, 'tab-north-1', { editing: { block: 'grid', table: 'stores', key: { store_id: 1 }, row: northRow } }));
    const forSouth = visiblePresence(project, south, 'stores', registry.of('stores'));
    expect(forSouth).toEqual({ app: 'stores', others: [{ userId: 'north', displayName: 'north name', page: 'main' }] });
    expect(JSON.stringify(forSouth)).not.toContain('store_id');
    const forManager = visiblePresence(project, manager, 'stores', registry.of('stores'));
    expect(forManager?.others[0]?.editing?.key).toEqual({ store_id: 1 });
  });

  it('tells a user who may not open the app nothing', () => {
    const { registry } = clocked();
    registry.announce(entry(north, 'tab-north-1'));
    expect(visiblePresence(project, outsider, 'stores', registry.of('stores'))).toBeUndefined();
    expect(visiblePresence(project, manager, 'no_such_app', registry.of('no_such_app'))).toBeUndefined();
  });
});

describe('PresenceHub', () => {
  it('tells listeners once per app per turn and relays what changed', async () => {
    const hub = new PresenceHub({ sweepMs: 60_000 });
    const sent: unknown[] = [];
    hub.useRelay({ send: (message) => sent.push(message) });
    const heard: string[] = [];
    hub.subscribe((app) => heard.push(app));
    hub.announce(entry(north, 'tab-north-1'));
    hub.announce(entry(south, 'tab-south-1'));
    hub.leave('south', 'tab-south-1');
    hub.leave('south', 'tab-south-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['stores']);
    expect(sent.map((m) => (m as { op: string }).op)).toEqual(['announce', 'announce', 'leave']);
    hub.receive('server-b', { op: 'announce', entry: entry(manager, 'tab-manager-1') });
    hub.receive('server-b', { op: 'hello' });
    // Hello: this server announces its own tabs again, not the other server's.
    expect(sent.slice(3)).toEqual([{ op: 'announce', entry: entry(north, 'tab-north-1') }]);
    hub.close();
  });
});
