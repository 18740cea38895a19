import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { provisionChromium } from '../../support/tools/chromium-binary.js';

// Real headless Chromium for browser tests: one persistent profile (its own cookies) per user.
// Which build runs (ROUNDTRIP_CHROMIUM, else the one npm installs) is decided in chromium-binary.ts.

const WEB_INDEX = resolve(import.meta.dirname, '../../../dist/web/index.html');
export const WAIT_MS = 30_000;

let ready: Promise<void> | undefined;

/**
 * Fails early, with the fix, when the built UI is missing or the browser
 * cannot be provided or started here: browser suites fail, never skip.
 * Checked once per test process.
 */
export function assertBrowserReady(): Promise<void> {
  ready ??= probeBrowser();
  ready.catch(() => (ready = undefined));
  return ready;
}

async function probeBrowser(): Promise<void> {
  if (!existsSync(WEB_INDEX)) throw new Error('dist/web is missing; run `npm run build:web` first');
  const browser = await provisionChromium();
  try {
    const probe = await chromium.launch({
      executablePath: browser.executablePath,
      args: browser.args,
      env: { ...process.env, ...browser.env },
      headless: true,
    });
    await probe.close();
  } catch (error) {
    throw new Error(`Chromium (${browser.source}, ${browser.executablePath}) does not start here: ${(error as Error).message}`, { cause: error });
  }
}

export interface BrowserSessions {
  /** A fresh persistent profile (its own cookies) and its first page, not signed in. */
  openProfile(name: string): Promise<Page>;
  /** Opens `hash` on the server in a fresh profile and signs in with the demo password. */
  signIn(baseUrl: string, username: string, hash: string, password?: string): Promise<Page>;
  closeAll(): Promise<void>;
}

export function browserSessions(): BrowserSessions {
  const contexts: BrowserContext[] = [];
  const profileDirs: string[] = [];
  const openProfile = async (name: string): Promise<Page> => {
    const dir = mkdtempSync(join(tmpdir(), `roundtrip-${name}-`));
    profileDirs.push(dir);
    const browser = await provisionChromium();
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: browser.executablePath,
      env: { ...process.env, ...browser.env },
      headless: true,
      args: browser.args,
      viewport: { width: 1440, height: 1000 },
    });
    contexts.push(context);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(WAIT_MS);
    return page;
  };
  return {
    openProfile,
    async signIn(baseUrl, username, hash, password = 'demo') {
      const page = await openProfile(username);
      await page.goto(`${baseUrl}/${hash}`);
      await page.fill('input[name="username"]', username);
      await page.fill('input[name="password"]', password);
      await page.click('button[type="submit"]');
      await page.waitForSelector('[data-testid="live-status"][data-status="live"]');
      return page;
    },
    async closeAll() {
      for (const context of contexts) await context.close().catch(() => undefined);
      for (const dir of profileDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
