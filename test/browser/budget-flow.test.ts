import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { cellBounds as probeCellBounds } from './support/grid-probe.js';

// Real headless Chromium against the real server: login, edit a budget line in the grid,
// watch KPI + chart move by exactly the edit, see the change arrive live for a second user,
// and find it in the row's history.

const GRID = 'grid-budget';

type Row = Record<string, unknown>;

interface Probe {
  rows: () => Row[];
  columns: () => string[];
  cellBounds: (col: number, row: number) => { x: number; y: number; width: number; height: number } | null;
}

declare global {
  interface Window {
    __roundtripGrids?: Record<string, Probe>;
    __roundtripNoReload?: boolean;
  }
}

/** DECIMAL values travel as strings; compare them in integer cents to stay exact. */
function cents(value: unknown): number {
  const n = Number(value);
  if (value === null || value === undefined || value === '' || !Number.isFinite(n)) {
    throw new Error(`not a number: ${JSON.stringify(value)}`);
  }
  return Math.round(n * 100);
}

function money(centValue: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(centValue / 100);
}

describe('budget overview in the browser', () => {
  const { server: current, sessions: browsers } = useBrowserSuite();

  async function signIn(username: string): Promise<Page> {
    const page = await browsers.openProfile(username);
    await page.goto(`${current().url}/#/budget/overview`);
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    await page.waitForFunction((id) => (window.__roundtripGrids?.[id]?.rows().length ?? 0) > 0, GRID);
    await page.waitForSelector('[data-testid="live-status"][data-status="live"]');
    // Wait until no block shows a skeleton, so cell positions stay put while the test clicks.
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
    return page;
  }

  const gridRows = (page: Page) => page.evaluate((id) => window.__roundtripGrids![id]!.rows(), GRID);
  const gridColumns = (page: Page) => page.evaluate((id) => window.__roundtripGrids![id]!.columns(), GRID);
  const cellBounds = (page: Page, col: number, row: number) => probeCellBounds(page, GRID, col, row);

  async function kpiValue(page: Page, blockId: string): Promise<string> {
    const el = await page.waitForSelector(`[data-testid="kpi-${blockId}"]`);
    return (await el.getAttribute('data-value')) ?? '';
  }

  async function budgetSeries(page: Page): Promise<(number | null)[]> {
    const el = await page.waitForSelector('[data-testid="chart-chart-monthly"]');
    const series = JSON.parse((await el.getAttribute('data-series')) ?? '[]') as { column: string; values: (number | null)[] }[];
    const budget = series.find((s) => s.column === 'budget');
    if (!budget) throw new Error('chart has no budget series');
    return budget.values;
  }

  async function chartX(page: Page): Promise<unknown[]> {
    const el = await page.waitForSelector('[data-testid="chart-chart-monthly"]');
    return JSON.parse((await el.getAttribute('data-x')) ?? '[]') as unknown[];
  }

  it('edits a budget line and every view follows', { timeout: 180_000 }, async () => {
    const partner = await signIn('partner1');
    const director = await signIn('director');

    // A revenue line (accounts 4xxx carry sign +1 in the net result), so the KPI moves by exactly the edit.
    const rows = await gridRows(partner);
    const rowIndex = rows.findIndex((r, i) => i < 10 && String(r.account_id).startsWith('4'));
    expect(rowIndex, 'a revenue budget line on the first screen').toBeGreaterThanOrEqual(0);
    const target = rows[rowIndex]!;
    const lineId = target.line_id;
    const oldCents = cents(target.amount);
    const delta = 123_456;
    const newCents = oldCents + delta;
    const typed = (newCents / 100).toFixed(2);

    const directorRows = await gridRows(director);
    expect(
      directorRows.some((r) => String(r.line_id) === String(lineId)),
      'director sees the same line',
    ).toBe(true);
    await director.evaluate(() => {
      window.__roundtripNoReload = true;
    });

    const budgetBefore = cents(await kpiValue(partner, 'kpi-budget'));
    const directorBudgetBefore = cents(await kpiValue(director, 'kpi-budget'));
    const seriesBefore = await budgetSeries(partner);
    const month = String(target.period).slice(0, 7);
    const monthIndex = (await chartX(partner)).findIndex((x) => String(x).startsWith(month));
    expect(monthIndex, 'the edited month is on the chart').toBeGreaterThanOrEqual(0);

    // Edit like a person: double-click the cell (its content gets selected), type over it, Enter.
    const amountCol = (await gridColumns(partner)).indexOf('amount');
    expect(amountCol).toBeGreaterThanOrEqual(0);
    const box = await cellBounds(partner, amountCol, rowIndex);
    await partner.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await partner.keyboard.type(typed);
    await partner.keyboard.press('Enter');

    await partner.waitForFunction(
      ([id, key, expected]) =>
        window.__roundtripGrids![id as string]!.rows().some((r) => String(r.line_id) === String(key) && Math.round(Number(r.amount) * 100) === expected),
      [GRID, lineId, newCents] as const,
    );

    // KPI and chart refetch after the write; their change equals the edit.
    await partner.waitForFunction((before) => {
      const el = document.querySelector('[data-testid="kpi-kpi-budget"]');
      const value = el?.getAttribute('data-value');
      return value !== null && value !== undefined && value !== '' && Math.round(Number(value) * 100) !== before;
    }, budgetBefore);
    expect(cents(await kpiValue(partner, 'kpi-budget')) - budgetBefore).toBe(delta);

    await partner.waitForFunction(
      ([index, before]) => {
        const el = document.querySelector('[data-testid="chart-chart-monthly"]');
        const series = JSON.parse(el?.getAttribute('data-series') ?? '[]') as { column: string; values: number[] }[];
        const value = series.find((s) => s.column === 'budget')?.values[index as number];
        return value !== undefined && value !== before;
      },
      [monthIndex, seriesBefore[monthIndex]] as const,
    );
    const seriesAfter = await budgetSeries(partner);
    expect(cents(seriesAfter[monthIndex]) - cents(seriesBefore[monthIndex])).toBe(delta);
    const total = (values: (number | null)[]) => values.reduce<number>((sum, v) => sum + cents(v ?? 0), 0);
    expect(total(seriesAfter) - total(seriesBefore)).toBe(delta);

    // The director's open page follows without a reload: grid row and KPI.
    await director.waitForFunction(
      ([id, key, expected]) =>
        window.__roundtripGrids![id as string]!.rows().some((r) => String(r.line_id) === String(key) && Math.round(Number(r.amount) * 100) === expected),
      [GRID, lineId, newCents] as const,
    );
    await director.waitForFunction((expected) => {
      const value = document.querySelector('[data-testid="kpi-kpi-budget"]')?.getAttribute('data-value');
      return value ? Math.round(Number(value) * 100) === expected : false;
    }, directorBudgetBefore + delta);
    expect(await director.evaluate(() => window.__roundtripNoReload)).toBe(true);

    // Selecting the row shows who changed what in the history panel.
    const keyCell = await cellBounds(partner, 0, rowIndex);
    await partner.mouse.click(keyCell.x + keyCell.width / 2, keyCell.y + keyCell.height / 2);
    const expectedChange = `${money(oldCents)} → ${money(newCents)}`;
    await partner.waitForFunction((text) => {
      const entries = [...document.querySelectorAll('[data-testid="history-panel"] [data-testid="history-entry"]')];
      return entries.some((e) => e.textContent?.includes(text));
    }, expectedChange);
    const newest = await partner.textContent('[data-testid="history-panel"] [data-testid="history-entry"]');
    expect(newest).toContain('partner1');
    expect(newest).toContain('amount');
    expect(newest).toContain(expectedChange);
  });
});
