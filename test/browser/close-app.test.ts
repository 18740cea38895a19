import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { WAIT_MS } from './support/chromium.js';
import { clickCell, gridColumns, gridRows, type ProbeWindow, typeIntoCell, waitForRows, waitForWrites } from './support/grid-probe.js';

// The month-end close as the accountant walks it in Chromium: the worklist flags December's
// journals on the unmapped account, mapping the account in the grid clears the flag and the count
// for a director watching the close page, the month closes from its button, and an edit to a
// closed month's adjustment is refused at the cell with the lock's message.

const SHOTS = 'test-results/close-app';
const kpi = (id: string) => `[data-testid="kpi-${id}"]`;

describe('month-end close app in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('maps the unmapped account, closes the month and refuses edits to it', { timeout: 180_000 }, async () => {
    const accountant = await sessions.signIn(current().url, 'accountant', '#/close/worklist');
    await accountant.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-value') === '2600', kpi('kpi-unmapped'), { timeout: WAIT_MS });
    const worklist = accountant.locator('[data-testid="table-table-unmapped"] tbody tr:not(:has(td.empty))');
    await worklist.nth(39).waitFor({ timeout: WAIT_MS });
    expect(await worklist.count()).toBe(40);
    expect(await worklist.first().textContent()).toContain('FX gains and losses');
    await accountant.screenshot({ path: `${SHOTS}/worklist.png`, fullPage: true });

    // A director keeps the close page open: the status per entity follows without a reload.
    const director = await sessions.signIn(current().url, 'director', '#/close/close');
    const status = director.locator('[data-testid="table-table-status"] tbody tr');
    await status.first().waitFor({ timeout: WAIT_MS });
    expect(await status.first().textContent()).toContain('Needs mapping');

    await waitForRows(accountant, 'grid-accounts');
    await (await accountant.waitForSelector('[data-block-id="grid-accounts"]')).scrollIntoViewIfNeeded();
    // The accountant finds the account by searching the grid, then types the P&L line into its cell.
    await accountant.fill('[data-block-id="grid-accounts"] [data-testid="grid-search"]', '8100');
    await accountant.waitForFunction(() => {
      const rows = (window as ProbeWindow).__roundtripGrids?.['grid-accounts']?.rows() ?? [];
      return rows.length === 1 && String(rows[0]!.account_id) === '8100';
    });
    const col = (await gridColumns(accountant, 'grid-accounts')).indexOf('pl_line_id');
    await typeIntoCell(accountant, 'grid-accounts', col, 0, 'FIN');
    await waitForWrites(accountant, 'grid-accounts');
    await accountant.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-value') === '0', kpi('kpi-unmapped'), { timeout: WAIT_MS });
    await accountant.waitForFunction(() => document.querySelector('[data-testid="table-table-unmapped"] tbody td.empty') !== null, null, { timeout: WAIT_MS });
    await director.waitForFunction(
      () => document.querySelector('[data-testid="table-table-status"] tbody tr')?.textContent?.includes('Ready to close') ?? false,
      null,
      { timeout: WAIT_MS },
    );

    await accountant.goto(`${current().url}/#/close/close`);
    await accountant.locator('[data-testid="button-button-close"]').click();
    await accountant.locator('[data-testid="confirm-action"]').click();
    await accountant.waitForFunction(
      () => document.querySelector('[data-testid="button-outcome-button-close"]')?.getAttribute('data-outcome') === 'done',
      null,
      { timeout: WAIT_MS },
    );
    await director.waitForFunction(
      () => document.querySelector('[data-testid="table-table-status"] tbody tr')?.textContent?.includes('Closed') ?? false,
      null,
      { timeout: WAIT_MS },
    );
    // The close action's notify step tells the director at once, on the page they have open.
    const notice = director.locator('[data-testid="toast"]', { hasText: 'is closed by Alex Accountant' });
    await notice.waitFor({ timeout: WAIT_MS });
    expect(await notice.textContent()).toContain('The month of 2025-12-01 is closed by Alex Accountant: its close adjustments are locked.');
    expect(await accountant.locator('[data-testid="toast"]', { hasText: 'is closed by' }).count()).toBe(0);

    // December's adjustments come first in the grid: the closed month's cells turn read-only, say why
    // where the accountant looks, and typing into them writes nothing.
    await waitForRows(accountant, 'grid-adjustments');
    await (await accountant.waitForSelector('[data-block-id="grid-adjustments"]')).scrollIntoViewIfNeeded();
    const adjustments = await gridRows(accountant, 'grid-adjustments');
    expect(String(adjustments[0]!.period)).toBe('2025-12-01');
    const before = adjustments[0]!.amount;
    const amount = (await gridColumns(accountant, 'grid-adjustments')).indexOf('amount');
    await clickCell(accountant, 'grid-adjustments', amount, 0);
    const refusal = accountant.locator('[data-block-id="grid-adjustments"] [data-testid="cell-refusal"]');
    await refusal.waitFor({ timeout: WAIT_MS });
    expect(await refusal.textContent()).toContain('The month is closed; its adjustments can no longer change.');
    await typeIntoCell(accountant, 'grid-adjustments', amount, 0, '1');
    await waitForWrites(accountant, 'grid-adjustments');
    expect(await accountant.locator('[data-block-id="grid-adjustments"] [data-testid="cell-popover"]').count()).toBe(0);
    // November is still open (rows 41-80): moving down to its first row, the refusal goes.
    await accountant.mouse.move(0, 0);
    for (let i = 0; i < 40; i++) await accountant.keyboard.press('ArrowDown');
    await accountant.waitForFunction(() => document.querySelector('[data-block-id="grid-adjustments"] [data-testid="cell-refusal"]') === null);
    expect(await refusal.count()).toBe(0);
    await accountant.screenshot({ path: `${SHOTS}/closed-month-refused.png`, fullPage: true });
    const { rows: stored } = await current().runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS amount FROM close_adjustments WHERE adjustment_id = 1');
    expect(Number(stored[0]!.amount)).toBe(Number(before));
  });
});
