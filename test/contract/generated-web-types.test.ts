import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildWebTypes, WEB_TYPES_FILE } from '../../scripts/web-types/build-web-types.js';
import { blockSchema } from '../../src/app-model/app-schema.js';
import { buildOpenApiDocument } from '../../src/server/openapi.js';

describe('generated web types', () => {
  it('are current (regenerate with `npm run generate:web-types`)', async () => {
    const committed = readFileSync(join(import.meta.dirname, '../..', WEB_TYPES_FILE), 'utf8');
    expect(committed).toBe(await buildWebTypes());
  }, 60_000);

  it('carry every block type of the app schema', async () => {
    const text = await buildWebTypes();
    const blockTypes = blockSchema.options.map((option) => z.toJSONSchema(option, { io: 'output' }).properties?.type);
    expect(blockTypes.length).toBeGreaterThan(0);
    const blockSpec = text.slice(text.indexOf('export type BlockSpec'));
    for (const type of blockTypes) {
      const literal = (type as { const: string }).const;
      expect(blockSpec, literal).toContain(`type: "${literal}";`);
    }
  }, 60_000);

  it('describe the response bodies in the OpenAPI document', () => {
    const paths = buildOpenApiDocument('test').paths as Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    const described = (path: string, method: string) => paths[path]?.[method]?.responses['200']?.content;
    for (const [path, method] of [
      ['/api/auth/login', 'post'],
      ['/api/auth/me', 'get'],
      ['/api/apps', 'get'],
      ['/api/apps/{app}', 'get'],
      ['/api/apps/{app}/datasets/{dataset}/query', 'post'],
      ['/api/apps/{app}/tables/{table}/changesets', 'post'],
      ['/api/apps/{app}/tables/{table}/history', 'get'],
    ] as const) {
      expect(described(path, method), `${method} ${path}`).toMatchObject({ 'application/json': { schema: { type: 'object' } } });
    }
  });
});
