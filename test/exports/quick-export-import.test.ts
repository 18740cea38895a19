import { runSql, sql } from '../../src/warehouse/sql.js';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { auditCounts, budgetAmount, tableFingerprint } from '../support/warehouse-probe.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function post(client: ApiClient, path: string, body: Buffer | string | object, contentType = 'application/json') {
  const response = await fetch(client.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': contentType, cookie: client.cookie, 'x-csrf-token': client.csrfToken },
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const data = Buffer.from(await response.arrayBuffer());
  const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(data.toString('utf8')) : undefined;
  return { status: response.status, data, json, headers: response.headers };
}

const upload = (client: ApiClient, file: Buffer, fileName: string, extra = '') =>
  post(
    client,
    `/api/apps/budget/tables/budget_lines/imports?fileName=${encodeURIComponent(fileName)}${extra}`,
    file,
    fileName.endsWith('.csv') ? 'text/csv' : XLSX,
  );

describe.each(ENGINES)('quick exports and governed imports on $name', (engine) => {
  let server: TestServer;
  let partner: ApiClient;
  let director: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    [partner, director] = await Promise.all([ApiClient.login(server.url, 'partner1'), ApiClient.login(server.url, 'director')]);
  }, 120_000);
  afterAll(() => server?.close());

  const exportGrid = (client: ApiClient, body: object) => post(client, '/api/apps/budget/datasets/budget_lines/export', { format: 'xlsx', ...body });
  const readWorkbook = async (data: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    return workbook.worksheets[0]!;
  };
  const state = async () => ({ table: await tableFingerprint(server.runtime, 'budget_lines'), audit: await auditCounts(server.runtime) });

  it('exports every row the person may read, with their filter and sort, as a typed workbook and as CSV', async () => {
    const response = await exportGrid(partner, {
      filters: [{ column: 'entity_id', op: 'in', value: ['E01', 'E06'] }],
      sort: [{ column: 'line_id', direction: 'desc' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="budget_lines .*\.xlsx"/);
    const sheet = await readWorkbook(response.data);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'line_id',
      'entity_id',
      'account_id',
      'period',
      'amount',
      'comment',
      '_rt_key',
      '_rt_seen:entity_id',
      '_rt_seen:account_id',
      '_rt_seen:period',
      '_rt_seen:amount',
      '_rt_seen:comment',
    ]);
    expect(sheet.rowCount - 1).toBe(480);
    expect(sheet.getColumn(7).hidden).toBe(true);
    expect(sheet.getCell('B2').value).toBe('E01');
    expect(typeof sheet.getCell('E2').value).toBe('number');
    expect(sheet.getCell('D2').value).toBeInstanceOf(Date);
    expect(Number(sheet.getCell('A2').value)).toBeGreaterThan(Number(sheet.getCell('A3').value));
    const csv = await post(partner, '/api/apps/budget/datasets/budget_lines/export', {
      format: 'csv',
      filters: [{ column: 'entity_id', op: 'eq', value: 'E02' }],
    });
    const lines = csv.data
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('line_id,entity_id,account_id,period,amount,comment');
    expect(lines).toHaveLength(481);
    expect(lines.slice(1).every((l) => l.split(',')[1] === 'E02')).toBe(true);
    const refused = await post(partner, '/api/apps/budget/datasets/budget_lines/export', { format: 'csv', columns: ['secret'] });
    expect([refused.status, refused.json?.error.code]).toEqual([400, 'QRY_UNKNOWN_COLUMN']);
  });

  it('re-imports an edited export: 20 changed cells preview as old → new and apply as one audited changeset named after the file', async () => {
    const exported = await exportGrid(partner, { filters: [{ column: 'entity_id', op: 'eq', value: 'E03' }], sort: [{ column: 'line_id', direction: 'asc' }] });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.data as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const edited: { lineId: number; amount: number }[] = [];
    for (let r = 2; r < 22; r += 1) {
      const amount = Number(sheet.getCell(r, 5).value) + 100;
      sheet.getCell(r, 5).value = amount;
      edited.push({ lineId: Number(sheet.getCell(r, 1).value), amount });
    }
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await upload(partner, file, 'E03 budget.xlsx');
    expect(preview.status, JSON.stringify(preview.json).slice(0, 400)).toBe(200);
    expect(preview.json.summary).toMatchObject({ rows: 480, inserts: 0, updates: 20, cellsChanged: 20, unchanged: 460, problems: 0 });
    expect(preview.json.columns.comparedWithExport).toBe(true);
    expect(preview.json.updates[0]).toMatchObject({
      sheetRow: 2,
      key: { line_id: edited[0]!.lineId },
      cells: [{ column: 'amount', new: edited[0]!.amount.toFixed(2) }],
    });
    const applied = await post(partner, `/api/apps/budget/tables/budget_lines/imports/${preview.json.importId}/apply`, {});
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    expect(applied.json.applied).toBe(20);
    for (const { lineId, amount } of edited) expect(await budgetAmount(server.runtime, lineId)).toBe(amount.toFixed(2));
    const { rows } = await runSql(
      server.runtime.warehouse,
      sql`SELECT reason, username FROM roundtrip_audit.changesets WHERE changeset_id = ${applied.json.changesetId}`,
    );
    expect(rows).toEqual([{ reason: 'Import of E03 budget.xlsx', username: 'partner1' }]);
    const again = await post(partner, `/api/apps/budget/tables/budget_lines/imports/${preview.json.importId}/apply`, {});
    expect([again.status, again.json.error.code]).toEqual([404, 'ROW_NOT_FOUND']);
  });

  it('shows a cell changed by someone else since the export as a conflict and applies nothing', async () => {
    const exported = await exportGrid(partner, { filters: [{ column: 'entity_id', op: 'eq', value: 'E04' }], sort: [{ column: 'line_id', direction: 'asc' }] });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.data as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const stale = Number(sheet.getCell(3, 1).value);
    for (let r = 2; r < 6; r += 1) sheet.getCell(r, 5).value = 777;
    // The director changes one of those lines after the export.
    const now = await budgetAmount(server.runtime, stale);
    expect(
      (
        await director.changeset('budget', 'budget_lines', {
          changes: [{ op: 'update', key: { line_id: stale }, set: { amount: '1.00' }, expect: { amount: now } }],
        })
      ).status,
    ).toBe(200);
    const before = await state();
    const preview = await upload(partner, Buffer.from(await workbook.xlsx.writeBuffer()), 'E04.xlsx');
    expect(preview.status).toBe(200);
    expect(preview.json.problems).toEqual([expect.objectContaining({ sheetRow: 3, column: 'amount', rule: 'stale' })]);
    const applied = await post(partner, `/api/apps/budget/tables/budget_lines/imports/${preview.json.importId}/apply`, {});
    expect([applied.status, applied.json.error.code]).toEqual([422, 'IMP_PROBLEMS']);
    expect(await state()).toEqual(before);
    expect(await budgetAmount(server.runtime, stale)).toBe('1.00');
  });

  it('reads a CSV in the person’s locale, reports formula and date problems per sheet row, and maps headers that differ', async () => {
    const line = 33;
    const amount = await budgetAmount(server.runtime, line);
    const csv = `Line;Betrag;Kommentar\n${line};1.234,50;Import aus Excel\n`;
    const unmapped = await upload(partner, Buffer.from(csv), 'werte.csv', '&locale=de-DE');
    expect([unmapped.status, unmapped.json.error.code]).toEqual([400, 'IMP_COLUMNS']);
    expect(unmapped.json.error.details).toMatchObject({ missing: ['line_id'], unmatched: ['Line', 'Betrag', 'Kommentar'] });
    const mapping = encodeURIComponent(JSON.stringify({ Line: 'line_id', Betrag: 'amount', Kommentar: 'comment' }));
    const preview = await upload(partner, Buffer.from(csv), 'werte.csv', `&locale=de-DE&mapping=${mapping}`);
    expect(preview.json.summary).toMatchObject({ updates: 1, cellsChanged: 2, problems: 0 });
    expect(preview.json.updates[0].cells).toEqual(expect.arrayContaining([{ column: 'amount', old: amount, new: '1234.50' }]));

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Budget');
    sheet.addRow(['line_id', 'amount', 'period']);
    sheet.addRow([34, { formula: 'B3*2', result: 20 }, '2025-03-01']);
    sheet.addRow([35, 10, 'March']);
    const problems = await upload(partner, Buffer.from(await workbook.xlsx.writeBuffer()), 'formulas.xlsx');
    expect(problems.json.problems).toEqual([
      expect.objectContaining({ sheetRow: 2, column: 'amount', rule: 'formula' }),
      // The period of line 34 differs from the stored one, and a finance partner may not move lines in time.
      expect.objectContaining({ sheetRow: 2, column: 'period', rule: 'GOV_FORBIDDEN_COLUMN' }),
      expect.objectContaining({ sheetRow: 3, column: 'period', rule: 'date' }),
    ]);
  });

  it('refuses files that are not workbooks, password-protected ones and uploads over the limit, changing nothing', async () => {
    const before = await state();
    const garbage = await upload(partner, Buffer.from('PK\u0003\u0004 not really a zip'), 'budget.xlsx');
    expect([garbage.status, garbage.json.error.code]).toEqual([400, 'IMP_UNREADABLE']);
    const binary = await upload(partner, Buffer.from([0, 1, 2, 3, 0, 0]), 'budget.xlsx');
    expect([binary.status, binary.json.error.code]).toEqual([400, 'IMP_UNREADABLE']);
    const ole = await upload(partner, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'secret.xlsx');
    expect([ole.status, ole.json.error.code]).toEqual([400, 'IMP_ENCRYPTED']);
    const notOffice = await JSZip.loadAsync(await new JSZip().file('hello.txt', 'hi').generateAsync({ type: 'nodebuffer' }));
    const plainZip = await upload(partner, await notOffice.generateAsync({ type: 'nodebuffer' }), 'budget.xlsx');
    expect([plainZip.status, plainZip.json.error.code]).toEqual([400, 'IMP_UNREADABLE']);
    const huge = await upload(partner, Buffer.alloc(21 * 1024 * 1024, 65), 'huge.csv');
    expect(huge.status).toBe(413);
    expect(await state()).toEqual(before);
  });
});
