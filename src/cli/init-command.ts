import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { AppError } from '../errors/index.js';
import { DEFAULT_WAREHOUSE, ENGINE_SCAFFOLDS, type EngineName } from '../warehouse/engines.js';
import { applyTemplate, type TemplateName, YAML_STYLE } from './project-templates.js';

/**
 * Scaffolds a new project from the demo (config, apps, seed scripts; no data),
 * with the warehouse block of `engine` (its scaffold in src/warehouse/<engine>/),
 * cut down to one data-app pattern when `template` names one; the demo data
 * is generated in that warehouse on first start.
 */
export function initCommand(target: string, engine: EngineName = DEFAULT_WAREHOUSE.type, template?: TemplateName): string {
  const dir = resolve(target);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new AppError('REQ_INVALID', `${dir} is not empty; choose a new folder.`);
  }
  const demo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'demo');
  cpSync(demo, dir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  const warehouse = ENGINE_SCAFFOLDS[engine].warehouse;
  if (warehouse) setWarehouse(join(dir, 'roundtrip.yaml'), warehouse.block, warehouse.comment);
  if (template) applyTemplate(dir, template);
  return dir;
}

function setWarehouse(file: string, block: Record<string, unknown>, comment?: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const node = doc.createNode(block);
  if (comment) node.commentBefore = comment;
  doc.set('warehouse', node);
  writeFileSync(file, doc.toString(YAML_STYLE));
}
