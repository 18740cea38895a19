import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Real headless Chromium for browser tests: one persistent profile (its own cookies) per user.

const CHROMIUM = process.env.ROUNDTRIP_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WEB_INDEX = resolve(import.meta.dirname, '../../../dist/web/index.html');
export const WAIT_MS = 30_000;

/** Fails early, with the fix, when the browser or the built UI is missing. */
export function assertBrowserReady(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install it or set ROUNDTRIP_CHROMIUM`);
  if (!existsSync(WEB_INDEX)) throw new Error('dist/web is missing; run `npm run build:web` first');
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
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
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
