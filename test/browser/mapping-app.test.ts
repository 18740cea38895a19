import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { WAIT_MS } from './support/chromium.js';

// The product mapping app as the controller walks it in Chromium: a clicked record shows its
// suggestions, 50 ticked records (a click and a shift-click) are mapped by one action with a
// reason, and the unmapped count drops by 50 for a viewer watching the same page, without a reload.

const SHOTS = 'test-results/mapping-app';
const kpi = (id: string) => `[data-testid="kpi-${id}"]`;
const valueIs = (page: import('playwright-core').Page, selector: string, value: string) =>
  page.waitForFunction(([sel, v]) => document.querySelector(sel!)?.getAttribute('data-value') === v, [selector, value], { timeout: WAIT_MS });

describe('product mapping app in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('maps 50 selected records in one action and the count drops for another viewer', { timeout: 180_000 }, async () => {
    const controller = await sessions.signIn(current().url, 'controller', '#/mapping/map');
    const viewer = await sessions.signIn(current().url, 'viewer', '#/mapping/map');
    await valueIs(controller, kpi('kpi-unmapped'), '1080');
    await valueIs(viewer, kpi('kpi-unmapped'), '1080');
    // The viewer sees the records but may not map them.
    expect(await viewer.locator('[data-testid="selection-run-table-records"]').isDisabled()).toBe(true);

    const records = controller.locator('[data-testid="table-table-records"] tbody tr');
    await records.nth(49).waitFor({ timeout: WAIT_MS });
    // Clicking a record shows candidate products, the one with its GTIN first.
    await records.nth(0).locator('td').nth(3).click();
    const suggestions = controller.locator('[data-testid="table-table-suggestions"] tbody tr:not(:has(td.empty))');
    await suggestions.first().waitFor({ timeout: WAIT_MS });
    expect(await suggestions.first().textContent()).toContain('same GTIN');

    await records.nth(0).locator('input[type="checkbox"]').click();
    await records
      .nth(49)
      .locator('input[type="checkbox"]')
      .click({ modifiers: ['Shift'] });
    expect(await controller.locator('[data-testid="selection-count-table-records"]').textContent()).toBe('50 selected');
    await controller.locator('[data-testid="selection-run-table-records"]').click();
    const dialog = controller.locator('[data-testid="action-dialog"]');
    expect(await dialog.locator('[data-testid="action-subject"]').textContent()).toBe('50 selected rows');
    // Both parameters are required: the run button waits for them.
    expect(await dialog.locator('[data-testid="action-run"]').isDisabled()).toBe(true);
    await dialog.locator('select[name="corporate_code"] option[value="CP-00042"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await dialog.locator('select[name="corporate_code"]').selectOption('CP-00042');
    await dialog.locator('[data-testid="action-param-reason"]').fill('Same bolt as the drawing');
    await controller.screenshot({ path: `${SHOTS}/map-dialog.png`, fullPage: true });
    await dialog.locator('[data-testid="action-run"]').click();

    await controller.waitForFunction(() => document.querySelector('[data-testid="selection-outcome-table-records"]')?.textContent === 'Done: 50 rows', null, {
      timeout: WAIT_MS,
    });
    await valueIs(controller, kpi('kpi-unmapped'), '1030');
    await valueIs(viewer, kpi('kpi-unmapped'), '1030');
    expect(await controller.locator('[data-testid="selection-count-table-records"]').textContent()).toBe('0 selected');
    await controller.screenshot({ path: `${SHOTS}/mapped.png`, fullPage: true });

    // The log says who mapped, how many and why.
    await controller.goto(`${current().url}/#/mapping/log`);
    const log = controller.locator('[data-testid="table-table-log"] tbody tr');
    await log.first().waitFor({ timeout: WAIT_MS });
    const entry = await log.first().textContent();
    expect(entry).toContain('controller');
    expect(entry).toContain('Same bolt as the drawing');
    expect(entry).toContain('50');
  });

  it('maps every record a filter shows, past the 200 on screen, in one action', { timeout: 180_000 }, async () => {
    const controller = await sessions.signIn(current().url, 'controller', '#/mapping/map');
    await controller.locator('[data-testid="filter-map-system"] select option', { hasText: 'JDE-ATLANTIC' }).waitFor({ state: 'attached', timeout: WAIT_MS });
    await controller.locator('[data-testid="filter-map-system"] select').selectOption({ label: 'JDE-ATLANTIC' });
    // The table shows JDE's records only once the filter has applied.
    await controller.waitForFunction(
      () => {
        const systems = [...document.querySelectorAll('[data-testid="table-table-records"] tbody tr')].map((tr) => tr.querySelectorAll('td')[1]?.textContent);
        return systems.length === 200 && systems.every((s) => s === 'JDE-ATLANTIC');
      },
      null,
      { timeout: WAIT_MS },
    );
    const footnote = controller.locator('[data-block-id="table-records"] .table-footnote');
    const total = Number((/of ([\d,]+) rows/.exec((await footnote.textContent()) ?? '')?.[1] ?? '0').replace(/,/g, ''));
    expect(total).toBeGreaterThan(200);
    const unmappedBefore = Number(await controller.locator(kpi('kpi-unmapped')).getAttribute('data-value'));

    // Ticking the header box ticks the 200 rows shown; the bar then offers every matching row.
    await controller.locator('[data-testid="table-table-records"] thead input[type="checkbox"]').click();
    expect(await controller.locator('[data-testid="selection-count-table-records"]').textContent()).toBe('200 selected');
    await controller.locator('[data-testid="selection-all-table-records"]').click();
    expect(await controller.locator('[data-testid="selection-count-table-records"]').textContent()).toBe(
      `All ${total.toLocaleString('en-US')} matching selected`,
    );
    await controller.locator('[data-testid="selection-run-table-records"]').click();
    const dialog = controller.locator('[data-testid="action-dialog"]');
    expect(await dialog.locator('[data-testid="action-subject"]').textContent()).toBe(`All ${total.toLocaleString('en-US')} matching rows`);
    await dialog.locator('select[name="corporate_code"] option[value="CP-00011"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await dialog.locator('select[name="corporate_code"]').selectOption('CP-00011');
    await dialog.locator('[data-testid="action-param-reason"]').fill('JDE backlog parked on one product for review');
    await dialog.locator('[data-testid="action-run"]').click();
    await controller.waitForFunction(
      (expected) => document.querySelector('[data-testid="selection-outcome-table-records"]')?.textContent === expected,
      `Done: ${total.toLocaleString('en-US')} rows`,
      { timeout: WAIT_MS },
    );
    await valueIs(controller, kpi('kpi-unmapped'), String(unmappedBefore - total));
    await controller.waitForFunction(() => document.querySelector('[data-testid="table-table-records"] tbody td.empty') !== null, null, { timeout: WAIT_MS });
  });
});
