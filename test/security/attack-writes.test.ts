/**
 * Attack suite: writing rows and columns outside one's policies, directly or
 * by reverting someone else's change (see attack-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../support/engines.js';
import type { ApiResponse } from './state-probe.js';
import {
  as,
  budgetRow,
  budgetUpdate,
  CHANGESETS,
  commit,
  commitBudget,
  DEMO_TABLES,
  FIXTURE_TABLES,
  named,
  type Refusal,
  revertPath,
  runRefusal,
  servers,
  storeRow,
  twoApp,
  useAttackServers,
  withKey,
} from './attack-support.js';

/** A key no row has and a row the user may not read get one answer: 404 ROW_NOT_FOUND. */
const NO_SUCH_ROW = { status: 404, code: 'ROW_NOT_FOUND' } as const;
const withoutId = (body: unknown, changesetId: string) => JSON.parse(JSON.stringify(body).replaceAll(changesetId, '<changeset>'));

/** partner1 reverting an own change to a line the director deleted since: the row is gone. */
async function revertOfVanishedRow(): Promise<unknown> {
  const lineId = 900500 + Math.floor(Math.random() * 1000);
  const values = { line_id: lineId, entity_id: 'E01', account_id: '4000', period: '2026-01-01', amount: '500.00' };
  await commit(as.director, CHANGESETS, { changes: [{ op: 'insert', values }] });
  const own = await commitBudget(as.partner1, await budgetUpdate(lineId, { amount: '501.00' }));
  await commit(as.director, CHANGESETS, { changes: [{ op: 'delete', key: { line_id: lineId }, expect: { amount: '501.00' } }] });
  return withoutId((await as.partner1.request('POST', revertPath(own), {})).body, own);
}

