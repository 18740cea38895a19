import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The demo's month-end close app through the API, as the accountant works it: the worklist counts
// the month's unmapped journal lines per entity, the close is refused by the gate until every line
// maps, a cycle in the P&L groups is refused, and a closed month locks its adjustments.

const MONTH = '2025-12-01';

describe.each(ENGINES)('month-end close app on $name', (engine) => {
  let server: TestServer;
  let accountant: ApiClient;
  let partner1: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    [accountant, partner1] = await Promise.all([ApiClient.login(server.url, 'accountant'), ApiClient.login(server.url, 'partner1')]);
  }, 120_000);
  afterAll(() => server?.close());

  const rows = async (dataset: string, params: Record<string, unknown> = { period: MONTH }) => {
    const response = await accountant.query('close', dataset, { params });
    expect(response.status).toBe(200);
    return response.body.rows as Record<string, unknown>[];
  };
  const closeMonth = (period = MONTH) => accountant.request('POST', '/api/apps/close/actions/close_period/run', { params: { period } });
  const closed = async () =>
    (await server.runtime.warehouse.query('SELECT CAST(period AS VARCHAR) AS period FROM closed_periods ORDER BY period')).rows.map((r) => String(r.period));

  it('flags the unmapped journals per entity and refuses the close until they map', async () => {
    const [summary] = await rows('unmapped_summary');
    // Account 8100 starts unmapped: 65 lines per entity and month, 40 entities.
    expect(summary).toMatchObject({ lines: expect.anything(), entities: expect.anything() });
    expect(Number(summary!.lines)).toBe(40 * 65);
    expect(Number(summary!.entities)).toBe(40);
    const worklist = await rows('unmapped_by_entity');
    expect(worklist).toHaveLength(40);
    expect(worklist[0]).toMatchObject({ entity_id: 'E01', account_id: '8100', account: 'FX gains and losses' });
    expect((await rows('entity_status')).every((r) => r.status === 'Needs mapping')).toBe(true);

    const refused = await closeMonth();
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('Every journal line of the month must map to a P&L line');
    expect(await closed()).toEqual([]);
  });

  it('refuses a P&L group rolling up into itself and leaves the hierarchy as it was', async () => {
    const cycle = await accountant.changeset('close', 'pl_groups', {
      changes: [{ op: 'update', key: { group_id: 'NR' }, set: { parent_group_id: 'GP' }, expect: { parent_group_id: null } }],
    });
    expect(cycle.status).toBe(422);
    expect(JSON.stringify(cycle.body)).toContain('cannot roll up into itself');
    const { rows: nr } = await server.runtime.warehouse.query("SELECT parent_group_id FROM pl_groups WHERE group_id = 'NR'");
    expect(nr[0]!.parent_group_id).toBeNull();
  });

  it('clears the worklist when the account maps, closes the month and locks its adjustments', async () => {
    const mapped = await accountant.changeset('close', 'account_pl_map', {
      reason: 'FX results are finance costs',
      changes: [{ op: 'update', key: { account_id: '8100' }, set: { pl_line_id: 'FIN' }, expect: { pl_line_id: null } }],
    });
    expect(mapped.status).toBe(200);
    expect(Number((await rows('unmapped_summary'))[0]!.lines)).toBe(0);
    expect(await rows('unmapped_by_entity')).toEqual([]);
    // The Digital business unit has no reporting segment yet: its entities still need mapping.
    const status = await rows('entity_status');
    expect(status.filter((r) => r.status === 'Ready to close').length).toBe(30);
    expect(status.filter((r) => r.segment === 'No segment').every((r) => r.status === 'Needs mapping')).toBe(true);

    const done = await closeMonth();
    expect(done.status).toBe(200);
    expect(await closed()).toEqual([MONTH]);
    expect((await rows('entity_status')).every((r) => r.status === 'Closed')).toBe(true);

    const adjustment = async (period: string) => {
      const { rows: found } = await server.runtime.warehouse.query(
        `SELECT adjustment_id, amount FROM close_adjustments WHERE entity_id = 'E01' AND period = CAST('${period}' AS DATE)`,
      );
      return { id: Number(found[0]!.adjustment_id), amount: String(found[0]!.amount) };
    };
    const december = await adjustment(MONTH);
    const locked = await accountant.changeset('close', 'close_adjustments', {
      changes: [{ op: 'update', key: { adjustment_id: december.id }, set: { amount: '1.00' }, expect: { amount: december.amount } }],
    });
    expect(locked.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(locked.body)).toContain('The month is closed');
    expect((await adjustment(MONTH)).amount).toBe(december.amount);

    const november = await adjustment('2025-11-01');
    const open = await accountant.changeset('close', 'close_adjustments', {
      changes: [{ op: 'update', key: { adjustment_id: november.id }, set: { amount: '1.00' }, expect: { amount: november.amount } }],
    });
    expect(open.status).toBe(200);
  });

  it('is not open to finance partners', async () => {
    expect((await partner1.query('close', 'entity_status', { params: { period: MONTH } })).status).toBe(403);
  });
});
