import { diffArrays } from 'diff';
/** One line of a line diff: kept (' '), removed ('-') or added ('+'), with its line numbers. */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
  oldLine?: number;
  newLine?: number;
}

/** A shortest line diff of two texts (jsdiff's Myers diff over lines). Pure. */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  // jsdiff's Myers diff over whole lines; within a change, removed lines come before the lines that replace them.
  for (const part of diffArrays(oldText.split('\n'), newText.split('\n'))) {
    for (const text of part.value) {
      if (part.removed) out.push({ op: '-', text, oldLine: oldLine++ });
      else if (part.added) out.push({ op: '+', text, newLine: newLine++ });
      else out.push({ op: ' ', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return out;
}

/** The changed lines with `context` kept lines around each; `null` marks a gap between hunks. */
export function changedWithContext(lines: readonly DiffLine[], context = 2): (DiffLine | null)[] {
  const keep = new Set<number>();
  lines.forEach((line, i) => {
    if (line.op === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k += 1) keep.add(k);
  });
  const out: (DiffLine | null)[] = [];
  let previous = -1;
  for (const i of [...keep].sort((x, y) => x - y)) {
    if (previous >= 0 && i !== previous + 1) out.push(null);
    out.push(lines[i]!);
    previous = i;
  }
  return out;
}

/** A string plain when it reads unambiguously (`amount >= 25000.0`), quoted otherwise (empty, padded, multi-line, or looking like a number). */
const scalar = (value: unknown) =>
  typeof value === 'string' && value !== '' && value.trim() === value && !/[\n"]/.test(value) && !/^(-?[\d.]+|true|false|null)$/.test(value)
    ? value
    : JSON.stringify(value);

/** A definition as YAML-like lines, one key per line, so that a changed value is one changed line. */
export function definitionLines(value: unknown, indent = ''): string[] {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [`${indent}[${value.map(scalar).join(', ')}]`];
    return value.flatMap((item) => {
      const [first = '', ...rest] = definitionLines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (value !== null && typeof value === 'object') {
    if (Object.keys(value).length === 0) return [`${indent}{}`];
    return Object.entries(value).flatMap(([key, v]) => {
      if (v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) && Object.keys(v).length > 0)
        return [`${indent}${key}:`, ...definitionLines(v, `${indent}  `)];
      return [`${indent}${key}: ${definitionLines(v, '')[0]!.trimStart()}`];
    });
  }
  return [`${indent}${scalar(value)}`];
}

/** The deepest part (at most `depth` keys down) under which all differences lie, e.g. `tables.budget_lines.approvals`. */
export function changedPart(oldValue: unknown, newValue: unknown, depth = 3): string[] {
  const path: string[] = [];
  let a = oldValue;
  let b = newValue;
  while (path.length < depth && a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const differing = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
    if (differing.length !== 1) break;
    path.push(differing[0]!);
    a = x[differing[0]!];
    b = y[differing[0]!];
  }
  return path;
}
