import { useEffect, useState } from 'react';
import type { FilterBlockSpec, ParamType } from '../api/types';
import { paramType } from '../apps/address-params';
import { usePage } from '../apps/page-context';
import { ErrorBanner } from '../ui/error-banner';
import { filterLabel } from './filter-label';
import { Spinner } from '../ui/spinner';
import { useDataset } from './use-dataset';

export function FilterBlock({ spec }: { spec: FilterBlockSpec }) {
  const label = filterLabel(spec);
  return (
    <section className="block block-filter" data-block-id={spec.id} data-testid={`filter-${spec.id}`}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is FilterSelect or FilterInput, chosen below */}
      <label className="filter">
        <span className="filter-label">{label}</span>
        {spec.dataset ? <FilterSelect spec={spec} dataset={spec.dataset} /> : <FilterInput spec={spec} />}
      </label>
    </section>
  );
}

function FilterSelect({ spec, dataset }: { spec: FilterBlockSpec; dataset: string }) {
  const { variables, setVariable } = usePage();
  const query = useDataset(dataset);
  const rows = query.data?.rows ?? [];
  const firstColumn = query.data?.columns[0]?.name ?? spec.param;
  const valueColumn = spec.valueColumn ?? firstColumn;
  const labelColumn = spec.labelColumn ?? valueColumn;
  const current = variables[spec.param] ?? null;
  // Options are addressed by index so numeric and string values survive the round trip through <select>.
  const selectedIndex = current === null ? -1 : rows.findIndex((row) => row[valueColumn] === current);

  if (query.error) return <ErrorBanner error={query.error} onRetry={query.reload} />;

  return (
    <span className="filter-control">
      <select
        name={spec.param}
        value={selectedIndex < 0 ? '' : String(selectedIndex)}
        disabled={query.loading}
        onChange={(e) => {
          const index = e.target.value === '' ? -1 : Number(e.target.value);
          setVariable(spec.param, index < 0 ? null : (rows[index]?.[valueColumn] ?? null));
        }}
      >
        {spec.required ? null : <option value="">All</option>}
        {rows.map((row, i) => (
          <option key={i} value={String(i)}>
            {String(row[labelColumn] ?? row[valueColumn] ?? '')}
          </option>
        ))}
      </select>
      {query.loading || query.refreshing ? <Spinner small /> : null}
    </span>
  );
}

const INPUT_TYPES: Record<ParamType, string> = { string: 'search', number: 'number', date: 'date', boolean: 'text' };
const DEBOUNCE_MS = 400;

/** Free-form filter for params without an options dataset. */
function FilterInput({ spec }: { spec: FilterBlockSpec }) {
  const { app, variables, setVariable } = usePage();
  const type = paramType(app.datasets, spec.param);
  const current = variables[spec.param];
  const [text, setText] = useState(current === null || current === undefined ? '' : String(current));

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const trimmed = text.trim();
      if (trimmed === '') setVariable(spec.param, null);
      else if (type === 'number') setVariable(spec.param, Number(trimmed));
      else if (type === 'boolean') setVariable(spec.param, /^(true|yes|1)$/i.test(trimmed));
      else setVariable(spec.param, trimmed);
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, type, spec.param, setVariable]);

  return <input name={spec.param} type={INPUT_TYPES[type]} value={text} placeholder="All" onChange={(e) => setText(e.target.value)} />;
}
