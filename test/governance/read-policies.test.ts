import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const budgetOf = async (entities: string[] | null) => {
  const where = entities ? `AND b.entity_id IN (${entities.map((e) => `'${e}'`).join(', ')})` : '';
  const { rows } = await server.runtime.warehouse.query(
    `SELECT CAST(sum(b.amount * p.sign) AS DECIMAL(18,2)) AS v FROM budget_lines b JOIN account_pl_map m USING (account_id) JOIN pl_lines p USING (pl_line_id) WHERE TRUE ${where}`,
  );
  return String(rows[0]!.v);
};

describe('read policies on SQL datasets', () => {
  it('limits every dataset that reads a protected table to the rows the user may read', async () => {
    const partner = await ApiClient.login(server.url, 'partner1');
    const director = await ApiClient.login(server.url, 'director');
    const mine = (await partner.query('budget', 'totals')).body.rows[0].budget;
    const all = (await director.query('budget', 'totals')).body.rows[0].budget;
    expect(mine).toBe(await budgetOf(['E01', 'E02', 'E03', 'E04', 'E05']));
    expect(all).toBe(await budgetOf(null));
    const byEntity = (await partner.query('budget', 'variance_by_entity')).body.rows;
    const withBudget = byEntity.filter((r: { budget: string | null }) => r.budget !== null).map((r: { entity_id: string }) => r.entity_id);
    expect(withBudget).toEqual(['E01', 'E02', 'E03', 'E04', 'E05']);
    // Option lists and the variance table list only entities whose budget the user may read: no blank rows, no dead choices.
    expect(byEntity.map((r: { entity_id: string }) => r.entity_id)).toEqual(['E01', 'E02', 'E03', 'E04', 'E05']);
    const options = (await partner.query('budget', 'entity_options')).body.rows.map((r: { entity_id: string }) => r.entity_id);
    expect(options).toEqual(['E01', 'E02', 'E03', 'E04', 'E05']);
    expect((await director.query('budget', 'entity_options')).body.rows).toHaveLength(40);
  });

  it('a filter parameter cannot widen the scope', async () => {
    const partner = await ApiClient.login(server.url, 'partner1');
    const other = await partner.query('budget', 'totals', { params: { entity: 'E09' } });
    expect(other.body.rows[0].budget).toBeNull();
  });
});
