import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/browser-suite.js';
import { WAIT_MS } from './support/chromium.js';
import { gridRows, waitForRows, type ProbeWindow } from './support/grid-probe.js';

// Real Chromium against the real server: the director runs the demo's "Map FX to finance costs"
// action from its button, confirms, and the mapping grid shows the new line; a viewer may not run it;
// a step that refuses is named in the banner.

const BUTTON = '[data-testid="button-button-map-fx"]';
const OUTCOME = '[data-testid="button-outcome-button-map-fx"]';
const GRID = 'grid-mapping';

describe('action button in the browser', () => {
  const { server: current, sessions } = useBrowserSuite();

  it('runs the action after the confirmation and shows the new mapping', { timeout: 120_000 }, async () => {
    const director = await sessions.signIn(current().url, 'director', '#/budget/mappings');
    await waitForRows(director, GRID);
    const before = (await gridRows(director, GRID)).find((r) => String(r.account_id) === '8100');
    expect(before?.pl_line_id ?? null).toBeNull();

    await director.locator(BUTTON).click();
    const dialog = director.locator('[data-testid="confirm-dialog"]');
    await dialog.waitFor({ timeout: WAIT_MS });
    expect(await dialog.textContent()).toContain('Map account 8100 (FX gains and losses) to the FIN line?');
    await director.locator('[data-testid="confirm-action"]').click();

    const outcome = director.locator(OUTCOME);
    await outcome.waitFor({ timeout: WAIT_MS });
    expect(await outcome.getAttribute('data-outcome')).toBe('done');
    expect((await outcome.textContent())?.trim()).toBe('Done');
    await director.waitForFunction(
      (id) => ((window as ProbeWindow).__roundtripGrids?.[id]?.rows() ?? []).some((r) => String(r.account_id) === '8100' && r.pl_line_id === 'FIN'),
      GRID,
      { timeout: WAIT_MS },
    );

    // Running it again changes nothing and still succeeds: the update expects the value it reads.
    await director.locator(BUTTON).click();
    await director.locator('[data-testid="confirm-action"]').click();
    await director.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-outcome') === 'done', OUTCOME, { timeout: WAIT_MS });
  });

  it('hides what a viewer can never use: the button, and the page that is only a form they may not submit', { timeout: 120_000 }, async () => {
    const viewer = await sessions.signIn(current().url, 'viewer', '#/budget/mappings');
    // The mapping grid is there to read; the button that changes the mapping is not offered at all.
    await viewer.waitForSelector('[data-block-id="grid-mapping"]');
    expect(await viewer.locator(BUTTON).count()).toBe(0);
    const pages = await viewer.locator('a.nav-page').allTextContents();
    expect(pages).toEqual(['Overview', 'Plan', 'P&L mapping']);
    // Opened by its address anyway, the form's page says why it is empty.
    await viewer.goto(`${current().url}/#/budget/submit`);
    const note = await viewer.waitForSelector('[data-testid="page-not-usable"]');
    expect(await note.textContent()).toBe('Nothing on this page is available to you: it is for people who may use the form “New budget line”.');
    expect(await viewer.locator('[data-testid="form-form-budget-line"]').count()).toBe(0);
    const partner = await sessions.signIn(current().url, 'partner1', '#/budget/overview');
    await partner.waitForSelector('a.nav-page:has-text("Submit budget line")');
  });

  it('names the step that stopped the action and why', { timeout: 120_000 }, async () => {
    const file = join(current().projectDir, 'apps/budget.yaml');
    const check = `check: '"admin" in user.roles || "finance_director" in user.roles'`;
    expect(readFileSync(file, 'utf8')).toContain(check);
    writeFileSync(file, readFileSync(file, 'utf8').replace(check, `check: '"cfo" in user.roles'`));
    await current().runtime.reload();

    const director = await sessions.signIn(current().url, 'director', '#/budget/mappings');
    await director.locator(BUTTON).click();
    await director.locator('[data-testid="confirm-action"]').click();
    await director.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-outcome') === 'failed', OUTCOME, { timeout: WAIT_MS });
    expect((await director.locator(OUTCOME).textContent())?.trim()).toBe(
      'Step 1 (validate) failed: Only the finance director or an admin may change the P&L mapping.',
    );
  });
});
