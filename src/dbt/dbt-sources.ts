import type { ResolvedProject, ResolvedTable } from '../app-model/index.js';
import { COMMENTS_TABLE } from '../comments/comment-schema.js';
import { EXPORTS_TABLE } from '../exports/record-export.js';
import { AUDIT_TABLES } from '../governance/audit/audit-schema.js';
import { type Catalog, type CatalogTable, findCatalogTable } from '../warehouse/catalog.js';
import { APPROVAL_TABLES } from '../workflows/approval-tables.js';

/** What the audit schema's tables hold, for the data team reading the dbt docs. */
const AUDIT_DESCRIPTIONS: Record<string, { table: string; loadedAt?: string; key?: string[]; columns?: Record<string, string> }> = {
  [AUDIT_TABLES.changesets]: {
    table: 'One row per committed changeset: who wrote which table of which app, when and why; linked in a hash chain.',
    loadedAt: 'committed_at',
    key: ['changeset_id'],
    columns: {
      changeset_id: 'Id of the changeset (cell_changes.changeset_id).',
      committed_at: 'When the changeset committed.',
      username: 'Who wrote it.',
      app: 'The Roundtrip app it was written through.',
      table_name: 'The warehouse table written (as named in the app).',
      reason: 'The reason the person gave, if any.',
      reverts: 'The changeset this one reverts; null when it is not a revert.',
    },
  },
  [AUDIT_TABLES.cellChanges]: {
    table: 'One row per changed cell: the old and the new value as text, the row key as JSON of the key columns.',
    key: ['changeset_id', 'seq'],
    columns: {
      changeset_id: 'The changeset (changesets.changeset_id).',
      op: 'insert, update or delete.',
      row_key: 'JSON of the key columns, e.g. {"line_id":12}.',
      column_name: 'The column changed.',
      old_value: 'Value before, as text (null: none).',
      new_value: 'Value after, as text (null: none).',
    },
  },
  [AUDIT_TABLES.rejections]: {
    table: 'Refused changesets: who, which table, the error code and what the person was told. Nothing of them was written.',
    loadedAt: 'rejected_at',
  },
  [AUDIT_TABLES.chainHead]: { table: 'The newest link of the audit hash chain (one row).' },
  [APPROVAL_TABLES.requests]: {
    table: 'Approval requests: the submitted changes, their route, status and the changeset that applied them.',
    loadedAt: 'updated_at',
    key: ['request_id'],
  },
  [APPROVAL_TABLES.steps]: {
    table: 'Each approval step: who approved, rejected, withdrew or escalated a request, when, with which comment.',
    key: ['request_id', 'seq'],
  },
  [EXPORTS_TABLE]: { table: 'Excel and PowerPoint exports: who exported what, when, with which parameters.', loadedAt: 'exported_at' },
  [COMMENTS_TABLE]: { table: 'Comment threads on rows of writable tables.', key: ['comment_id'] },
};

interface DbtColumn {
  name: string;
  description?: string;
  data_type: string;
  data_tests?: string[];
}

interface DbtTable {
  name: string;
  description: string;
  loaded_at_field?: string;
  meta?: Record<string, unknown>;
  columns: DbtColumn[];
}

export interface DbtSource {
  name: string;
  description: string;
  schema: string;
  tables: DbtTable[];
}

/**
 * dbt `sources` for the tables the project's apps write to (one source per
 * warehouse schema) and for Roundtrip's audit schema, read from the
 * warehouse catalogue so names and types are exactly what exists. Key
 * columns carry `not_null` (and `unique` for a one-column key), so `dbt test`
 * checks what Roundtrip relies on.
 */
export function buildDbtSources(project: ResolvedProject, catalog: Catalog, defaultSchema: string): { version: 2; sources: DbtSource[] } {
  const bySchema = new Map<string, DbtTable[]>();
  const seen = new Set<string>();
  for (const app of project.apps.values()) {
    for (const table of app.tables.values()) {
      const found = findCatalogTable(catalog, table.qualifiedName, defaultSchema);
      if (!found || seen.has(`${found.schema}.${found.name}`)) continue;
      seen.add(`${found.schema}.${found.name}`);
      const tables = bySchema.get(found.schema) ?? [];
      tables.push(writableTable(app.name, table, found));
      bySchema.set(found.schema, tables);
    }
  }
  const sources: DbtSource[] = [...bySchema].map(([schema, tables]) => ({
    name: `roundtrip_${schema}`,
    description: `Tables Roundtrip apps write to in schema ${schema}: every change is permission-checked and audited in ${project.config.audit.schema}.`,
    schema,
    tables: tables.sort((a, b) => a.name.localeCompare(b.name)),
  }));

  const auditSchema = project.config.audit.schema;
  const auditTables = catalog.tables
    .filter((t) => t.schema === auditSchema && AUDIT_DESCRIPTIONS[t.name])
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => auditTable(t));
  sources.push({
    name: 'roundtrip_audit',
    description: 'The Roundtrip audit trail, approvals, exports and comments.',
    schema: auditSchema,
    tables: auditTables,
  });
  return { version: 2, sources };
}

function writableTable(app: string, table: ResolvedTable, found: CatalogTable): DbtTable {
  const exposed = new Set(table.columns.map((c) => c.name));
  const writable = [...new Set(table.writePolicies.flatMap((p) => [...p.columns]))].sort();
  return {
    name: found.name,
    description: `${table.title} (app ${app}). Written through Roundtrip: key ${table.key.join(', ')}; the audit has every change (cell_changes.table_name = '${table.qualifiedName}').`,
    meta: { roundtrip: { app, key: table.key, writable_columns: writable } },
    columns: found.columns.filter((c) => exposed.has(c.name)).map((c) => ({ name: c.name, data_type: c.type.toLowerCase(), ...keyTests(c.name, table.key) })),
  };
}

function auditTable(found: CatalogTable): DbtTable {
  const about = AUDIT_DESCRIPTIONS[found.name]!;
  return {
    name: found.name,
    description: about.table,
    ...(about.loadedAt ? { loaded_at_field: about.loadedAt } : {}),
    columns: found.columns.map((c) => ({
      name: c.name,
      ...(about.columns?.[c.name] ? { description: about.columns[c.name] } : {}),
      data_type: c.type.toLowerCase(),
      ...keyTests(c.name, about.key ?? []),
    })),
  };
}

function keyTests(column: string, key: readonly string[]): { data_tests?: string[] } {
  if (!key.includes(column)) return {};
  return { data_tests: key.length === 1 ? ['not_null', 'unique'] : ['not_null'] };
}
