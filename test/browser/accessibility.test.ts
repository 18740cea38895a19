import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runAxe, seriousViolations } from './support/axe.js';
import { useBrowserSuite } from './support/browser-suite.js';

// axe-core (WCAG 2 A and AA) on the main screens at desktop, laptop and phone widths, in real
// Chromium against the demo server: no serious or critical violation. Each screen is saved as a
// full-page screenshot per width.

const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-accessibility';
const WIDTHS = [1440, 1024, 390];

/** A budget line partner1 submits for approval, for the request detail screen: its hash. */
async function submittedRequest(page: Page): Promise<string> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${page.url().split('#')[0]}#/budget`);
  await page.click('a.nav-page:has-text("Submit budget line")');
  await page.waitForSelector('[data-testid="form-field-entity_id"] option[value="E01"]', { state: 'attached' });
  await page.selectOption('[data-testid="form-field-entity_id"]', 'E01');
  await page.waitForSelector('[data-testid="form-field-account_id"] option[value="4000"]', { state: 'attached' });
  await page.selectOption('[data-testid="form-field-account_id"]', '4000');
  await page.fill('[data-testid="form-field-period"]', '2026-05');
  await page.fill('[data-testid="form-field-amount"]', '30000');
  await page.fill('[data-testid="form-field-comment"]', 'checked for accessibility');
  await page.click('[data-testid="form-submit-form-budget-line"]');
  const submitted = await page.waitForSelector('[data-testid="form-outcome"][data-outcome="submitted"]');
  return `#/~approvals/${await submitted.getAttribute('data-request-id')}`;
}

/** A changeset the signed-in director writes (a comment on the first budget line), for the changeset screen: its hash. */
async function writtenChangeset(page: Page): Promise<string> {
  const id = await page.evaluate(async () => {
    const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
    const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
    const query = await fetch('/api/apps/budget/datasets/budget_lines/query', { method: 'POST', headers, body: JSON.stringify({ limit: 1 }) });
    const row = ((await query.json()) as { rows: { line_id: number; comment: string | null }[] }).rows[0]!;
    const change = { op: 'update', key: { line_id: row.line_id }, set: { comment: 'checked for accessibility' }, expect: { comment: row.comment } };
    const written = await fetch('/api/apps/budget/tables/budget_lines/changesets', {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason: 'accessibility check', changes: [change] }),
    });
    return ((await written.json()) as { changesetId: string }).changesetId;
  });
  return `#/~changesets/${id}`;
}

/** One line per screen: who sees it, where (a hash, or how to make one), and what shows it is ready. */
const SCREENS: { name: string; user: string | null; hash: string | ((page: Page) => Promise<string>); ready: string }[] = [
  { name: 'login', user: null, hash: '#/', ready: 'input[name="username"]' },
  { name: 'dashboard', user: 'director', hash: '#/budget/overview', ready: '[data-testid^="kpi-"][data-value]' },
  { name: 'planning', user: 'partner1', hash: '#/budget/plan', ready: '[data-testid^="matrix-"] td' },
  { name: 'request-detail', user: 'partner1', hash: submittedRequest, ready: '[data-testid="request-detail"]' },
  { name: 'approvals-inbox', user: 'director', hash: '#/~approvals', ready: '[data-testid="live-status"]' },
  { name: 'rules-editor', user: 'admin', hash: '#/~rules-editor', ready: '[data-testid="live-status"]' },
  { name: 'users', user: 'admin', hash: '#/~users', ready: '[data-testid="user-director"]' },
  { name: 'admin-changes', user: 'admin', hash: '#/~admin-changes', ready: '[data-testid="live-status"]' },
  { name: 'changeset', user: 'director', hash: writtenChangeset, ready: '[data-testid="changeset-detail"] [data-testid="diff-row"]' },
  { name: 'activity', user: 'admin', hash: '#/activity/overview', ready: '[data-testid="table-table-recent"] tbody tr td' },
  { name: 'scenario-model', user: 'analyst', hash: '#/scenarios/model', ready: '[data-testid="inputs-inputs-vehicle"] input[type="range"]' },
  { name: 'product-mapping', user: 'controller', hash: '#/mapping/map', ready: '[data-testid="table-table-records"] tbody tr td input[type="checkbox"]' },
  { name: 'month-end-close', user: 'accountant', hash: '#/close/worklist', ready: '[data-testid^="kpi-"][data-value]' },
];

describe('accessibility of the main screens', () => {
  const { server: current, sessions } = useBrowserSuite({ shots: SHOTS });
  const pages = new Map<string, Page>();

  async function pageFor(user: string | null): Promise<Page> {
    const name = user ?? 'anonymous';
    const known = pages.get(name);
    if (known) return known;
    const page = user ? await sessions.signIn(current().url, user, '#/') : await sessions.openProfile(name);
    pages.set(name, page);
    return page;
  }

  it.each(SCREENS)('$name has no serious or critical violation at 1440, 1024 and 390 px', { timeout: 180_000 }, async (screen) => {
    const page = await pageFor(screen.user);
    const failures: string[] = [];
    const hash = typeof screen.hash === 'string' ? screen.hash : await screen.hash(page);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.goto(`${current().url}/${hash}`);
      await page.waitForSelector(screen.ready);
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
      // Narrowing the window slides the sidebar away: judge and photograph the page once it has settled.
      await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
      await page.screenshot({ path: `${SHOTS}/${screen.name}-${width}.png`, fullPage: true });
      const result = await runAxe(page);
      // axe really judged the page: some rules passed.
      expect(result.passed).toBeGreaterThan(0);
      for (const line of seriousViolations(result.violations)) failures.push(`${width} px: ${line}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
