import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../support/test-server.js';

// Each data-app pattern ships as configuration only, in at most 150 lines of YAML (dataset SQL
// kept in .sql files beside it does not count): an app that needs more shows a missing feature.

const PATTERN_APPS = ['mapping', 'close', 'scenarios'];

describe('pattern apps of the demo', () => {
  it.each(PATTERN_APPS)('apps/%s.yaml is at most 150 lines', (app) => {
    const lines = readFileSync(join(DEMO_DIR, 'apps', `${app}.yaml`), 'utf8')
      .trimEnd()
      .split('\n').length;
    expect(lines).toBeLessThanOrEqual(150);
  });
});
