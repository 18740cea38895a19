import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { AppError } from '../errors/index.js';

export type InitWarehouse = 'duckdb' | 'postgres';

/**
 * Scaffolds a new project from the demo (config, apps, seed scripts; no data).
 * With `postgres`, the warehouse block reads the standard PG* variables; the
 * demo data is generated in that database on first start.
 */
export function initCommand(target: string, warehouse: InitWarehouse = 'duckdb'): string {
  const dir = resolve(target);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new AppError('REQ_INVALID', `${dir} is not empty; choose a new folder.`);
  }
  const demo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'demo');
  cpSync(demo, dir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  if (warehouse === 'postgres') usePostgres(join(dir, 'roundtrip.yaml'));
  return dir;
}

function usePostgres(file: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const block = doc.createNode({
    type: 'postgres',
    host: { env: 'PGHOST' },
    port: { env: 'PGPORT' },
    database: { env: 'PGDATABASE' },
    user: { env: 'PGUSER' },
  });
  block.commentBefore = ' Add `password: { env: PGPASSWORD }` when the server asks for one; see README (PostgreSQL).';
  doc.set('warehouse', block);
  writeFileSync(file, doc.toString());
}