/** A driver refusal: a coded, engine-neutral message, no native text anywhere, and the request id to find the log line. */
function expectNoEngineText(response: ApiResponse, alsoAbsent: RegExp[] = []): void {
  const text = JSON.stringify(response.body);
  for (const native of [/Duplicate key "/, /duplicate key value/, /Constraint Error/, /already exists/, /_pkey/, /violates/, /Key \(/, ...alsoAbsent]) {
    expect(text).not.toMatch(native);
  }
  expect(response.body.error.details.requestId).toEqual(expect.any(String));
  expect(response.headers.get('x-request-id')).toBe(response.body.error.details.requestId);
}

describe.each(ENGINES)('$name', (engine) => {
  useAttackServers(engine, { apps: true });

  describe("other entities' rows: writes", () => {
    const REFUSED: Refusal[] = [
      {
        name: 'a comment on an E10 line',
        attack: async () => as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(4800, { comment: 'mine now' })] }),
        status: 404,
        code: 'ROW_NOT_FOUND',
      },
      {
        name: 'an E06 line addressed with a string key',
        attack: async () =>
          as.partner1.changeset('budget', 'budget_lines', { changes: [{ ...(await budgetUpdate(2401, { amount: '1' })), key: { line_id: '2401' } }] }),
        status: 404,
        code: 'ROW_NOT_FOUND',
      },
      {
        name: 'an E06 line first, then an own line, in one changeset',
        attack: async () =>
          as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(2402, { amount: '2' }), await budgetUpdate(15, { amount: '3' })] }),
        status: 404,
        code: 'ROW_NOT_FOUND',
        verify: (r) => expect(r.body.error.details.rows.map((row: { changeIndex: number }) => row.changeIndex)).toEqual([0]),
      },
      {
        name: "probing an E06 line's amount through expect: right and wrong guesses get the same answer",
        attack: async () => {
          const right = await as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(2403, { amount: '1' })] });
          const wrong = await as.partner1.changeset('budget', 'budget_lines', {
            changes: [{ op: 'update', key: { line_id: 2403 }, set: { amount: '1' }, expect: { amount: '0.01' } }],
          });
          expect(wrong.body).toEqual(right.body);
          return right;
        },
        status: 404,
        code: 'ROW_NOT_FOUND',
        verify: async (r) => expect(JSON.stringify(r.body)).not.toContain((await budgetRow(2403)).amount),
      },
      {
        name: 'a delete of an E06 line',
        attack: async () => as.partner1.changeset('budget', 'budget_lines', { changes: [{ op: 'delete', key: { line_id: 2404 }, expect: {} }] }),
        status: 403,
        code: 'GOV_FORBIDDEN_OPERATION',
      },
      {
        name: 'an insert of an E06 line',
        attack: () =>
          as.partner1.changeset('budget', 'budget_lines', {
            changes: [{ op: 'insert', values: { line_id: 900001, entity_id: 'E06', account_id: '4000', period: '2026-01-01', amount: '5' } }],
          }),
        status: 403,
        code: 'GOV_FORBIDDEN_OPERATION',
      },
      {
        name: "a revert of the director's change to an E06 line",
        prepare: async () => commitBudget(as.director, await budgetUpdate(2412, { amount: '12.00' })),
        attack: (id: string) => as.partner1.request('POST', revertPath(id), {}),
        ...NO_SUCH_ROW,
        verify: async (r, id: string) => expect(withoutId(r.body, id)).toEqual(await revertOfVanishedRow()),
      },
      {
        name: "a revert of partner2's own change to an E07 line",
        prepare: async () => commitBudget(as.partner2, await budgetUpdate(2900, { amount: '29.00' })),
        attack: (id: string) => as.partner1.request('POST', revertPath(id), { reason: 'undo' }),
        ...NO_SUCH_ROW,
        verify: async (r, id: string) => expect(withoutId(r.body, id)).toEqual(await revertOfVanishedRow()),
      },
      {
        name: 'a one-row revert picking the E06 line out of a changeset that also touched an own line',
        prepare: async () => commitBudget(as.director, await budgetUpdate(12, { amount: '120.00' }), await budgetUpdate(2413, { amount: '130.00' })),
        attack: (id: string) => as.partner1.request('POST', revertPath(id), { key: { line_id: 2413 } }),
        ...NO_SUCH_ROW,
        verify: async (r, id: string) => {
          // The same changeset, a key it never touched: the answer may not differ.
          const untouched = await as.partner1.request('POST', revertPath(id), { key: { line_id: 2414 } });
          expect(r.body).toEqual(withKey(untouched.body, { line_id: 2413 }));
        },
      },
      {
        name: 'a whole-changeset revert of a changeset that touched an E06 line next to an own line',
        prepare: async () => commitBudget(as.director, await budgetUpdate(35, { amount: '350.00' }), await budgetUpdate(2435, { amount: '2435.00' })),
        attack: (id: string) => as.partner1.request('POST', revertPath(id), {}),
        ...NO_SUCH_ROW,
        verify: async (r, id: string) => {
          expect(withoutId(r.body, id)).toEqual(await revertOfVanishedRow());
          expect(JSON.stringify(r.body)).not.toContain('2435');
        },
      },
      {
        name: "a revert of the director's delete of an E06 line",
        prepare: async () => {
          const values = { line_id: 900400, entity_id: 'E06', account_id: '4000', period: '2026-01-01', amount: '400.00', comment: 'zq-deleted-e06' };
          await commit(as.director, CHANGESETS, { changes: [{ op: 'insert', values }] });
          return commit(as.director, CHANGESETS, { changes: [{ op: 'delete', key: { line_id: 900400 }, expect: { amount: '400.00' } }] });
        },
        attack: (id: string) => as.partner1.request('POST', revertPath(id), {}),
        ...NO_SUCH_ROW,
        verify: async (r, id: string) => expect(withoutId(r.body, id)).toEqual(await revertOfVanishedRow()),
      },
      {
        name: "a replay of partner2's idempotency key and body",
        prepare: async () => {
          // The same body hashes the same: a replay lookup that ignored the user would answer 200 with partner2's changeset.
          const body = { changes: [await budgetUpdate(2901, { amount: '31.00' })], idempotencyKey: 'nightly-import-2901' };
          await commit(as.partner2, CHANGESETS, body);
          return body;
        },
        attack: (body: unknown) => as.partner1.changeset('budget', 'budget_lines', body),
        status: 404,
        code: 'ROW_NOT_FOUND',
        verify: (r) => expect(r.body).not.toHaveProperty('changesetId'),
      },
      {
        name: 'a write to the read-only journal_lines table',
        attack: () =>
          as.partner1.changeset('budget', 'journal_lines', {
            changes: [{ op: 'update', key: { journal_id: 1 }, set: { amount: '0' }, expect: { amount: '1' } }],
          }),
        status: 403,
        code: 'GOV_FORBIDDEN_OPERATION',
      },
    ];

    it.each(named(REFUSED))('refuses a partner writing %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));
  });

  describe('non-editable columns', () => {
    const REFUSED: Refusal[] = [
      {
        name: 'a partner setting the key column line_id',
        attack: () =>
          as.partner1.changeset('budget', 'budget_lines', {
            changes: [{ op: 'update', key: { line_id: 16 }, set: { line_id: 2402 }, expect: { line_id: 16 } }],
          }),
        status: 400,
        code: 'WB_INVALID_KEY',
      },
      {
        name: 'a partner setting amount together with account_id',
        attack: async () => as.partner1.changeset('budget', 'budget_lines', { changes: [await budgetUpdate(17, { amount: '17', account_id: '4100' })] }),
        status: 403,
        code: 'GOV_FORBIDDEN_COLUMN',
      },
      {
        name: 'a partner writing AMOUNT in capitals',
        attack: () =>
          as.partner1.changeset('budget', 'budget_lines', { changes: [{ op: 'update', key: { line_id: 18 }, set: { AMOUNT: '1' }, expect: { AMOUNT: '0' } }] }),
        status: 400,
        code: 'WB_UNKNOWN_COLUMN',
      },
      {
        name: 'a partner writing a quoted "entity_id"',
        attack: () =>
          as.partner1.changeset('budget', 'budget_lines', {
            changes: [{ op: 'update', key: { line_id: 19 }, set: { '"entity_id"': 'E06' }, expect: { '"entity_id"': 'E01' } }],
          }),
        status: 400,
        code: 'WB_UNKNOWN_COLUMN',
      },
      {
        name: 'the cfo editing the P&L mapping (director and admin only)',
        attack: () =>
          as.cfo.changeset('budget', 'account_pl_map', {
            changes: [{ op: 'update', key: { account_id: '8100' }, set: { pl_line_id: 'FIN' }, expect: { pl_line_id: null } }],
          }),
        status: 403,
        code: 'GOV_FORBIDDEN_OPERATION',
      },
      {
        name: "the director renaming the mapping's key account_id",
        attack: () =>
          as.director.changeset('budget', 'account_pl_map', {
            changes: [{ op: 'update', key: { account_id: '8100' }, set: { account_id: '8101' }, expect: { account_id: '8100' } }],
          }),
        status: 400,
        code: 'WB_INVALID_KEY',
      },
      {
        name: 'the director editing journal_lines, which has no write policy',
        attack: () =>
          as.director.changeset('budget', 'journal_lines', {
            changes: [{ op: 'update', key: { journal_id: 1 }, set: { amount: '0' }, expect: { amount: '1' } }],
          }),
        status: 403,
        code: 'GOV_FORBIDDEN_OPERATION',
      },
      {
        name: "a partner reverting the director's account_id change on an own line",
        prepare: async () => commitBudget(as.director, await budgetUpdate(13, { account_id: '4100' })),
        attack: (id: string) => as.partner1.request('POST', revertPath(id), {}),
        status: 403,
        code: 'GOV_FORBIDDEN_COLUMN',
      },
    ];

    it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));

    const HIDDEN: Refusal[] = [
      {
        name: 'the manager writing the unexposed column margin',
        attack: () =>
          twoApp.manager.changeset('plans', 'stores', {
            changes: [{ op: 'update', key: { store_id: 1 }, set: { margin: '0.99' }, expect: { margin: '0.15' } }],
          }),
        status: 400,
        code: 'WB_UNKNOWN_COLUMN',
      },
      {
        name: 'a planner inserting a store with a margin',
        attack: () =>
          twoApp.planner.changeset('plans', 'stores', {
            changes: [{ op: 'insert', values: { store_id: 30, region: 'north', name: 'Margin', target: '1', margin: '0.5' } }],
          }),
        status: 400,
        code: 'WB_UNKNOWN_COLUMN',
      },
      {
        name: 'a planner filtering on the unexposed column margin',
        attack: () => twoApp.planner.query('plans', 'stores', { filters: [{ column: 'margin', op: 'gt', value: 0 }] }),
        status: 400,
        code: 'QRY_UNKNOWN_COLUMN',
      },
      {
        name: 'a planner sorting by the unexposed column margin',
        attack: () => twoApp.planner.query('plans', 'stores', { sort: [{ column: 'margin', direction: 'desc' }] }),
        status: 400,
        code: 'QRY_UNKNOWN_COLUMN',
      },
    ];

    it.each(named(HIDDEN))('refuses %s', (_name, c) => runRefusal(servers.apps, FIXTURE_TABLES, c));
  });

  describe("moving a row out of one's scope on insert or update", () => {
    const update = (storeId: number, set: Record<string, unknown>, expect: Record<string, unknown>) => ({
      op: 'update',
      key: { store_id: storeId },
      set,
      expect,
    });
    const planner = (body: unknown) => twoApp.planner.changeset('plans', 'stores', body);

    const REFUSED: Refusal[] = [
      {
        name: "changing a north store's region to 'NORTH' (case differs)",
        attack: () => planner({ changes: [update(1, { region: 'NORTH' }, { region: 'north' })] }),
        status: 403,
        code: 'GOV_FORBIDDEN_ROW',
      },
      {
        name: "clearing an east store's region to null",
        attack: () => planner({ changes: [update(2, { region: null }, { region: 'east' })] }),
        status: 403,
        code: 'GOV_FORBIDDEN_ROW',
      },
      {
        name: 'two steps on one row: north to east (allowed), then east to south',
        attack: () => planner({ changes: [update(5, { region: 'east' }, { region: 'north' }), update(5, { region: 'south' }, { region: 'east' })] }),
        status: 400,
        code: 'WB_DUPLICATE_ROW',
        verify: async () => expect((await storeRow(5))?.region).toBe('north'),
      },
      {
        name: 'an allowed rename next to a move to west',
        attack: () => planner({ changes: [update(6, { name: 'Castle Gate 2' }, { name: 'Castle Gate' }), update(1, { region: 'west' }, { region: 'north' })] }),
        status: 403,
        code: 'GOV_FORBIDDEN_ROW',
        verify: async () => expect(await storeRow(6)).toMatchObject({ region: 'east', name: 'Castle Gate' }),
      },
      {
        name: "inserting a store in 'north ' (trailing space)",
        attack: () => planner({ changes: [{ op: 'insert', values: { store_id: 20, region: 'north ', name: 'Spoof', target: '1' } }] }),
        status: 403,
        code: 'GOV_FORBIDDEN_ROW',
      },
      {
        name: 'inserting a store without a region',
        attack: () => planner({ changes: [{ op: 'insert', values: { store_id: 21, name: 'Nowhere', target: '1' } }] }),
        status: 403,
        code: 'GOV_FORBIDDEN_ROW',
      },
      {
        name: "inserting over a south store's key with an allowed region",
        attack: () => planner({ changes: [{ op: 'insert', values: { store_id: 3, region: 'north', name: 'Hijack', target: '1' } }] }),
        status: 409,
        code: 'WB_KEY_EXISTS',
        verify: async () => expect(await storeRow(3)).toMatchObject({ region: 'south', name: 'Station Road' }),
      },
      {
        name: "reverting the manager's move of a west store into north (the revert moves it out again)",
        prepare: () => commit(twoApp.manager, '/api/apps/plans/tables/stores/changesets', { changes: [update(4, { region: 'north' }, { region: 'west' })] }),
        attack: (id: string) => twoApp.planner.request('POST', revertPath(id, 'plans', 'stores'), {}),
        status: 403,
        code: 'GOV_FORBIDDEN_ROW',
        verify: async () => expect((await storeRow(4))?.region).toBe('north'),
      },
      {
        name: 'reverting an own rename after the manager moved the store away',
        prepare: async () => {
          const own = await commit(twoApp.planner, '/api/apps/plans/tables/stores/changesets', {
            changes: [update(2, { name: 'Mill Lane North' }, { name: 'Mill Lane' })],
          });
          await commit(twoApp.manager, '/api/apps/plans/tables/stores/changesets', { changes: [update(2, { region: 'south' }, { region: 'east' })] });
          return own;
        },
        attack: (id: string) => twoApp.planner.request('POST', revertPath(id, 'plans', 'stores'), {}),
        ...NO_SUCH_ROW,
        verify: (r) => expect(JSON.stringify(r.body)).not.toContain('south'),
      },
    ];

    it.each(named(REFUSED))('refuses a planner %s', (_name, c) => runRefusal(servers.apps, FIXTURE_TABLES, c));

    it('refuses a partner moving a line back to E06 by reverting the move that brought it in', async () => {
      await runRefusal(servers.demo, DEMO_TABLES, {
        name: 'revert of a move into scope',
        prepare: async () => commitBudget(as.director, await budgetUpdate(2414, { entity_id: 'E02' })),
        attack: (id: string) => as.partner1.request('POST', revertPath(id), {}),
        status: 403,
        code: 'GOV_FORBIDDEN_COLUMN',
        verify: async () => expect((await budgetRow(2414)).entity_id).toBe('E02'),
      });
    });
  });
  describe('what a refusal of the warehouse itself shows', () => {
    const REFUSED: Refusal[] = [
      {
        name: "the manager renaming a store to another store's name (a unique constraint the warehouse enforces)",
        attack: () =>
          twoApp.manager.changeset('plans', 'stores', {
            changes: [{ op: 'update', key: { store_id: 1 }, set: { name: 'Station Road' }, expect: { name: 'Harbour Street' } }],
          }),
        status: 409,
        code: 'DRV_UNIQUE_VIOLATION',
        verify: (r) => expectNoEngineText(r, [/Station Road/, /stores_name/]),
      },
    ];

    // A name taken twice is refused by the warehouse's UNIQUE constraint, which an engine without enforced keys does not have.
    it.skipIf(!engine.enforcesKeys).each(named(REFUSED))(
      `refuses %s without a word of the engine${engine.enforcesKeys ? '' : ` (skipped: ${engine.name} does not enforce UNIQUE)`}`,
      (_name, c) => runRefusal(servers.apps, FIXTURE_TABLES, c),
    );
  });
});
