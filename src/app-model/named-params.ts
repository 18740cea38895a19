/** A dataset's SQL split around its `:name` parameters. */
export interface ParsedSql {
  /** Literal SQL pieces; `texts.length === names.length + 1`. */
  texts: string[];
  /** Parameter names in order of appearance (repeats allowed). */
  names: string[];
}

/**
 * Finds `:name` parameters, skipping string literals, quoted identifiers,
 * comments and `::` casts, so that parameters are bound rather than spliced.
 */
export function parseNamedParams(sqlText: string): ParsedSql {
  const texts: string[] = [];
  const names: string[] = [];
  let current = '';
  let i = 0;
  while (i < sqlText.length) {
    const ch = sqlText[i]!;
    const next = sqlText[i + 1];
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sqlText, i, ch);
      current += sqlText.slice(i, end);
      i = end;
    } else if (ch === '-' && next === '-') {
      const end = sqlText.indexOf('\n', i);
      const stop = end === -1 ? sqlText.length : end;
      current += sqlText.slice(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sqlText.indexOf('*/', i + 2);
      const stop = end === -1 ? sqlText.length : end + 2;
      current += sqlText.slice(i, stop);
      i = stop;
    } else if (ch === ':' && next === ':') {
      current += '::';
      i += 2;
    } else if (ch === ':' && next !== undefined && /[A-Za-z_]/.test(next)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sqlText.slice(i + 1))!;
      texts.push(current);
      names.push(match[0]);
      current = '';
      i += 1 + match[0].length;
    } else {
      current += ch;
      i += 1;
    }
  }
  texts.push(current);
  return { texts, names };
}

function closingQuote(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return text.length;
}
