import { formatNumber } from '../ui/format';

/** A level name as people read it: `partner_review` → "partner review", short names such as `cfo` → "CFO". */
export function levelLabel(name: string): string {
  return name.length <= 3 ? name.toUpperCase() : name.replace(/_/g, ' ');
}

export function routeLabel(route: readonly string[]): string {
  return route.map(levelLabel).join(' → ');
}

/** Amounts are sums of a money-like column: always two decimals. */
export function formatAmount(amount: number): string {
  return formatNumber(amount, 2);
}
