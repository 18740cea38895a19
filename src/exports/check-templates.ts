import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigIssue, LoadedProject } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { OoxmlPackage } from './ooxml/ooxml-package.js';
import { readPptxTargets } from './ooxml/pptx-template.js';
import { readXlsxTargets } from './ooxml/xlsx-template.js';
import { placeholderName } from './run-export.js';

/**
 * Reads every export template of the project and checks that each fill's
 * target is in it (a defined name or table of a workbook; a placeholder,
 * table or chart of a deck) and that a deck has no placeholder left
 * unfilled. Run when the project loads, so a broken template is a config
 * error with file and line, not a failed export later.
 */
export async function checkExportTemplates(project: LoadedProject): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  for (const app of project.apps.values()) {
    for (const [name, spec] of Object.entries(app.config.exports ?? {})) {
      const at = (path: (string | number)[], message: string) => issues.push(app.yaml.issue(['exports', name, ...path], message));
      let pkg: OoxmlPackage;
      try {
        pkg = await OoxmlPackage.open(await readFile(join(project.dir, spec.template)), 'template');
      } catch (error) {
        at(['template'], error instanceof AppError ? error.message : `cannot read ${spec.template} (relative to the project folder)`);
        continue;
      }
      try {
        if (spec.template.toLowerCase().endsWith('.xlsx')) {
          const targets = await readXlsxTargets(pkg);
          spec.fills.forEach((fill, i) => {
            if (!targets.has(fill.target)) {
              at(['fills', i, 'target'], `${spec.template} has no defined name or table '${fill.target}' (it has ${[...targets.keys()].join(', ') || 'none'})`);
            }
          });
        } else {
          const targets = await readPptxTargets(pkg);
          const filled = new Set<string>();
          spec.fills.forEach((fill, i) => {
            const placeholder = placeholderName(fill.target);
            if (placeholder) {
              filled.add(placeholder);
              if (!targets.placeholders.has(placeholder)) at(['fills', i, 'target'], `${spec.template} has no text {{${placeholder}}}`);
            } else if (!targets.tables.has(fill.target) && !targets.charts.has(fill.target)) {
              const names = [...targets.tables, ...targets.charts.keys()];
              at(['fills', i, 'target'], `${spec.template} has no table or chart named '${fill.target}' (it has ${names.join(', ') || 'none'})`);
            }
          });
          const unfilled = [...targets.placeholders].filter((p) => !filled.has(p));
          if (unfilled.length) at(['fills'], `${spec.template} has placeholders no fill targets: ${unfilled.map((p) => `{{${p}}}`).join(', ')}`);
        }
      } catch (error) {
        at(['template'], error instanceof AppError ? error.message : `${spec.template} could not be read: ${(error as Error).message}`);
      }
    }
  }
  return issues;
}
