import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runAxe, seriousViolations } from './support/axe.js';
import { useBrowserSuite } from './support/browser-suite.js';

// axe-core (WCAG 2 A and AA) on the main screens at desktop, laptop and phone widths, in real
// Chromium against the demo server: no serious or critical violation. Each screen is saved as a
// full-page screenshot per width.

const SHOTS = process.env.ROUNDTRIP_SCREENSHOTS ?? '/tmp/roundtrip-accessibility';
const WIDTHS = [1440, 1024, 390];

/** One line per screen: who sees it, where, and what shows it is ready. */
const SCREENS: { name: string; user: string | null; hash: string; ready: string }[] = [
  { name: 'login', user: null, hash: '#/', ready: 'input[name="username"]' },
  { name: 'dashboard', user: 'director', hash: '#/budget/overview', ready: '[data-testid^="kpi-"][data-value]' },
  { name: 'planning', user: 'partner1', hash: '#/budget/plan', ready: '[data-testid="live-status"]' },
  { name: 'approvals-inbox', user: 'director', hash: '#/~approvals', ready: '[data-testid="live-status"]' },
  { name: 'rules-editor', user: 'admin', hash: '#/~rules-editor', ready: '[data-testid="live-status"]' },
  { name: 'users', user: 'admin', hash: '#/~users', ready: '[data-testid="user-director"]' },
  { name: 'admin-changes', user: 'admin', hash: '#/~admin-changes', ready: '[data-testid="live-status"]' },
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
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.goto(`${current().url}/${screen.hash}`);
      await page.waitForSelector(screen.ready);
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
      await page.screenshot({ path: `${SHOTS}/${screen.name}-${width}.png`, fullPage: true });
      for (const line of seriousViolations(await runAxe(page))) failures.push(`${width} px: ${line}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
