import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { gridRowCount, type ProbeWindow, waitForRows } from './support/grid-probe.js';

// The budget overview reads as money: KPIs in euros (compact, exact value on hover), the variance
// table with worded headers and euro amounts right-aligned.

const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-dashboards';

describe('dashboard display in the browser', () => {
  const { server: current, sessions: browsers } = useBrowserSuite();

  async function signIn(username: string): Promise<Page> {
    const page = await browsers.openProfile(username);
    await page.goto(`${current().url}/#/budget/overview`);
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="kpi-kpi-actual"]');
    await page.waitForSelector('[data-testid="table-table-variance"] tbody tr td.num');
    return page;
  }

  it('shows KPIs with the euro symbol in compact notation and the exact amount in the tooltip', async () => {
    const page = await signIn('admin');
    for (const id of ['kpi-actual', 'kpi-budget', 'kpi-variance']) {
      const kpi = page.locator(`[data-testid="kpi-${id}"]`);
      const raw = Number(await kpi.getAttribute('data-value'));
      expect(Number.isFinite(raw)).toBe(true);
      const value = kpi.locator('.kpi-value');
      const compact = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'EUR',
        currencyDisplay: 'narrowSymbol',
        notation: 'compact',
        minimumFractionDigits: 0,
        maximumFractionDigits: 1,
      }).format(raw);
      const exact = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'EUR',
        currencyDisplay: 'narrowSymbol',
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(raw);
      expect((await value.textContent())?.trim()).toBe(Math.abs(raw) >= 10_000 ? compact : exact);
      expect(await value.textContent()).toContain('€');
      if (Math.abs(raw) >= 10_000) expect(await value.getAttribute('title')).toBe(exact);
    }
  });

  it('labels table columns in words and shows amounts in euros, right-aligned', async () => {
    const page = await signIn('admin');
    const table = page.locator('[data-testid="table-table-variance"]');
    const headers = (await table.locator('thead th').allTextContents()).map((t) => t.trim());
    expect(headers).toEqual(['Entity', 'Name', 'Country', 'Business unit', 'Actual', 'Budget', 'Variance', 'Variance %']);
    const firstRow = table.locator('tbody tr').first();
    const cells = firstRow.locator('td');
    for (const index of [4, 5, 6]) {
      expect(await cells.nth(index).textContent()).toMatch(/^-?€[\d,]+\.\d{2}$/);
      const align = await cells.nth(index).evaluate((el) => getComputedStyle(el).textAlign);
      expect(align).toBe('right');
    }
    expect(await cells.nth(0).textContent()).toMatch(/^E\d+/);
  });

  /** Waits until the budget grid holds rows of this entity only, and returns how many. */
  async function gridShowsOnly(page: Page, entity: string): Promise<number> {
    const handle = await page.waitForFunction((id) => {
      const rows = (window as ProbeWindow).__roundtripGrids?.['grid-budget']?.rows() ?? [];
      return rows.length > 0 && rows.every((r) => r.entity_id === id) ? rows.length : 0;
    }, entity);
    return (await handle.jsonValue()) as number;
  }

  it('drills from a variance table row (click, or Enter on the focused row) to the budget grid filtered to that entity', async () => {
    const page = await signIn('admin');
    await waitForRows(page, 'grid-budget');
    const table = page.locator('[data-testid="table-table-variance"]');
    await expect(page.locator('[data-block-id="table-variance"] .drill-hint').textContent()).resolves.toContain('Click a row');
    const entities = (await table.locator('tbody tr td:first-child').allTextContents()).map((t) => t.trim());
    expect(entities.length).toBeGreaterThan(2);
    const allLines = await gridRowCount(page, 'grid-budget');
    expect(
      await table
        .locator('tbody tr')
        .first()
        .evaluate((el) => getComputedStyle(el).cursor),
    ).toBe('pointer');

    await table.locator('tbody tr').nth(1).click();
    expect(await gridShowsOnly(page, entities[1]!)).toBeGreaterThan(0);
    expect(await gridRowCount(page, 'grid-budget')).toBeLessThan(allLines);
    const filter = page.locator('[data-block-id="filter-entity"] select');
    expect(await filter.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '')).toMatch(new RegExp(`^${entities[1]}\\b`));
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-block-id="grid-budget"]'))).toBe(true);

    await filter.selectOption('');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="table-table-variance"] tbody tr').length === n, entities.length);
    await table.locator('tbody tr').nth(2).focus();
    await page.keyboard.press('Enter');
    expect(await gridShowsOnly(page, entities[2]!)).toBeGreaterThan(0);
    expect(await filter.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '')).toMatch(new RegExp(`^${entities[2]}\\b`));
  });

  it('fits a 1024 px window: the page does not scroll sideways and every table column is visible or scrollable inside its block', async () => {
    const page = await signIn('admin');
    await page.setViewportSize({ width: 1024, height: 768 });
    await waitForRows(page, 'grid-budget');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const tables = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLTableElement>('table.data-table')].map((table) => {
        const box = table.closest('.block')!.getBoundingClientRect();
        const scroller = table.closest('.table-scroll')!;
        const last = table.querySelector('thead th:last-child')!.getBoundingClientRect();
        const visible = last.right <= box.right + 0.5;
        const scrollable = getComputedStyle(scroller).overflowX === 'auto' && scroller.scrollWidth > scroller.clientWidth;
        return { visible, scrollable, blockInside: box.right <= window.innerWidth + 0.5 };
      }),
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) {
      expect(t.blockInside).toBe(true);
      expect(t.visible || t.scrollable).toBe(true);
    }
    await page.screenshot({ path: `${SHOTS}/overview-1024.png`, fullPage: true });
  });
});
