import type { ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { KEY_COLUMN, SEEN_PREFIX } from '../exports/quick-export.js';

/** Which file column feeds which table column. */
export interface ColumnMatch {
  /** Table column → index of the file column. */
  columns: Map<string, number>;
  /** Table column → index of its hidden "as exported" column (workbooks exported by Roundtrip). */
  seen: Map<string, number>;
  /** Headers matched to no column: their cells are ignored. */
  ignored: string[];
}

const normal = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Matches the file's header row to the table's columns: by name (case,
 * spaces and dashes aside), or as `mapping` (header → column) says where the
 * names differ. Every key column must be matched; otherwise a 400 lists what
 * is missing and the headers that could be mapped.
 */
export function matchColumns(table: ResolvedTable, header: readonly string[], mapping: Record<string, string | null> = {}): ColumnMatch {
  const byNormal = new Map(table.columns.map((c) => [normal(c.name), c.name]));
  const match: ColumnMatch = { columns: new Map(), seen: new Map(), ignored: [] };
  header.forEach((text, index) => {
    if (text.startsWith(SEEN_PREFIX)) {
      const column = text.slice(SEEN_PREFIX.length);
      if (table.columnByName.has(column)) match.seen.set(column, index);
      return;
    }
    if (text === KEY_COLUMN || text === '') return;
    const mapped = Object.hasOwn(mapping, text) ? mapping[text] : byNormal.get(normal(text));
    if (mapped === null || mapped === undefined) {
      match.ignored.push(text);
      return;
    }
    if (!table.columnByName.has(mapped)) {
      throw new AppError('IMP_COLUMNS', `The mapping sends '${text}' to '${mapped}', which is not a column of ${table.title}.`, {
        unmatched: [text],
        columns: table.columns.map((c) => c.name),
      });
    }
    if (match.columns.has(mapped)) {
      throw new AppError('IMP_COLUMNS', `Two columns of the file go to ${mapped}; map one of them elsewhere or leave it out.`, { duplicate: mapped });
    }
    match.columns.set(mapped, index);
  });
  const missing = table.key.filter((k) => !match.columns.has(k));
  if (missing.length) {
    throw new AppError('IMP_COLUMNS', `The file has no column for the key ${missing.join(', ')} of ${table.title}; map one of its columns to it.`, {
      missing,
      unmatched: match.ignored,
      columns: table.columns.map((c) => c.name),
    });
  }
  return match;
}
