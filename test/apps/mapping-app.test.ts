import { runSql, sql } from '../../src/warehouse/sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The demo's product mapping app through the API: suggestions pushed down to the warehouse, many
// selected records mapped by one action as one audited changeset with its reason, and every kind of
// bad selection refused with nothing written.

type Row = Record<string, unknown>;

describe.each(ENGINES)('product mapping app on $name', (engine) => {
  let server: TestServer;
  let controller: ApiClient;
  let viewer: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    [controller, viewer] = await Promise.all([ApiClient.login(server.url, 'controller'), ApiClient.login(server.url, 'viewer')]);
  }, 120_000);
  afterAll(() => server?.close());

  const rows = async (dataset: string, params: Row = {}, client = controller): Promise<Row[]> => {
    const response = await client.query('mapping', dataset, { params, limit: 5000 });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.rows as Row[];
  };
  const unmapped = async () => Number((await rows('mapping_summary'))[0]!.unmapped);
  const run = (body: unknown, client = controller) => client.request('POST', '/api/apps/mapping/actions/map_selected/run', body);
  const auditCount = async () =>
    Number((await server.runtime.warehouse.query("SELECT count(*) AS n FROM roundtrip_audit.changesets WHERE app = 'mapping'")).rows[0]!.n);
  const keyOf = (r: Row) => ({ source_system: r.source_system, source_code: r.source_code });

  it('suggests the product a record describes, first, with the GTIN as evidence', async () => {
    const [record] = await rows('source_records', { status: 'unmapped', system: 'NAV-IBERIA' });
    expect(record!.status).toBe('unmapped');
    const suggestions = await rows('suggestions', { pick_system: record!.source_system, pick_code: record!.source_code });
    expect(suggestions.length).toBeGreaterThan(1);
    const product = (
      await runSql(
        server.runtime.warehouse,
        sql`SELECT product_no FROM product_sources WHERE source_system = ${record!.source_system} AND source_code = ${record!.source_code}`,
      )
    ).rows[0]!;
    expect(suggestions[0]!.corporate_code).toBe(`CP-${String(product.product_no).padStart(5, '0')}`);
    expect(Number(suggestions[0]!.score)).toBeGreaterThan(Number(suggestions[1]!.score));
  });

  it('maps 50 selected records in one action: one changeset, 50 rows, the reason in the audit and the log', async () => {
    const before = await unmapped();
    const selected = (await rows('source_records', { status: 'unmapped' })).slice(0, 50);
    expect(selected).toHaveLength(50);
    const response = await run({
      params: { corporate_code: 'CP-00042', reason: 'Same bolt, checked against the drawing' },
      selection: [...selected.map(keyOf), keyOf(selected[0]!)], // the same row ticked twice counts once
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.changesetId).toEqual(expect.any(String));
    expect(await unmapped()).toBe(before - 50);

    const changeset = (
      await runSql(
        server.runtime.warehouse,
        sql`SELECT updated, username, reason FROM roundtrip_audit.changesets WHERE changeset_id = ${response.body.changesetId}`,
      )
    ).rows[0]!;
    expect(Number(changeset.updated)).toBe(50);
    expect(changeset.username).toBe('controller');
    const cells = await runSql(
      server.runtime.warehouse,
      sql`SELECT column_name, old_value, new_value FROM roundtrip_audit.cell_changes WHERE changeset_id = ${response.body.changesetId}`,
    );
    expect(cells.rows).toHaveLength(100);
    expect(cells.rows.filter((c) => c.column_name === 'corporate_code').every((c) => c.old_value === null && c.new_value === 'CP-00042')).toBe(true);

    const log = await rows('mapping_log');
    expect(log[0]).toMatchObject({ username: 'controller', reason: 'Same bolt, checked against the drawing' });
    expect(Number(log[0]!.records)).toBe(50);
  });

  it('refuses bad selections and values with a coded error and writes nothing', async () => {
    const selected = (await rows('source_records', { status: 'unmapped' })).slice(0, 3).map(keyOf);
    const before = { unmapped: await unmapped(), audit: await auditCount() };
    const params = { corporate_code: 'CP-00007', reason: 'test' };
    // [body, status, code, the failing step's cause]
    const cases: [unknown, number, string, string?][] = [
      [{ params: { corporate_code: 'CP-99999', reason: 'no such product' }, selection: selected }, 422, 'WF_ACTION_FAILED', 'WB_VALIDATION'],
      [{ params: { corporate_code: 'CP-00007' }, selection: selected }, 400, 'REQ_INVALID'],
      [{ params }, 400, 'REQ_INVALID'],
      [{ params, selection: [] }, 400, 'REQ_INVALID'],
      [{ params, selection: [{ source_system: 'SAP-NORDIC' }] }, 400, 'REQ_INVALID'],
      [{ params, selection: [{ ...selected[0], corporate_code: 'CP-00001' }] }, 400, 'REQ_INVALID'],
      [{ params, selection: [...selected, { source_system: 'SAP-NORDIC', source_code: 'NO-SUCH' }] }, 422, 'WF_ACTION_FAILED', 'ROW_NOT_FOUND'],
      [{ params, selection: Array.from({ length: 2001 }, (_, i) => ({ source_system: 'SAP-NORDIC', source_code: `X${i}` })) }, 400, 'REQ_INVALID'],
    ];
    for (const [body, status, code, cause] of cases) {
      const response = await run(body);
      expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(status);
      expect(response.body.error.code).toBe(code);
      if (cause) expect(response.body.error.details.cause.code).toBe(cause);
    }
    const refused = await run({ params, selection: selected }, viewer);
    expect(refused.status).toBe(403);
    expect(await unmapped()).toBe(before.unmapped);
    expect(await auditCount()).toBe(before.audit);
  });

  it('maps every record the page shows, past the rows on screen, and refuses a run that would cover too many or a dataset without the key', async () => {
    const filter = { system: 'JDE-ATLANTIC', status: 'unmapped', search: null };
    const matching = await rows('source_records', filter);
    expect(matching.length).toBeGreaterThan(200);
    const before = await unmapped();
    const changesets = await auditCount();
    const mapped = await run({
      params: { corporate_code: 'CP-00007', reason: 'Whole JDE backlog to review later' },
      matching: { dataset: 'source_records', params: filter },
    });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
    expect(await unmapped()).toBe(before - matching.length);
    expect(await auditCount()).toBe(changesets + 1);
    expect(await rows('source_records', filter)).toEqual([]);

    // The whole source list (3,600 records) is more than the action's max (2,000): refused, nothing written.
    const all = await run({ params: { corporate_code: 'CP-00007', reason: 'everything' }, matching: { dataset: 'source_records', params: {} } });
    expect(all.status).toBe(400);
    expect(all.body.error.message).toContain('More than 2000 rows match');
    const keyless = await run({ params: { corporate_code: 'CP-00007', reason: 'x' }, matching: { dataset: 'mapping_summary', params: {} } });
    expect(keyless.status).toBe(400);
    expect(keyless.body.error.message).toContain('does not list source_system, source_code');
    const both = await run({
      params: { corporate_code: 'CP-00007', reason: 'x' },
      selection: [keyOf(matching[0]!)],
      matching: { dataset: 'source_records', params: filter },
    });
    expect(both.status).toBe(400);
    // A viewer may read the records but not run the action.
    const viewer = await ApiClient.login(server.url, 'viewer');
    const forbidden = await run(
      { params: { corporate_code: 'CP-00007', reason: 'x' }, matching: { dataset: 'source_records', params: { system: 'SAP-NORDIC' } } },
      viewer,
    );
    expect(forbidden.status).toBe(403);
    expect(await unmapped()).toBe(before - matching.length);
    expect(await auditCount()).toBe(changesets + 1);
  });

  it('keeps the master valid: lookups, formats and the GTIN an active product needs', async () => {
    const update = (set: Row, expect: Row) =>
      controller.changeset('mapping', 'corporate_products', { changes: [{ op: 'update', key: { corporate_code: 'CP-00001' }, set, expect }] });
    const current = (await server.runtime.warehouse.query("SELECT gtin, hs_code, category_id FROM corporate_products WHERE corporate_code = 'CP-00001'"))
      .rows[0]!;
    for (const [set, expectOld] of [
      [{ gtin: '12345' }, { gtin: current.gtin }],
      [{ hs_code: '731815' }, { hs_code: current.hs_code }],
      [{ category_id: 'NOPE' }, { category_id: current.category_id }],
      [{ gtin: null }, { gtin: current.gtin }],
    ] as [Row, Row][]) {
      const response = await update(set, expectOld);
      expect(response.status, JSON.stringify(set)).toBe(422);
    }
    expect((await update({ hs_code: '7318.16' }, { hs_code: current.hs_code })).status).toBe(200);
  });
});
