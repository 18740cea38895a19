import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './codes.js';

const README = resolve(import.meta.dirname, '../../README.md');
const ROW = /^\| `([A-Z_]+)` \| (\d{3}) \|/;

/** Code → HTTP status as the README's error-code table documents them. */
function documentedCodes(): Map<string, number> {
  const documented = new Map<string, number>();
  for (const line of readFileSync(README, 'utf8').split('\n')) {
    const match = ROW.exec(line);
    if (match) documented.set(match[1]!, Number(match[2]));
  }
  return documented;
}

describe('ERROR_CODES', () => {
  it('documents every code of the registry in the README with its status', () => {
    const documented = documentedCodes();
    const missing = Object.entries(ERROR_CODES)
      .filter(([code, { status }]) => documented.get(code) !== status)
      .map(([code, { status }]) => `${code} ${status}`);
    expect(missing).toEqual([]);
  });

  it('documents no code in the README that the registry lacks', () => {
    const extra = [...documentedCodes().keys()].filter((code) => !(code in ERROR_CODES));
    expect(extra).toEqual([]);
  });

  it('gives every code an HTTP error status and a summary', () => {
    for (const [code, { status, summary }] of Object.entries(ERROR_CODES)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(summary.length, code).toBeGreaterThan(10);
    }
  });
});
