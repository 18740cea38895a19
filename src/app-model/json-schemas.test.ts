import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJsonSchemas } from './json-schemas.js';

describe('exported JSON Schemas', () => {
  it('match the loader schemas (regenerate with `roundtrip schema --out schema`)', () => {
    for (const [file, text] of Object.entries(buildJsonSchemas())) {
      expect(readFileSync(join(import.meta.dirname, '../../schema', file), 'utf8'), file).toBe(text);
    }
  });
});
