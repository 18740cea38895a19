import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { clickCell, gridColumns, gridRows, typeIntoCell, waitForCents, waitForRows } from './support/grid-probe.js';

// Real Chromium against the real server: a director edits a budget line, reverts it from the
// history panel, looks at the page as of a time between the two, and reads the table's changes;
// an admin creates a finance partner and previews the budget exactly as that partner sees it.

const GRID = 'grid-budget';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-governance';
/** Seconds apart, so a time between the edit and its revert exists at the as-of control's precision. */
const PAUSE_MS = 1_200;

const cents = (value: unknown) => Math.round(Number(value) * 100);
const money = (c: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(c / 100);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A time as the page's datetime-local inputs show it: the browser's local time, to the second. */
function localInput(page: Page, epochMs: number): Promise<string> {
  return page.evaluate((ms) => {
    const d = new Date(ms);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, epochMs);
}

const historyTexts = (page: Page) => page.$$eval('[data-testid="history-panel"] [data-testid="history-entry"]', (els) => els.map((e) => e.textContent ?? ''));

describe('governance in the browser', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  it('reverts from history, travels in time, diffs the table, and previews a new user', { timeout: 240_000 }, async () => {
    const director = await sessions.signIn(current().url, 'director', '#/budget/overview');
    await waitForRows(director, GRID);
    await director.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);

    // A line whose new amount stays under the limit above which a comment is required.
    const rows = await gridRows(director, GRID);
    const rowIndex = rows.findIndex((r, i) => i < 10 && cents(r.amount) < 100_000_000);
    expect(rowIndex).toBeGreaterThanOrEqual(0);
    const lineId = rows[rowIndex]!.line_id;
    const oldCents = cents(rows[rowIndex]!.amount);
    const newCents = oldCents + 123_456;
    const amountCol = (await gridColumns(director, GRID)).indexOf('amount');

    await typeIntoCell(director, GRID, amountCol, rowIndex, (newCents / 100).toFixed(2));
    await waitForCents(director, GRID, 'line_id', lineId, 'amount', newCents);
    await sleep(PAUSE_MS);
    const between = Date.now();
    await sleep(PAUSE_MS);

    // History shows the edit; revert exactly that cell, with a reason.
    await clickCell(director, GRID, 0, rowIndex);
    const change = `${money(oldCents)} → ${money(newCents)}`;
    await director.waitForFunction(
      (text) => document.querySelector('[data-testid="history-panel"] [data-testid="history-entry"]')?.textContent?.includes(text) ?? false,
      change,
    );
    await director.click('[data-testid="history-panel"] [data-testid="history-entry"]:first-child [data-testid="revert-change"]');
    await director.fill('[data-testid="revert-dialog"] textarea[name="reason"]', 'entered on the wrong line');
    await director.click('[data-testid="revert-confirm"]');
    await director.waitForSelector('[data-testid="revert-outcome"][data-outcome="success"]');

    // The grid shows the old value again; the newest history entry is the revert, pointing at the edit.
    await waitForCents(director, GRID, 'line_id', lineId, 'amount', oldCents);
    await director.waitForSelector('[data-testid="history-panel"] [data-testid="history-entry"]:first-child [data-testid="history-reverts"]');
    const [revertEntry, editEntry] = await historyTexts(director);
    expect(revertEntry).toContain(`${money(newCents)} → ${money(oldCents)}`);
    expect(revertEntry).toContain('entered on the wrong line');
    expect(editEntry).toContain(change);
    await director.locator(`[data-block-id="${GRID}"]`).screenshot({ path: `${SHOTS}/history-revert.png` });

    // As of a time between the edit and the revert, the (read-only) grid holds the edited value.
    await director.fill('[data-testid="as-of-input"]', await localInput(director, between));
    await director.waitForSelector('[data-testid="as-of-banner"]');
    await waitForCents(director, GRID, 'line_id', lineId, 'amount', newCents);
    expect(await director.textContent('[data-testid="as-of-banner"]')).toContain('Viewing budget lines as of');
    expect(await director.textContent(`[data-block-id="${GRID}"] [data-testid="grid-read-only"]`)).toContain('Read-only');
    expect(await director.locator('[data-block-id="kpi-budget"] [data-testid="live-data-note"]').count()).toBe(1);
    await director.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
    await director.screenshot({ path: `${SHOTS}/as-of.png`, fullPage: true });
    await director.click('[data-testid="as-of-banner"] button');
    await director.waitForSelector('[data-testid="as-of-banner"]', { state: 'detached' });
    await waitForCents(director, GRID, 'line_id', lineId, 'amount', oldCents);

    // Changes: over the last hour the edit and its revert cancel out; up to the time between them, the edit shows.
    await director.click(`[data-block-id="${GRID}"] [data-testid="grid-changes"]`);
    await director.click('[data-testid="changes-dialog"] button:has-text("Last hour")');
    await director.waitForFunction(() => document.querySelector('[data-testid="diff-summary"]')?.textContent?.includes('No rows changed'));
    await director.fill('[data-testid="changes-dialog"] input[name="to"]', await localInput(director, between));
    await director.click('[data-testid="changes-dialog"] button[type="submit"]');
    await director.waitForSelector('[data-testid="diff-row"]');
    expect(await director.textContent('[data-testid="diff-summary"]')).toBe('1 row changed: 1 updated');
    const diffRow = director.locator('[data-testid="diff-row"]').first();
    expect(await diffRow.getAttribute('data-op')).toBe('update');
    expect(await diffRow.textContent()).toContain(`line ${lineId}`);
    expect(await diffRow.locator('del.diff-old').textContent()).toBe(money(oldCents));
    expect(await diffRow.locator('ins.diff-new').textContent()).toBe(money(newCents));
    expect(await diffRow.textContent()).toContain('director');
    await director.locator('[data-testid="changes-dialog"]').screenshot({ path: `${SHOTS}/diff.png` });
    await director.keyboard.press('Escape');

    // From the row's history, the revert opens on its own screen, linked to the edit it undid.
    await clickCell(director, GRID, 0, rowIndex);
    await director.click('[data-testid="history-panel"] [data-testid="history-entry"]:first-child [data-testid="history-open"]');
    await director.waitForSelector('[data-testid="changeset-detail"] [data-testid="diff-row"]');
    expect(await director.textContent('[data-testid="changeset-reason"]')).toBe('entered on the wrong line');
    await director.click('[data-testid="changeset-reverts"]');
    await director.waitForSelector('[data-testid="changeset-reverted-by"]');
    expect(await director.textContent('[data-testid="diff-table"]')).toContain(money(newCents));

    // Admin: create a finance partner for E06 and E07.
    const admin = await sessions.signIn(current().url, 'admin', '#/budget/overview');
    await admin.click('[data-testid="nav-users"]');
    await admin.waitForSelector('[data-testid="user-director"]');
    await admin.click('[data-testid="new-user"]');
    const form = admin.locator('[data-testid="user-create-form"]');
    await form.locator('input[name="username"]').fill('partner9');
    await form.locator('input[name="displayName"]').fill('Finance Partner 9');
    await form.locator('input[name="password"]').fill('correct horse battery');
    await form.locator('input[name="role"][value="finance_partner"]').check();
    await form.locator('input[aria-label="Attribute name"]').fill('entities');
    await form.locator('input[aria-label="Attribute value"]').fill('E06,E07');
    await admin.click('[data-testid="user-create-submit"]');
    const created = admin.locator('[data-testid="user-partner9"]');
    await created.waitFor();
    expect(await created.textContent()).toContain('finance_partner');
    expect(await created.textContent()).toContain('entities: E06, E07');
    await admin.screenshot({ path: `${SHOTS}/users.png`, fullPage: true });

    // Preview as partner9: the budget grid holds only their entities, read-only.
    await admin.goto(`${current().url}/#/budget/overview`);
    await waitForRows(admin, GRID);
    await admin.focus('[data-testid="preview-picker"]');
    await admin.waitForSelector('[data-testid="preview-picker"] option[value="partner9"]', { state: 'attached' });
    await admin.selectOption('[data-testid="preview-picker"]', 'partner9');
    await admin.waitForSelector('[data-testid="preview-banner"]');
    await admin.waitForFunction((id) => {
      const rows = (window as Window & { __roundtripGrids?: Record<string, { rows(): Record<string, unknown>[] }> }).__roundtripGrids?.[id]?.rows() ?? [];
      return rows.length > 0 && rows.every((r) => r.entity_id === 'E06' || r.entity_id === 'E07');
    }, GRID);
    // The first page holds E06 lines (sorted by line id); the total counts both entities' 480 lines each.
    const previewed = await gridRows(admin, GRID);
    expect(previewed.every((r) => r.entity_id === 'E06' || r.entity_id === 'E07')).toBe(true);
    expect(await admin.textContent(`[data-block-id="${GRID}"] [data-testid="grid-row-count"]`)).toBe('960 rows');
    expect(await admin.textContent('[data-testid="preview-banner"]')).toContain('Previewing as partner9 — read-only');
    expect(await admin.textContent(`[data-block-id="${GRID}"] [data-testid="grid-read-only"]`)).toContain('preview');
    await admin.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
    await admin.screenshot({ path: `${SHOTS}/preview.png`, fullPage: true });
    await admin.click('[data-testid="preview-banner"] button');
    await admin.waitForFunction(
      (id) =>
        ((window as Window & { __roundtripGrids?: Record<string, { rows(): Record<string, unknown>[] }> }).__roundtripGrids?.[id]?.rows() ?? []).some(
          (r) => r.entity_id === 'E01',
        ),
      GRID,
    );

    // The data team sees the SQL behind the built-in activity app.
    await admin.goto(`${current().url}/#/activity`);
    await admin.click('[data-testid="sql-toggle-table-recent"]');
    expect(await admin.textContent('[data-testid="sql-recent"] pre')).toContain('FROM "roundtrip_audit".changesets');
  });
});
