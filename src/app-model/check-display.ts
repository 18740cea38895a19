import type { BlockConfig } from './app-schema.js';

type At = (path: (string | number)[], message: string) => void;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function checkCurrency(code: string | undefined, path: (string | number)[], at: At): void {
  if (code !== undefined && !CURRENCIES.has(code)) at(path, `'${code}' is not an ISO 4217 currency code this server knows (e.g. EUR, USD, GBP)`);
}

/** Display settings of KPI and table blocks: known currencies, settings that fit the format, distinct columns. */
export function checkBlockDisplay(block: BlockConfig, pageVariables: ReadonlySet<string>, path: (string | number)[], at: At): void {
  if (block.type === 'kpi') {
    checkCurrency(block.currency, [...path, 'currency'], at);
    if (block.currency && block.format === 'percent') at([...path, 'currency'], 'a percent KPI has no currency; drop currency or use format: currency');
  }
  if (block.type !== 'table') return;
  if (block.drill) {
    for (const name of Object.keys(block.drill.params)) {
      if (!pageVariables.has(name))
        at([...path, 'drill', 'params', name], `'${name}' is not a page variable: no filter block of this page sets it and no dataset shown on it takes it`);
    }
  }
  if (!block.columns) return;
  const seen = new Set<string>();
  block.columns.forEach((entry, i) => {
    const columnPath = [...path, 'columns', i];
    const name = typeof entry === 'string' ? entry : entry.column;
    if (seen.has(name)) at(columnPath, `column '${name}' is listed twice`);
    seen.add(name);
    if (typeof entry === 'string') return;
    checkCurrency(entry.currency, [...columnPath, 'currency'], at);
    if (entry.currency && entry.format !== 'currency') at([...columnPath, 'currency'], 'currency applies to format: currency; set that format too');
  });
}
