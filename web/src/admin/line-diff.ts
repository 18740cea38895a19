/** One line of a line diff: kept (' '), removed ('-') or added ('+'), with its line numbers. */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
  oldLine?: number;
  newLine?: number;
}

/** A shortest line diff of two texts (longest common subsequence over the lines between the common head and tail). */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const lcs: number[][] = Array.from({ length: midA.length + 1 }, () => new Array<number>(midB.length + 1).fill(0));
  for (let i = midA.length - 1; i >= 0; i -= 1)
    for (let j = midB.length - 1; j >= 0; j -= 1) lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = a.slice(0, head).map((text, i) => ({ op: ' ', text, oldLine: i + 1, newLine: i + 1 }));
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      out.push({ op: ' ', text: midA[i]!, oldLine: head + i + 1, newLine: head + j + 1 });
      i += 1;
      j += 1;
    } else if (i < midA.length && (j === midB.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: '-', text: midA[i]!, oldLine: head + i + 1 });
      i += 1;
    } else {
      out.push({ op: '+', text: midB[j]!, newLine: head + j + 1 });
      j += 1;
    }
  }
  for (let k = tail; k > 0; k -= 1) out.push({ op: ' ', text: a[a.length - k]!, oldLine: a.length - k + 1, newLine: b.length - k + 1 });
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
