import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { clickCell, gridColumns, openGridPage, type ProbeWindow } from './support/grid-probe.js';

// The Excel round trip as a finance partner does it: export the grid to a workbook, change
// figures in Excel, bring the file back; the preview shows exactly what would change, and
// applying writes one audited changeset. A cell someone changed since the export is caught,
// and then nothing is written.

const GRID = 'grid-budget';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-office';

describe('Excel round trip in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  const openBudget = (username: string): Promise<Page> => openGridPage(sessions, current().url, username, GRID);

  /** Exports the grid through its menu and returns the saved workbook's path. */
  async function exportGrid(page: Page, name: string): Promise<string> {
    await page.click(`[data-block-id="${GRID}"] [data-testid="grid-export-button"]`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-block-id="${GRID}"] [data-testid="grid-export-xlsx"]`)]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = join(SHOTS, name);
    await download.saveAs(path);
    return path;
  }

  /** Sets new amounts in the exported workbook (by line id) and saves it as `name`. */
  async function editWorkbook(path: string, name: string, amounts: Map<number, number>): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const idCol = header.indexOf('line_id');
    const amountCol = header.indexOf('amount');
    expect(idCol).toBeGreaterThan(0);
    expect(amountCol).toBeGreaterThan(0);
    let changed = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const next = amounts.get(Number(row.getCell(idCol).value));
      if (next === undefined) return;
      row.getCell(amountCol).value = next;
      changed += 1;
    });
    expect(changed).toBe(amounts.size);
    const out = join(SHOTS, name);
    writeFileSync(out, Buffer.from(await workbook.xlsx.writeBuffer()));
    return out;
  }

  async function importFile(page: Page, path: string): Promise<void> {
    await page.click(`[data-block-id="${GRID}"] [data-testid="grid-import"]`);
    await page.setInputFiles('[data-testid="import-file"]', path);
    await page.waitForSelector('[data-testid="import-preview"]');
  }

  const amounts = async (ids: number[]) => {
    const { rows } = await current().runtime.warehouse.query(
      `SELECT line_id, CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE line_id IN (${ids.map(Number).join(', ')}) ORDER BY line_id`,
    );
    return new Map(rows.map((r) => [Number(r.line_id), Number(r.amount)]));
  };

  it('exports the grid, takes 20 changed amounts back through the preview, and writes them as one audited changeset', { timeout: 240_000 }, async () => {
    const page = await openBudget('partner1');
    const exported = await exportGrid(page, 'budget-export.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(exported) as unknown as ArrayBuffer);
    const ids = workbook.worksheets[0]!.getColumn(1).values.slice(2, 22).map(Number);
    expect(ids).toHaveLength(20);
    const before = await amounts(ids);
    const wanted = new Map(ids.map((id, i) => [id, Math.round(before.get(id)! + 1000 + i)]));
    const edited = await editWorkbook(exported, 'budget-edited.xlsx', wanted);

    await importFile(page, edited);
    const changes = await page.locator('[data-testid="import-change"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')));
    expect(changes).toEqual(Array(20).fill('amount'));
    expect(await page.textContent('[data-testid="import-summary"]')).toContain('20 to update');
    await page.screenshot({ path: join(SHOTS, 'import-preview.png') });
    await page.click('[data-testid="import-apply"]');
    await page.waitForSelector('[data-testid="import-dialog"]', { state: 'detached' });

    expect(await amounts(ids)).toEqual(wanted);
    // The grid shows the new figures, and the row's history the import with its reason.
    await page.waitForFunction(
      ([grid, id, cents]) => {
        const row = (window as ProbeWindow).__roundtripGrids?.[grid as string]?.rowAt(0);
        return String(row?.line_id) === String(id) && Math.round(Number(row?.amount) * 100) === cents;
      },
      [GRID, ids[0], wanted.get(ids[0]!)! * 100] as const,
    );
    await clickCell(page, GRID, (await gridColumns(page, GRID)).indexOf('amount'), 0);
    const entry = page.locator('[data-testid="history-panel"] [data-testid="history-entry"]').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain('partner1');
    expect(await entry.locator('.history-reason').textContent()).toContain('Import of budget-edited.xlsx');
    const schema = current().runtime.current().config.audit.schema;
    const { rows } = await current().runtime.warehouse.query(
      `SELECT c.changeset_id, c.username, c.reason, count(*) AS cells FROM "${schema}".changesets c JOIN "${schema}".cell_changes cc USING (changeset_id)
        WHERE c.reason LIKE 'Import of %' GROUP BY c.changeset_id, c.username, c.reason`,
    );
    expect(rows.map((r) => [r.username, r.reason, Number(r.cells)])).toEqual([['partner1', 'Import of budget-edited.xlsx', 20]]);
  });

  it('flags a cell someone changed since the export, and writes nothing', { timeout: 240_000 }, async () => {
    const page = await openBudget('partner1');
    const exported = await exportGrid(page, 'budget-export-2.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(exported) as unknown as ArrayBuffer);
    const [stale, other] = workbook.worksheets[0]!.getColumn(1).values.slice(2, 4).map(Number) as [number, number];
    const before = await amounts([stale, other]);
    // The director changes one of the lines after partner1 exported it.
    const director = await ApiClient.login(current().url, 'director');
    const moved = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: stale }, set: { amount: '4242.00' }, expect: { amount: before.get(stale)!.toFixed(2) } }],
    });
    expect(moved.status).toBe(200);
    const edited = await editWorkbook(
      exported,
      'budget-stale.xlsx',
      new Map([
        [stale, 1],
        [other, 2],
      ]),
    );

    await importFile(page, edited);
    const problems = await page
      .locator('[data-testid="import-problem"]')
      .evaluateAll((items) => items.map((i) => [i.getAttribute('data-rule'), i.textContent]));
    expect(problems).toHaveLength(1);
    expect(problems[0]![0]).toBe('stale');
    expect(problems[0]![1]).toContain('4242');
    expect(await page.isDisabled('[data-testid="import-apply"]')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'import-stale.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'import-stale-390.png') });
    expect(await amounts([stale, other])).toEqual(
      new Map([
        [stale, 4242],
        [other, before.get(other)!],
      ]),
    );
  });

  it("the page's Export menu builds the management accounts pack of the partner's entities as one zip", { timeout: 240_000 }, async () => {
    const page = await openBudget('partner1');
    await page.click('[data-testid="page-export-button"]');
    const items = await page.locator('[data-testid="page-export"] [role="menuitem"]').allTextContents();
    expect(items.join(' | ')).toContain('Management accounts pack');
    // partner1 may not run the board deck: it is not offered.
    expect(items.join(' | ')).not.toContain('Board deck');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="page-export-management_accounts-pack"]')]);
    const path = join(SHOTS, 'pack.zip');
    await download.saveAs(path);
    const zip = await JSZip.loadAsync(readFileSync(path));
    expect(Object.keys(zip.files).sort()).toEqual(['E01', 'E02', 'E03', 'E04', 'E05'].map((e) => `Management accounts ${e} 2025.xlsx`));
  });
});
