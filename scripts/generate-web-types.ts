/**
 * Writes the web UI's contract types (web/src/api/generated) from the server's zod schemas.
 * Run after changing a request, response or app schema: `npm run generate:web-types`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildWebTypes, WEB_TYPES_FILE } from './web-types/build-web-types.js';

const file = resolve(import.meta.dirname, '..', WEB_TYPES_FILE);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, await buildWebTypes());
console.log(`wrote ${WEB_TYPES_FILE}`);
