import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);

async function download(client: ApiClient, path: string, body: unknown): Promise<{ status: number; data: Buffer; headers: Headers; json?: any }> {
  const response = await fetch(client.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: client.cookie, 'x-csrf-token': client.csrfToken },
    body: JSON.stringify(body),
  });
  const data = Buffer.from(await response.arrayBuffer());
  const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(data.toString('utf8')) : undefined;
  return { status: response.status, data, headers: response.headers, json };
}

describe.each(ENGINES)('Excel and PowerPoint template exports on $name', (engine) => {
  let server: TestServer;
  let director: ApiClient;
  let partner: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    [director, partner] = await Promise.all([ApiClient.login(server.url, 'director'), ApiClient.login(server.url, 'partner1')]);
  }, 120_000);
  afterAll(() => server?.close());

  const dataset = async (client: ApiClient, name: string, params: Record<string, unknown>) =>
    (await client.query('budget', name, { params })).body.rows as Record<string, unknown>[];

  it('fills the management accounts workbook with live figures and keeps its styles, formulas, merged cells, names, chart and other sheets', async () => {
    const response = await download(director, '/api/apps/budget/exports/management_accounts/run', { params: { entity: 'E01', year: 2025 } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('Management accounts E01 2025.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.data as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('P&L')!;
    expect(sheet.getCell('B2').value).toBe('E01 · Northwind UK');
    expect(sheet.getCell('B3').value).toBe(2025);
    const actual = await dataset(director, 'pnl_actual_by_month', { entity: 'E01', year: 2025 });
    const budget = await dataset(director, 'pnl_budget_by_month', { entity: 'E01', year: 2025 });
    actual.forEach((row, i) => {
      expect(sheet.getCell(`A${7 + i}`).value).toBe(row.pl_line);
      MONTHS.forEach((m, j) => expect(sheet.getCell(7 + i, 2 + j).value).toBe(Number(row[m])));
    });
    budget.forEach((row, i) => MONTHS.forEach((m, j) => expect(sheet.getCell(15 + i, 2 + j).value).toBe(Number(row[m]))));
    expect(actual.some((row) => Number(row.m01) > 0)).toBe(true);
    // The template's own content is untouched: formulas, number formats, fonts, merged title, names, the Notes sheet.
    expect(sheet.getCell('N7').value).toMatchObject({ formula: 'SUM(B7:M7)' });
    expect(sheet.getCell('B12').value).toMatchObject({ formula: 'B7-SUM(B8:B11)' });
    expect(sheet.getCell('B23').value).toMatchObject({ formula: 'B7-B15' });
    expect(sheet.getCell('B7').numFmt).toBe('#,##0;[Red]-#,##0');
    expect(sheet.getCell('A1').isMerged).toBe(true);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(workbook.definedNames.getRanges('actual').ranges).toEqual(["'P&L'!$A$7:$M$11"]);
    expect(workbook.getWorksheet('Notes')!.getCell('A2').value).toMatch(/finance team/);
    const zip = await JSZip.loadAsync(response.data);
    expect(zip.file('xl/charts/chart1.xml')).not.toBeNull();
    const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
    expect(workbookXml).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
    // Formula results are dropped so that spreadsheet programs compute them on open.
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).not.toMatch(/<f>[^<]*<\/f><v>/);
  });

  it('fills the board deck: placeholders, the P&L table and the native chart with its embedded data', async () => {
    const response = await download(director, '/api/apps/budget/exports/board_deck/run', { params: { entity: 'E02' } });
    expect(response.status).toBe(200);
    const zip = await JSZip.loadAsync(response.data);
    const slides = await Promise.all([1, 2, 3].map((n) => zip.file(`ppt/slides/slide${n}.xml`)!.async('string')));
    const text = slides.join('');
    expect(text).not.toContain('{{');
    const [totals] = await dataset(director, 'year_totals', { entity: 'E02', year: 2025 });
    const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
    expect(text).toContain(`>${integer.format(Number(totals!.actual))}<`);
    expect(text).toContain(`>${integer.format(Number(totals!.variance))}<`);
    expect(text).toContain('Board pack: E02 · ');
    const lines = await dataset(director, 'pnl_year', { entity: 'E02', year: 2025 });
    for (const line of lines) expect(slides[2]).toContain(`>${integer.format(Number(line.budget))}<`);
    expect((slides[2]!.match(/<a:tr /g) ?? []).length).toBe(lines.length + 1);
    const chart = await zip.file('ppt/charts/chart1.xml')!.async('string');
    const monthly = await dataset(director, 'net_by_month', { entity: 'E02', year: 2025 });
    expect(chart).toContain(`<c:v>${monthly[0]!.month}</c:v>`);
    expect(chart).toContain(`<c:v>${Number(monthly[0]!.actual)}</c:v>`);
    const embedded = new ExcelJS.Workbook();
    await embedded.xlsx.load((await zip.file('ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx')!.async('nodebuffer')) as unknown as ArrayBuffer);
    expect(embedded.worksheets[0]!.getCell('A2').value).toBe(monthly[0]!.month);
    expect(embedded.worksheets[0]!.getCell('B2').value).toBe(Number(monthly[0]!.actual));
  });

  it("applies the exporting user's read policies: a partner's pack of another entity holds no figures", async () => {
    const own = await download(partner, '/api/apps/budget/exports/management_accounts/run', { params: { entity: 'E01' } });
    const foreign = await download(partner, '/api/apps/budget/exports/management_accounts/run', { params: { entity: 'E06' } });
    const figures = async (data: Buffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(data as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('P&L')!;
      return Array.from({ length: 12 }, (_, j) => Number(sheet.getCell(7, 2 + j).value ?? 0));
    };
    expect((await figures(own.data)).some((v) => v > 0)).toBe(true);
    expect(await figures(foreign.data)).toEqual(Array(12).fill(0));
    // The deck is for directors and the CFO: to a partner it does not exist.
    const deck = await download(partner, '/api/apps/budget/exports/board_deck/run', {});
    expect([deck.status, deck.json?.error.code]).toEqual([404, 'EXP_NOT_FOUND']);
  });

  it('builds a pack of one workbook per entity as one zip, with progress, for its owner only, and records who exported what', async () => {
    const started = await director.request('POST', '/api/apps/budget/exports/management_accounts/packs', { params: { year: 2025 } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', total: 40 });
    const seen = new Set<number>();
    let job = started.body;
    for (let i = 0; i < 600 && job.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = (await director.request('GET', `/api/export-jobs/${started.body.jobId}`)).body;
      seen.add(job.done);
    }
    expect(job).toMatchObject({ status: 'done', done: 40, total: 40 });
    expect(seen.size).toBeGreaterThan(1);
    expect((await partner.request('GET', `/api/export-jobs/${started.body.jobId}`)).status).toBe(404);
    const file = await fetch(`${server.url}/api/export-jobs/${started.body.jobId}/file`, { headers: { cookie: director.cookie } });
    const zip = await JSZip.loadAsync(Buffer.from(await file.arrayBuffer()));
    const names = Object.keys(zip.files).sort();
    expect(names).toHaveLength(40);
    expect(names[0]).toBe('Management accounts E01 2025.xlsx');
    const { rows } = await server.runtime.warehouse.query(
      "SELECT username, export_name, files FROM roundtrip_audit.exports WHERE export_name = 'management_accounts' AND files = 40",
    );
    expect(rows).toEqual([{ username: 'director', export_name: 'management_accounts', files: 40 }]);
    // The activity app shows it to admins.
    const admin = await ApiClient.login(server.url, 'admin');
    const activity = (await admin.query('activity', 'exports')).body.rows as Record<string, unknown>[];
    expect(activity).toContainEqual(expect.objectContaining({ username: 'director', export_name: 'management_accounts', files: 40 }));
  }, 300_000);

  it('refuses unknown parameters and exports with coded errors', async () => {
    const unknown = await download(director, '/api/apps/budget/exports/management_accounts/run', { params: { region: 'north' } });
    expect([unknown.status, unknown.json?.error.code]).toEqual([400, 'QRY_INVALID_PARAM']);
    const missing = await download(director, '/api/apps/budget/exports/constructor/run', {});
    expect([missing.status, missing.json?.error.code]).toEqual([404, 'EXP_NOT_FOUND']);
    const notANumber = await download(director, '/api/apps/budget/exports/management_accounts/run', { params: { year: 'soon' } });
    expect([notANumber.status, notANumber.json?.error.code]).toEqual([400, 'QRY_INVALID_PARAM']);
  });
});
