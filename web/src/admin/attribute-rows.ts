import type { AttributeValue } from '../api/governance-types';

/** One line of the attributes editor. A list is typed as comma-separated values. */
export interface AttributeRow {
  id: number;
  key: string;
  kind: 'text' | 'list';
  text: string;
  /** The stored value the row started from, kept when its text is unchanged (numbers stay numbers). */
  original?: AttributeValue;
}

let nextId = 0;

export function newAttributeRow(): AttributeRow {
  nextId += 1;
  return { id: nextId, key: '', kind: 'text', text: '' };
}

export function toAttributeRows(attributes: Record<string, AttributeValue>): AttributeRow[] {
  return Object.entries(attributes).map(([key, value]) => {
    nextId += 1;
    const list = Array.isArray(value);
    return { id: nextId, key, kind: list ? 'list' : 'text', text: list ? value.join(', ') : String(value), original: value };
  });
}

function sameText(row: AttributeRow): boolean {
  const { original } = row;
  if (original === undefined) return false;
  if (Array.isArray(original)) return row.kind === 'list' && original.join(', ') === listItems(row.text).join(', ');
  return row.kind === 'text' && String(original) === row.text;
}

function listItems(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The attributes the rows describe, or the problems that keep them from being saved. */
export function fromAttributeRows(rows: AttributeRow[]): { attributes: Record<string, AttributeValue>; problems: string[] } {
  const attributes: Record<string, AttributeValue> = {};
  const problems: string[] = [];
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.text.trim()) continue;
    if (!key) {
      problems.push(`a value "${row.text}" has no name`);
      continue;
    }
    if (key in attributes) problems.push(`"${key}" is given twice`);
    attributes[key] = sameText(row) ? row.original! : row.kind === 'list' ? listItems(row.text) : row.text.trim();
  }
  return { attributes, problems };
}
