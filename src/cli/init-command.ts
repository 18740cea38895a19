import { cpSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/index.js';

/** Scaffolds a new project from the demo (config, apps, seed scripts; no data). */
export function initCommand(target: string): string {
  const dir = resolve(target);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new AppError('REQ_INVALID', `${dir} is not empty; choose a new folder.`);
  }
  const demo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'demo');
  cpSync(demo, dir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  return dir;
}
