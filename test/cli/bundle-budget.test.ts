import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// The built UI (dist/web, built before the tests run): what every page, embedded ones included,
// loads before any code runs is the entry script, its modulepreloads and their static imports.
const WEB_DIR = resolve(import.meta.dirname, '../../dist/web');
const EMBED_INITIAL_JS_LIMIT = 150 * 1024;

function initialScripts(): string[] {
  const html = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(WEB_DIR, file), 'utf8');
    // Static imports only: `import(...)` chunks load later, when a block needs them.
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"(\.\/[^"]+\.js)"/g)) queue.push(join(file, '..', m[1]!));
  }
  return [...seen];
}

describe('initial JavaScript of the built UI', () => {
  it('is found in dist/web', () => {
    expect(existsSync(join(WEB_DIR, 'index.html')), 'dist/web is missing; run `npm run build:web`').toBe(true);
    expect(initialScripts().length).toBeGreaterThan(0);
  });

  it('stays within 150 kB gzipped for an embedded page and leaves the chart and grid chunks out', () => {
    const files = initialScripts();
    expect(files.filter((f) => /chart-block|grid-block/.test(f))).toEqual([]);
    // The inline early script (first-view/early.ts) is in every page too.
    const inline = [...readFileSync(join(WEB_DIR, 'index.html'), 'utf8').matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('');
    const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(WEB_DIR, f)), { level: 9 }).length, gzipSync(inline, { level: 9 }).length);
    expect(bytes, `initial JS ${files.join(', ')}: ${(bytes / 1024).toFixed(1)} kB gzipped`).toBeLessThanOrEqual(EMBED_INITIAL_JS_LIMIT);
  });
});
