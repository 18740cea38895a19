/** One line of a line diff: kept (' '), removed ('-') or added ('+'). */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
  /** Line number in the old text (kept and removed lines). */
  oldLine?: number;
  /** Line number in the new text (kept and added lines). */
  newLine?: number;
}

/** A shortest line diff of two texts (longest common subsequence). Pure. */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  // Common head and tail are cut off first: an edit touches few lines of a long file.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const lcs: number[][] = Array.from({ length: midA.length + 1 }, () => new Array<number>(midB.length + 1).fill(0));
  for (let i = midA.length - 1; i >= 0; i -= 1) {
    for (let j = midB.length - 1; j >= 0; j -= 1) {
      lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = a.slice(0, head).map((text, i) => ({ op: ' ', text, oldLine: i + 1, newLine: i + 1 }));
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      out.push({ op: ' ', text: midA[i]!, oldLine: head + i + 1, newLine: head + j + 1 });
      i += 1;
      j += 1;
    } else if (i < midA.length && (j === midB.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Removed lines come before the lines that replace them.
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

/** The changed lines with `context` lines around them, as `@@ -old +new @@` hunks. Empty when nothing changed. */
export function formatLineDiff(lines: readonly DiffLine[], context = 3): string {
  const changed = lines.map((l, i) => (l.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (!changed.length) return '';
  const keep = new Set<number>();
  for (const i of changed) for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k += 1) keep.add(k);
  const out: string[] = [];
  let previous = -2;
  for (const i of [...keep].sort((x, y) => x - y)) {
    const line = lines[i]!;
    if (i !== previous + 1) {
      const firstOld = lines.slice(i).find((l) => l.oldLine !== undefined)?.oldLine ?? 0;
      const firstNew = lines.slice(i).find((l) => l.newLine !== undefined)?.newLine ?? 0;
      out.push(`@@ -${firstOld} +${firstNew} @@`);
    }
    out.push(`${line.op}${line.text}`);
    previous = i;
  }
  return out.join('\n');
}
