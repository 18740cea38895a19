import type { FilterBlockSpec } from '../api/types';
import { humanize } from '../ui/format';

/** What a filter is called on the page: its label, else its title, else its parameter in words. */
export function filterLabel(spec: FilterBlockSpec): string {
  return spec.label ?? spec.title ?? humanize(spec.param);
}
