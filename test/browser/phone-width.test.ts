import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { cellBounds, gridColumns, gridRows, waitForRows, waitForWrites } from './support/grid-probe.js';

// A phone (390 × 844) in real Chromium against the demo server: reading the dashboard, correcting
// one value in the budget grid, and approving a request from the inbox. The page never scrolls
// sideways, the menu is a drawer, the content starts on the first screen.

const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-phone';
const PHONE = { width: 390, height: 844 };
const GRID = 'grid-budget';

async function onPhone(page: Page): Promise<Page> {
  await page.setViewportSize(PHONE);
  return page;
}

/** The elements wider than the window (for the failure message) and whether the page scrolls sideways. */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const culprits: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const box = element.getBoundingClientRect();
      // Inside a block that scrolls sideways on its own (the matrix, a wide table) is fine.
      let clipped = false;
      for (let parent = element.parentElement; parent && !clipped; parent = parent.parentElement) clipped = getComputedStyle(parent).overflowX !== 'visible';
      if (box.width > 0 && box.right > window.innerWidth + 1 && !clipped) {
        culprits.push(`${element.tagName.toLowerCase()}.${[...element.classList].join('.')} (right ${Math.round(box.right)})`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, culprits: culprits.slice(0, 12) };
  });
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await horizontalOverflow(page);
  expect(overflow.scrollWidth, `page wider than the window: ${overflow.culprits.join(', ')}`).toBeLessThanOrEqual(overflow.innerWidth);
}

