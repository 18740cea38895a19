/**
 * Attack suite: reading rows of other entities through filters, sort, datasets,
 * time travel, row history and live events (see attack-support.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { openEventStream } from '../support/event-stream.js';
import { ENGINES } from '../support/engines.js';
import { leavesNothingChanged } from './state-probe.js';
import {
  as,
  BUDGET,
  budgetUpdate,
  CHANGESETS,
  commit,
  commitBudget,
  DEMO_TABLES,
  entitiesOf,
  EPOCH,
  FIXTURE_TABLES,
  historyPath,
  JOURNAL_QUERY,
  expectNoFigures,
  named,
  onlyOwnEntities,
  ownLineCount,
  p1Dataset,
  p1Query,
  PARTNER1_ENTITIES,
  type Read,
  type Refusal,
  runRead,
  runRefusal,
  servers,
  twoApp,
  useAttackServers,
  withKey,
} from './attack-support.js';

/** What history answers for a key no row has: a row the user may not read must look exactly like it. */
const NO_SUCH_ROW = { status: 404, code: 'ROW_NOT_FOUND' } as const;
const missingRowHistory = async (lineId: number) => withKey((await as.partner1.request('GET', historyPath({ line_id: 987654 }))).body, { line_id: lineId });

describe.each(ENGINES)('$name', (engine) => {
  useAttackServers(engine, { apps: true });

  describe("other entities' rows: reads through filters, sort, datasets, history and live events", () => {
    const READS: Read[] = [
      {
        name: 'filter entity_id eq E10',
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'eq', value: 'E10' }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: 'filter entity_id gte E06',
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'gte', value: 'E06' }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: 'filter entity_id ne E01 (a negation widens nothing)',
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'ne', value: 'E01' }], withTotal: true, limit: 10_000 }),
        check: async (b) => {
          expect(b.total).toBe(await ownLineCount("entity_id <> 'E01'"));
          expect(entitiesOf(b.rows)).toEqual(['E02', 'E03', 'E04', 'E05']);
        },
      },
      {
        name: "contains 'E1' on entity_id (only others' entities match)",
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'contains', value: 'E1' }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: "'in' list of every other entity",
        attack: () =>
          p1Query({
            filters: [{ column: 'entity_id', op: 'in', value: Array.from({ length: 35 }, (_, i) => `E${String(i + 6).padStart(2, '0')}`) }],
            withTotal: true,
          }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: 'line_id range over partner2 lines (gte 2401, lte 4800)',
        attack: () =>
          p1Query({
            filters: [
              { column: 'line_id', op: 'gte', value: 2401 },
              { column: 'line_id', op: 'lte', value: 4800 },
            ],
            withTotal: true,
          }),
        check: async (b) => {
          expect(b.total).toBe(await ownLineCount('line_id BETWEEN 2401 AND 4800'));
          onlyOwnEntities(b);
        },
      },
      {
        name: 'notNull on entity_id (a filter true for every row)',
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'notNull' }], withTotal: true, limit: 1 }),
        check: async (b) => expect(b.total).toBe(await ownLineCount()),
      },
      {
        name: 'sort by entity_id desc: the first row is still the own last entity',
        attack: () => p1Query({ sort: [{ column: 'entity_id', direction: 'desc' }], limit: 1 }),
        check: (b) => expect(b.rows.map((r: { entity_id: string }) => r.entity_id)).toEqual(['E05']),
      },
      {
        name: 'sort by amount desc (the biggest lines of all entities)',
        attack: () => p1Query({ sort: [{ column: 'amount', direction: 'desc' }], limit: 200 }),
        check: (b) => onlyOwnEntities(b),
      },
      {
        name: 'paging past the last own row',
        attack: async () => p1Query({ sort: [{ column: 'line_id', direction: 'asc' }], offset: await ownLineCount(), limit: 100 }),
        check: (b) => expect(b.rows).toEqual([]),
      },
      {
        name: 'journal_lines dataset filtered to E06',
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }], withTotal: true }, JOURNAL_QUERY),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: 'journal_lines dataset sorted by entity desc',
        attack: () => p1Query({ sort: [{ column: 'entity_id', direction: 'desc' }], limit: 50 }, JOURNAL_QUERY),
        check: (b) => expect(entitiesOf(b.rows)).toEqual(['E05']),
      },
      {
        name: 'totals with parameter entity E09',
        attack: () => p1Dataset('totals', { params: { entity: 'E09' } }),
        check: (b) => expectNoFigures(b.rows),
      },
      {
        name: 'monthly with parameter entity E06',
        attack: () => p1Dataset('monthly', { params: { entity: 'E06' } }),
        check: (b) => {
          for (const row of b.rows) expect(row).toMatchObject({ actual: null, budget: null });
        },
      },
      {
        name: 'variance_by_entity filtered to E06 shows nothing of it (entities follow the budget read policy)',
        attack: () => p1Dataset('variance_by_entity', { filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }] }),
        check: (b) => expect(b.rows).toEqual([]),
      },
      {
        name: 'variance_by_entity filtered to rows with a budget (notNull on an aggregate)',
        attack: () => p1Dataset('variance_by_entity', { filters: [{ column: 'budget', op: 'notNull' }] }),
        check: (b) => expect(entitiesOf(b.rows)).toEqual(PARTNER1_ENTITIES),
      },
      {
        name: "contains on a comment only another entity's row carries",
        prepare: async () => commitBudget(as.director, await budgetUpdate(2411, { comment: 'zq-marker-E06 confidential' })),
        attack: () => p1Query({ filters: [{ column: 'comment', op: 'contains', value: 'zq-marker' }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: 'asOf 2020 filtered to E06',
        attack: () => p1Query({ asOf: EPOCH, filters: [{ column: 'entity_id', op: 'eq', value: 'E06' }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: "asOf before the director's edit of an E06 line",
        prepare: async () => {
          const before = new Date(Date.now() - 1000).toISOString();
          await commitBudget(as.director, await budgetUpdate(2405, { amount: '4242.00' }));
          return before;
        },
        attack: (before: string) => p1Query({ asOf: before, filters: [{ column: 'line_id', op: 'eq', value: 2405 }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: 'asOf before a line moved from E06 into E01: the past row stays hidden',
        prepare: async () => {
          const before = new Date(Date.now() - 1000).toISOString();
          await commitBudget(as.director, await budgetUpdate(2406, { entity_id: 'E01' }));
          const now = await p1Query({ filters: [{ column: 'line_id', op: 'eq', value: 2406 }] });
          expect(now.body.rows).toHaveLength(1);
          return before;
        },
        attack: (before: string) => p1Query({ asOf: before, filters: [{ column: 'line_id', op: 'eq', value: 2406 }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
    ];

    it.each(named(READS))('a partner reading %s gets only own rows', (_name, c) => runRead(servers.demo, DEMO_TABLES, c));

    const plannerQuery = (dataset: string, body: unknown) => twoApp.planner.query('plans', dataset, body);
    const ownRegions = (rows: { region: string }[]) => {
      for (const row of rows) expect(['north', 'east']).toContain(row.region);
    };
    const PLANNER_READS: Read[] = [
      {
        name: 'stores filtered to south',
        attack: () => plannerQuery('stores', { filters: [{ column: 'region', op: 'eq', value: 'south' }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: 'stores sorted by region desc',
        attack: () => plannerQuery('stores', { sort: [{ column: 'region', direction: 'desc' }] }),
        check: (b) => {
          ownRegions(b.rows);
          for (const row of b.rows) expect(row).not.toHaveProperty('margin');
        },
      },
      {
        name: 'region_targets with parameter region south',
        attack: () => plannerQuery('region_targets', { params: { region: 'south' } }),
        check: (b) => expect(b.rows).toEqual([]),
      },
      { name: 'region_targets of every region', attack: () => plannerQuery('region_targets', {}), check: (b) => ownRegions(b.rows) },
    ];

    it.each(named(PLANNER_READS))('a planner reading %s gets only own regions', (_name, c) => runRead(servers.apps, FIXTURE_TABLES, c));

    const REFUSED: Refusal[] = [
      {
        name: 'history of an E06 line the director changed',
        prepare: async () => commitBudget(as.director, await budgetUpdate(2407, { comment: 'zq-history-secret' })),
        attack: () => as.partner1.request('GET', historyPath({ line_id: 2407 })),
        ...NO_SUCH_ROW,
        verify: async (r) => {
          expect(JSON.stringify(r.body)).not.toContain('zq-history-secret');
          expect(r.body).toEqual(await missingRowHistory(2407));
        },
      },
      {
        name: 'history with the key as a string',
        attack: () => as.partner1.request('GET', historyPath({ line_id: '2401' })),
        ...NO_SUCH_ROW,
        verify: async (r) => expect(r.body).toEqual(await missingRowHistory(2401)),
      },
      {
        name: 'history with a duplicated key name smuggling an E06 line',
        attack: () => as.partner1.request('GET', historyPath('{"line_id":5,"line_id":2401}')),
        ...NO_SUCH_ROW,
        verify: async (r) => expect(r.body).toEqual(await missingRowHistory(2401)),
      },
      {
        name: 'history of an own line the director moved to E06 (readable once, not now)',
        prepare: async () => {
          await commitBudget(as.partner1, await budgetUpdate(2390, { comment: 'zq-own-era' }));
          await commitBudget(as.director, await budgetUpdate(2390, { entity_id: 'E06' }));
        },
        attack: () => as.partner1.request('GET', historyPath({ line_id: 2390 })),
        ...NO_SUCH_ROW,
        verify: async (r) => expect(r.body).toEqual(await missingRowHistory(2390)),
      },
      {
        name: 'table diff over every entity',
        attack: () =>
          as.partner1.request('GET', `${BUDGET}/tables/budget_lines/diff?from=${encodeURIComponent(EPOCH)}&to=${encodeURIComponent(new Date().toISOString())}`),
        status: 403,
        code: 'GOV_FORBIDDEN_ROW',
      },
    ];

    it.each(named(REFUSED))('refuses a partner reading %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));

    it("live events carry only the keys of the partner's own rows", async () => {
      const stream = await openEventStream(servers.demo.url, as.partner1.cookie);
      try {
        const mixed = await commitBudget(as.director, await budgetUpdate(11, { comment: 'seen' }), await budgetUpdate(2415, { comment: 'unseen' }));
        const hidden = await commitBudget(as.director, await budgetUpdate(2416, { comment: 'unseen' }));
        const marker = await commitBudget(as.director, await budgetUpdate(14, { comment: 'marker' }));
        await leavesNothingChanged(servers.demo, DEMO_TABLES, async () => {
          await stream.waitFor((e) => e.data?.changesetId === marker);
          const changes = stream.events.filter((e) => e.event === 'change').map((e) => e.data as { changesetId: string; keys: { line_id: number }[] });
          expect(changes.find((c) => c.changesetId === mixed)?.keys).toEqual([{ line_id: 11 }]);
          expect(changes.map((c) => c.changesetId)).not.toContain(hidden);
          expect(changes.flatMap((c) => c.keys).filter((k) => k.line_id > 2400)).toEqual([]);
        });
      } finally {
        stream.close();
      }
    });
  });
  describe('row history: every entry as the row was then', () => {
    const historyOf = async (client: ApiClient, lineId: number) => (await client.request('GET', historyPath({ line_id: lineId }))).body;

    const READS: Read[] = [
      {
        name: "an own line's history leaves out what the director wrote while it belonged to E06",
        prepare: async () => {
          await commitBudget(as.director, await budgetUpdate(2450, { comment: 'zq-e06-era-secret' }));
          await commitBudget(as.director, await budgetUpdate(2450, { comment: 'cleared', amount: '2450.50' }));
          await commitBudget(as.director, await budgetUpdate(2450, { entity_id: 'E01' }));
          return commitBudget(as.partner1, await budgetUpdate(2450, { comment: 'mine now' }));
        },
        attack: () => as.partner1.request('GET', historyPath({ line_id: 2450 })),
        check: async (b, own: string) => {
          expect(b.changes.map((c: { changesetId: string }) => c.changesetId)).toEqual([own]);
          expect(JSON.stringify(b)).not.toContain('zq-e06-era-secret');
          expect(JSON.stringify(b)).not.toContain('"E06"');
          // The director, who reads every entity, still gets every entry.
          expect((await historyOf(as.director, 2450)).changes).toHaveLength(5);
        },
      },
      {
        name: 'a line deleted from E06 and inserted again in E01 under the same key shows only its new life',
        prepare: async () => {
          const line = { line_id: 900300, account_id: '4000', period: '2026-01-01' };
          await commit(as.director, CHANGESETS, {
            changes: [{ op: 'insert', values: { ...line, entity_id: 'E06', amount: '300.00', comment: 'zq-former-life' } }],
          });
          await commit(as.director, CHANGESETS, { changes: [{ op: 'delete', key: { line_id: 900300 }, expect: { amount: '300.00' } }] });
          return commit(as.director, CHANGESETS, { changes: [{ op: 'insert', values: { ...line, entity_id: 'E01', amount: '301.00' } }] });
        },
        attack: () => as.partner1.request('GET', historyPath({ line_id: 900300 })),
        check: (b, reinserted: string) => {
          expect([...new Set(b.changes.map((c: { changesetId: string }) => c.changesetId))]).toEqual([reinserted]);
          expect(JSON.stringify(b)).not.toContain('zq-former-life');
          expect(JSON.stringify(b)).not.toContain('300.00');
        },
      },
      {
        name: 'history agrees with time travel: no entry from before a line moved into E01',
        prepare: async () => {
          await commitBudget(as.director, await budgetUpdate(2451, { amount: '2451.51' }));
          const before = new Date(Date.now() - 1).toISOString();
          await commitBudget(as.director, await budgetUpdate(2451, { entity_id: 'E02' }));
          return before;
        },
        attack: () => as.partner1.request('GET', historyPath({ line_id: 2451 })),
        check: async (b, before: string) => {
          const past = await p1Query({ asOf: before, filters: [{ column: 'line_id', op: 'eq', value: 2451 }], withTotal: true });
          expect(past.body).toMatchObject({ rows: [], total: 0 });
          expect(b.changes.filter((c: { at: string }) => c.at <= before)).toEqual([]);
          expect(JSON.stringify(b)).not.toContain('2451.51');
        },
      },
    ];

    it.each(named(READS))('%s', (_name, c) => runRead(servers.demo, DEMO_TABLES, c));
  });
});
