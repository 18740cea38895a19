import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { useBrowserSuite } from './support/browser-suite.js';

// An open tab follows its session: when the user logs out everywhere from another device, the
// server ends the tab's event stream and the tab goes back to the sign-in page by itself.

describe('an open tab when its session ends elsewhere', () => {
  const { server: current, sessions: browsers } = useBrowserSuite();

  it('returns to the sign-in page without any click', async () => {
    const page = await browsers.openProfile('partner1');
    await page.goto(`${current().url}/#/budget/overview`);
    await page.fill('input[name="username"]', 'partner1');
    await page.fill('input[name="password"]', 'demo');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="live-status"][data-status="live"]');

    const elsewhere = await ApiClient.login(current().url, 'partner1');
    expect((await elsewhere.request('POST', '/api/auth/logout-all')).status).toBe(200);

    await page.waitForSelector('form[aria-label="Sign in"]', { timeout: 10_000 });
    expect(await page.textContent('.login-note')).toContain('Your session has ended');
  });
});