describe('at phone width', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('reads the dashboard, edits one value and approves a request at 390 px', { timeout: 240_000 }, async () => {
    // Reading: the first screen shows the page, not the navigation.
    const partner1 = await onPhone(await sessions.signIn(current().url, 'partner1', '#/budget/overview'));
    await partner1.waitForSelector('[data-testid="kpi-kpi-budget"][data-value]');
    const menu = partner1.locator('[data-testid="menu-button"]');
    expect(await menu.isVisible()).toBe(true);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    // Signed in at desktop width and then narrowed: the sidebar slides away (a 0.18 s transition) and stays hidden.
    await partner1.locator('[data-testid="app-nav"]').waitFor({ state: 'hidden' });
    expect(await partner1.locator('[data-testid="app-nav"]').isVisible()).toBe(false);
    const heading = (await partner1.locator('.page-title').first().boundingBox())!;
    expect(heading.y + heading.height).toBeLessThan(PHONE.height / 3);

    // KPIs one per row; the chart fits the width.
    const kpis = await partner1.locator('.block-kpi').evaluateAll((blocks) => blocks.map((b) => b.getBoundingClientRect().toJSON() as DOMRect));
    expect(kpis.length).toBeGreaterThanOrEqual(3);
    expect(new Set(kpis.map((k) => Math.round(k.x))).size).toBe(1);
    for (let i = 1; i < kpis.length; i++) expect(kpis[i]!.y).toBeGreaterThanOrEqual(kpis[i - 1]!.y + kpis[i - 1]!.height);
    const chart = (await partner1.locator('.block-chart').first().boundingBox())!;
    expect(chart.x).toBeGreaterThanOrEqual(0);
    expect(chart.x + chart.width).toBeLessThanOrEqual(PHONE.width);

    // The breadcrumb and the live badge do not overlap.
    const crumbs = (await partner1.locator('.topbar-title').boundingBox())!;
    const badge = (await partner1.locator('[data-testid="live-status"]').boundingBox())!;
    expect(crumbs.x + crumbs.width).toBeLessThanOrEqual(badge.x);
    await expectNoSidewaysScroll(partner1);
    await partner1.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });

    // The drawer: opens over the page with focus inside, keeps focus while open, closes on Escape
    // (focus back on the button) and on navigation.
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await partner1.waitForFunction(() => document.querySelector('[data-testid="app-nav"]')?.contains(document.activeElement) === true);
    // The drawer slides in: wait for it to arrive.
    await partner1.waitForFunction(() => document.querySelector('[data-testid="app-nav"]')!.getBoundingClientRect().left >= 0);
    const nav = (await partner1.locator('[data-testid="app-nav"]').boundingBox())!;
    expect(nav.x).toBeGreaterThanOrEqual(0);
    expect(nav.x + nav.width).toBeLessThanOrEqual(PHONE.width);
    await partner1.screenshot({ path: `${SHOTS}/drawer.png` });
    const links = await partner1.locator('[data-testid="app-nav"] a').count();
    for (let i = 0; i < links + 2; i++) {
      await partner1.keyboard.press('Tab');
      const inside = await partner1.evaluate(
        () =>
          document.querySelector('[data-testid="app-nav"]')!.contains(document.activeElement) ||
          document.activeElement?.getAttribute('data-testid') === 'menu-button',
      );
      expect(inside).toBe(true);
    }
    await partner1.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await partner1.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-button');
    await partner1.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid="app-nav"]')!).visibility === 'hidden');
    await menu.click();
    await partner1.click('[data-testid="app-nav"] [data-testid="nav-my-submissions"]');
    await partner1.waitForFunction(() => window.location.hash === '#/~approvals/mine');
    // The drawer closes once the app has followed the new address (a render after the hash changed).
    await partner1.waitForSelector('[data-testid="menu-button"][aria-expanded="false"]');

    // Editing one value: the editable column sits beside the key, on screen; tap, type, Enter.
    await partner1.goto(`${current().url}/#/budget/overview`);
    await waitForRows(partner1, GRID);
    await (await partner1.waitForSelector(`[data-block-id="${GRID}"]`)).scrollIntoViewIfNeeded();
    const columns = await gridColumns(partner1, GRID);
    expect(columns.slice(0, 2)).toEqual(['line_id', 'amount']);
    const row = (await gridRows(partner1, GRID))[0]!;
    const cell = await cellBounds(partner1, GRID, columns.indexOf('amount'), 0);
    expect(cell.x + cell.width).toBeLessThanOrEqual(PHONE.width);
    await partner1.mouse.click(cell.x + cell.width / 2, cell.y + cell.height / 2);
    await partner1.keyboard.type('4321.5');
    await partner1.keyboard.press('Enter');
    await waitForWrites(partner1, GRID);
    const stored = await current().runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE line_id = $1', [
      Number(row.line_id),
    ]);
    expect(Number(stored.rows[0]!.amount)).toBe(4321.5);
    await expectNoSidewaysScroll(partner1);
    await partner1.screenshot({ path: `${SHOTS}/grid-edit.png`, fullPage: true });

    // Approving: a 30,000 line goes to partner review, then the director, who approves on the phone.
    await partner1.goto(`${current().url}/#/budget`);
    await partner1.click('[data-testid="menu-button"]');
    await partner1.click('[data-testid="app-nav"] a.nav-page:has-text("Submit budget line")');
    await partner1.waitForSelector('[data-testid="form-field-entity_id"] option[value="E01"]', { state: 'attached' });
    await partner1.selectOption('[data-testid="form-field-entity_id"]', 'E01');
    await partner1.waitForSelector('[data-testid="form-field-account_id"] option[value="4000"]', { state: 'attached' });
    await partner1.selectOption('[data-testid="form-field-account_id"]', '4000');
    await partner1.fill('[data-testid="form-field-period"]', '2026-04');
    await partner1.fill('[data-testid="form-field-amount"]', '30000');
    await partner1.fill('[data-testid="form-field-comment"]', 'phone request');
    await expectNoSidewaysScroll(partner1);
    await partner1.click('[data-testid="form-submit-form-budget-line"]');
    const submitted = await partner1.waitForSelector('[data-testid="form-outcome"][data-outcome="submitted"]');
    const requestId = (await submitted.getAttribute('data-request-id'))!;
    await partner1.context().close();

    for (const [approver, next] of [
      ['partner2', 'now waiting for director'],
      ['director', 'Approved and applied'],
    ] as const) {
      const page = await onPhone(await sessions.signIn(current().url, approver, '#/~approvals'));
      await page.click(`[data-testid="approval-row"][data-request-id="${requestId}"] [data-testid="approval-open"]`);
      await page.waitForSelector(`[data-testid="request-detail"][data-request-id="${requestId}"] [data-testid="action-approve"]`);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/request-${approver}.png`, fullPage: true });
      await page.click('[data-testid="action-approve"]');
      const outcome = await page.waitForSelector('[data-testid="action-outcome"][data-outcome="ok"]');
      expect(await outcome.textContent()).toContain(next);
      await expectNoSidewaysScroll(page);
      await page.context().close();
    }
    const applied = await current().runtime.warehouse.query("SELECT count(*) AS n FROM budget_lines WHERE comment = 'phone request'");
    expect(Number(applied.rows[0]!.n)).toBe(1);
  });
});
