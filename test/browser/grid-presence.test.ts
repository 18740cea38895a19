import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { cellBounds, gridColumns, gridRows, openGridPage, type ProbeWindow } from './support/grid-probe.js';

// Two people on the budget page in two browsers: each sees the other in the page's presence bar;
// the row one has an editor open on is marked with their name in the other's grid; closing the
// page takes them out of the other's bar.

const GRID = 'grid-budget';
const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-grid';

describe('presence on the budget page', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });

  const openBudget = (username: string): Promise<Page> => openGridPage(sessions, current().url, username, GRID);

  const waitForPerson = (page: Page, user: string) => page.waitForSelector(`[data-testid="presence-bar"] [data-testid="presence-person"][data-user="${user}"]`);

  /** Waits until the grid marks the row with this line id as edited by `name`, or (name null) marks no row. */
  async function waitForEditingBy(page: Page, lineId: unknown, name: string | null) {
    await page.waitForFunction(
      ([id, key, who]) => {
        const extra = (window as ProbeWindow).__roundtripGrids?.[id as string]?.extra() as { editingBy?: Record<string, string> } | undefined;
        const marks = Object.entries(extra?.editingBy ?? {});
        if (who === null) return extra !== undefined && marks.length === 0;
        return marks.some(([row, by]) => row === JSON.stringify([['line_id', String(key)]]) && by === who);
      },
      [GRID, lineId, name] as const,
    );
  }

  it('shows who else is here, the row they edit, and drops them when they leave', { timeout: 180_000 }, async () => {
    const partner = await openBudget('partner1');
    const director = await openBudget('director');

    // Each sees the other in the bar, by name on hover.
    const directorAvatar = await waitForPerson(partner, 'director');
    expect(await directorAvatar.getAttribute('title')).toBe('Dana Director');
    expect(await partner.textContent('[data-testid="presence-bar"]')).toContain('1 other here');
    const partnerAvatar = await waitForPerson(director, 'partner1');
    expect(await partnerAvatar.getAttribute('title')).toBe('Finance Partner 1');
    await partner.evaluate(() => document.querySelector('.page-heading')?.scrollIntoView());
    await partner.screenshot({ path: `${SHOTS}/presence-bar-1440.png` });
    // Nobody is shown to themself.
    expect(await partner.$('[data-testid="presence-person"][data-user="partner1"]')).toBeNull();

    // The director opens an editor on a budget line both may read: partner1's grid marks that row.
    const rows = await gridRows(director, GRID);
    const columns = await gridColumns(director, GRID);
    const gridTop = async () => (await (await partner.waitForSelector(`[data-testid="grid-${GRID}"]`)).boundingBox())!.y;
    const topBefore = await gridTop();
    const box = await cellBounds(director, GRID, columns.indexOf('comment'), 1);
    await director.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await director.waitForSelector('[data-testid="cell-editor"][data-open="true"]');
    await waitForEditingBy(partner, rows[1]!.line_id, 'Dana Director');
    await partner.waitForFunction(() => document.querySelector('[data-testid="grid-presence"]')?.textContent?.includes('Dana Director is editing'));
    // The name appears without moving partner1's rows (a click aimed at a row must still land on it).
    expect(await gridTop()).toBe(topBefore);
    await (await partner.waitForSelector(`[data-block-id="${GRID}"]`)).scrollIntoViewIfNeeded();
    await partner.screenshot({ path: `${SHOTS}/presence-editing-1440.png` });

    // The editor closes: the mark goes.
    await director.keyboard.press('Escape');
    await waitForEditingBy(partner, rows[1]!.line_id, null);

    // The director closes the page: partner1's bar no longer shows them.
    await director.close();
    await partner.waitForFunction(() => !document.querySelector('[data-testid="presence-person"][data-user="director"]'));
    expect(await partner.$('[data-testid="presence-bar"]')).toBeNull();
  });
});
