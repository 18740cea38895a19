import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_WEB_DIR } from '../support/test-server.js';

// Browser tests read the canvas grid through `window.__roundtripGrids`; only the test build may carry it.

const PRODUCTION_WEB_DIR = resolve(import.meta.dirname, '../../dist/web');

function scripts(dir: string): string[] {
  const assets = join(dir, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'));
}

describe('test hooks', () => {
  it('are compiled into the test build only, never into the production bundle', () => {
    expect(scripts(PRODUCTION_WEB_DIR).some((code) => code.includes('__roundtripGrids'))).toBe(false);
    expect(scripts(TEST_WEB_DIR).some((code) => code.includes('__roundtripGrids'))).toBe(true);
  });
});
