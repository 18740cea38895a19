import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserSuite } from './support/browser-suite.js';
import { WAIT_MS } from './support/chromium.js';

// The scenario modelling app as the analyst walks it in Chromium: moving the price slider writes
// the scenario and the ranking chart and the rank recompute in the same view; two variants are
// saved as new scenarios from a dialog, then compared side by side.

const SHOTS = 'test-results/scenarios-app';
const RANKING = '[data-testid="chart-chart-ranking"]';

/** Where the named vehicle stands in the ranking chart (its bars run best first). */
const rankInChart = (page: Page, vehicle: string) =>
  page.evaluate(
    ([selector, name]) => (JSON.parse(document.querySelector(selector!)?.getAttribute('data-x') ?? '[]') as string[]).indexOf(name!),
    [RANKING, vehicle],
  );

async function saveAs(page: Page, name: string) {
  await page.locator('[data-testid="button-save-as"]').click();
  const dialog = page.locator('[data-testid="action-dialog"]');
  await dialog.locator('[data-testid="action-param-name"]').fill(name);
  await dialog.locator('[data-testid="action-run"]').click();
  await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
  // The page now shows the new scenario.
  await page.waitForFunction(
    (label) => {
      const select = document.querySelector<HTMLSelectElement>('[data-testid="filter-scenario-pick"] select');
      return select?.selectedOptions[0]?.textContent === label;
    },
    name,
    { timeout: WAIT_MS },
  );
}

describe('scenario modelling app in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('moves the price slider, sees the ranking update, saves two scenarios and compares them', { timeout: 180_000 }, async () => {
    const analyst = await sessions.signIn(current().url, 'analyst', '#/scenarios/model');
    const price = analyst.locator('[data-testid="input-price"]');
    await price.waitFor({ timeout: WAIT_MS });
    await analyst.waitForSelector(`${RANKING}[data-x*="Base case"]`, { timeout: WAIT_MS });
    const before = await rankInChart(analyst, 'Base case');
    expect(before).toBeGreaterThan(0);
    const rankBefore = await analyst.locator('[data-testid="kpi-kpi-position"]').getAttribute('data-value');

    // The slider to its lowest price: the scenario is written once the hand rests, and the view recomputes.
    await price.focus();
    await analyst.keyboard.press('Home');
    expect(await analyst.locator('[data-testid="input-value-price"]').textContent()).toContain('15,000');
    await analyst.waitForFunction(() => document.querySelector('[data-testid="inputs-status-inputs-vehicle"]')?.textContent === 'Saved', null, {
      timeout: WAIT_MS,
    });
    await analyst.waitForFunction(
      (selector) => (JSON.parse(document.querySelector(selector)?.getAttribute('data-x') ?? '[]') as string[])[0] === 'Base case',
      RANKING,
      { timeout: WAIT_MS },
    );
    await analyst.waitForFunction(() => document.querySelector('[data-testid="kpi-kpi-position"]')?.getAttribute('data-value') === '1', null, {
      timeout: WAIT_MS,
    });
    expect(rankBefore).not.toBe('1');
    // The scenario's bar is the one that stands out.
    expect(await analyst.locator(RANKING).getAttribute('data-highlight')).toBe('[0]');
    expect(Number((await current().runtime.warehouse.query('SELECT price FROM scenarios WHERE scenario_id = 1')).rows[0]!.price)).toBe(15000);
    // The picture once the chart's bars have moved to their new places.
    await analyst.waitForTimeout(500);
    await analyst.screenshot({ path: `${SHOTS}/slider.png`, fullPage: true });

    // Two moves with a short pause between: the second is written after the first, expecting what the
    // first left, whether or not the page has read the row again in between: no conflict, both land.
    await price.focus();
    await analyst.keyboard.press('ArrowRight');
    await analyst.waitForTimeout(150);
    await analyst.keyboard.press('ArrowRight');
    await analyst.waitForFunction(() => document.querySelector('[data-testid="inputs-status-inputs-vehicle"]')?.textContent === 'Saved', null, {
      timeout: WAIT_MS,
    });
    await expect
      .poll(async () => Number((await current().runtime.warehouse.query('SELECT price FROM scenarios WHERE scenario_id = 1')).rows[0]!.price), {
        timeout: WAIT_MS,
      })
      .toBe(16000);
    expect(await analyst.locator('[data-testid="inputs-status-inputs-vehicle"]').getAttribute('role')).toBe('status');

    // A value outside the rule is refused with its reason and the input snaps back.
    const lease = analyst.locator('[data-testid="input-lease_monthly"]');
    await lease.fill('5000');
    await analyst.waitForFunction(() => document.querySelector('[data-testid="inputs-status-inputs-vehicle"]')?.getAttribute('role') === 'alert', null, {
      timeout: WAIT_MS,
    });
    expect(await analyst.locator('[data-testid="inputs-status-inputs-vehicle"]').textContent()).toMatch(/2000|at most/i);
    await analyst.waitForFunction(() => (document.querySelector('[data-testid="input-lease_monthly"]') as HTMLInputElement).value === '450', null, {
      timeout: WAIT_MS,
    });

    // Two variants saved as scenarios of their own.
    await saveAs(analyst, 'Entry price');
    const range = analyst.locator('[data-testid="input-range_km"]');
    await range.focus();
    await analyst.keyboard.press('End');
    await analyst.waitForFunction(() => document.querySelector('[data-testid="inputs-status-inputs-vehicle"]')?.textContent === 'Saved', null, {
      timeout: WAIT_MS,
    });
    await saveAs(analyst, 'Entry price, long range');
    const saved = (
      await current().runtime.warehouse.query("SELECT name, range_km FROM scenarios WHERE owner = 'analyst' AND scenario_id >= 100 ORDER BY scenario_id")
    ).rows;
    expect(saved.map((r) => [r.name, Number(r.range_km)])).toEqual([
      ['Entry price', 900],
      ['Entry price, long range', 900],
    ]);

    // Side by side.
    await analyst.goto(`${current().url}/#/scenarios/compare`);
    await analyst
      .locator('[data-testid="filter-compare-a"] select option', { hasText: 'Entry price, long range' })
      .waitFor({ state: 'attached', timeout: WAIT_MS });
    await analyst.locator('[data-testid="filter-compare-a"] select').selectOption({ label: 'Aggressive price' });
    await analyst.locator('[data-testid="filter-compare-b"] select').selectOption({ label: 'Entry price, long range' });
    const rows = analyst.locator('[data-testid="table-table-compare"] tbody tr');
    await analyst.waitForFunction(
      () => {
        const names = [...document.querySelectorAll('[data-testid="table-table-compare"] tbody tr')].map((tr) => tr.querySelector('td')?.textContent);
        return names.length === 2 && names.includes('Aggressive price') && names.includes('Entry price, long range');
      },
      null,
      { timeout: WAIT_MS },
    );
    expect(await rows.count()).toBe(2);
    // The chart reads the same dataset: it shows the same two.
    await analyst.waitForFunction(
      () => {
        const names = JSON.parse(document.querySelector('[data-testid="chart-chart-compare"]')?.getAttribute('data-x') ?? '[]') as string[];
        return names.length === 2 && names.includes('Aggressive price') && names.includes('Entry price, long range');
      },
      null,
      { timeout: WAIT_MS },
    );
    await analyst.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });
  });
});
