import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';

/** How scaffolded files are written: long values (password hashes) on one line, flow lists as people write them. */
export const YAML_STYLE = { lineWidth: 0, flowCollectionPadding: false } as const;

/** A starting point cut from the demo: its apps, the seed blocks their data needs, and the roles and users they name. */
export interface ProjectTemplate {
  title: string;
  summary: string;
  apps: string[];
  /** `whenMissing` markers of the demo's seed blocks to keep. */
  seeds: string[];
  roles: string[];
  /** Other folders of the demo the apps read (e.g. export templates). */
  folders: string[];
}

export const PROJECT_TEMPLATES = {
  mapping: {
    title: 'Product mapping',
    summary: 'master data: map three source systems to a corporate product master, enrich it, log why',
    apps: ['mapping'],
    seeds: ['product_map'],
    roles: ['admin', 'controller', 'viewer'],
    folders: [],
  },
  planning: {
    title: 'Planning and close',
    summary: 'budget planning with approvals, the P&L mappings and the month-end close',
    apps: ['budget', 'close'],
    seeds: ['journal_lines', 'pl_groups'],
    roles: ['admin', 'finance_partner', 'finance_director', 'cfo', 'viewer', 'accountant'],
    folders: ['exports'],
  },
  scenarios: {
    title: 'Scenario modelling',
    summary: 'what-if: spec a vehicle with sliders and see its market position recomputed; save, compare, promote',
    apps: ['scenarios'],
    seeds: ['ev_models'],
    roles: ['admin', 'analyst'],
    folders: [],
  },
} satisfies Record<string, ProjectTemplate>;

export type TemplateName = keyof typeof PROJECT_TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(PROJECT_TEMPLATES) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(PROJECT_TEMPLATES, name);
}

/**
 * Cuts a copy of the demo in `dir` down to one template: the other apps and
 * their SQL folders go, and so do the seed blocks, seed scripts, roles and
 * users (those holding a role the template drops) nothing left refers to.
 */
export function applyTemplate(dir: string, name: TemplateName): void {
  const template: ProjectTemplate = PROJECT_TEMPLATES[name];
  const file = join(dir, 'roundtrip.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('name', template.title);
  // The demo's opening comment (on the document or its first key) gives way to the template's.
  const contents = doc.contents as YAMLMap;
  const first = contents.items[0]?.key as { commentBefore?: string | null } | undefined;
  if (first) first.commentBefore = null;
  contents.commentBefore = null;
  doc.commentBefore = ` Roundtrip project from the ${name} template: ${template.summary}.
 Every user's password is "demo" (stored as an scrypt hash; make your own
 with \`roundtrip hash-password\`).`;

  const kept = new Set<string>();
  const seed = doc.get('seed');
  if (isSeq(seed)) {
    seed.items = seed.items.filter((block) => isMap(block) && template.seeds.includes(String(block.get('whenMissing'))));
    for (const block of seed.items) for (const path of seedScripts((block as YAMLMap).toJSON() as { scripts: unknown })) kept.add(path);
  }
  const roles = doc.get('roles');
  if (isMap(roles)) roles.items = roles.items.filter((pair) => template.roles.includes(String((pair.key as { value?: unknown })?.value ?? pair.key)));
  const users = doc.get('users');
  if (isSeq(users))
    users.items = users.items.filter((user) => {
      const held = ((user as YAMLMap).toJSON() as { roles?: string[] }).roles ?? [];
      return held.length > 0 && held.every((role) => template.roles.includes(role));
    });
  writeFileSync(file, doc.toString(YAML_STYLE));

  for (const entry of readdirSync(join(dir, 'apps'))) {
    const app = entry.replace(/\.yaml$/, '');
    if (!template.apps.includes(app)) rmSync(join(dir, 'apps', entry), { recursive: true, force: true });
  }
  removeUnused(dir, join(dir, 'seed'), kept);
  for (const folder of ['exports'])
    if (!template.folders.includes(folder) && existsSync(join(dir, folder))) rmSync(join(dir, folder), { recursive: true, force: true });
}

/** Script paths of a seed block: one list for every warehouse, or one per warehouse type. */
function seedScripts(block: { scripts: unknown }): string[] {
  const scripts = block.scripts;
  if (Array.isArray(scripts)) return scripts.map(String);
  if (scripts && typeof scripts === 'object') return Object.values(scripts).flatMap((list) => (Array.isArray(list) ? list.map(String) : []));
  return [];
}

function removeUnused(root: string, folder: string, kept: ReadonlySet<string>): void {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      removeUnused(root, path, kept);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (!kept.has(relative(root, path).split('\\').join('/'))) rmSync(path);
  }
}
