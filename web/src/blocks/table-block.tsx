import { useMemo, useState } from 'react';
import type { SortSpec, TableBlockSpec } from '../api/types';
import { formatColumnValue, humanize, isNumericType } from '../ui/format';
import { BlockBody, BlockFrame } from './block-frame';
import { CHART_HEIGHT } from './block-sizes';
import { useDataset } from './use-dataset';

const ROW_LIMIT = 200;

export function TableBlock({ spec }: { spec: TableBlockSpec }) {
  const [sort, setSort] = useState<SortSpec | null>(null);
  const request = useMemo(() => ({ sort: sort ? [sort] : undefined, limit: ROW_LIMIT, withTotal: true }), [sort]);
  const query = useDataset(spec.dataset, request);

  const toggleSort = (column: string) => {
    setSort((prev) => {
      if (prev?.column !== column) return { column, direction: 'asc' };
      return prev.direction === 'asc' ? { column, direction: 'desc' } : null;
    });
  };

  const data = query.data;
  const columns = spec.columns ?? data?.columns.map((c) => c.name) ?? [];
  const types = new Map(data?.columns.map((c) => [c.name, c.type]) ?? []);
  const total = data?.total ?? data?.rows.length ?? 0;

  return (
    <BlockFrame spec={spec} dataset={spec.dataset} refreshing={query.refreshing}>
      <BlockBody loading={query.loading} error={query.error} onRetry={query.reload} skeletonHeight={CHART_HEIGHT}>
        {() => (
          <div className="table-scroll" style={{ maxHeight: CHART_HEIGHT }}>
            <table className="data-table" data-testid={`table-${spec.id}`}>
              <thead>
                <tr>
                  {columns.map((column) => {
                    const numeric = isNumericType(types.get(column) ?? '');
                    const active = sort?.column === column ? sort.direction : undefined;
                    return (
                      <th
                        key={column}
                        className={numeric ? 'num' : undefined}
                        aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : 'none'}
                      >
                        <button type="button" className="th-sort" onClick={() => toggleSort(column)}>
                          {humanize(column)}
                          <span className="sort-indicator" aria-hidden="true">
                            {active === 'asc' ? '▲' : active === 'desc' ? '▼' : ''}
                          </span>
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {data?.rows.length ? (
                  data.rows.map((row, i) => (
                    <tr key={i}>
                      {columns.map((column) => {
                        const type = types.get(column) ?? '';
                        const value = row[column];
                        // A dataset has no key: only names like `*_id` mark identifier columns.
                        return (
                          <td key={column} className={cellClass(type, value)}>
                            {formatColumnValue(value, { name: column, type }, [])}
                          </td>
                        );
                      })}
                    </tr>
                  ))
                ) : (
                  <tr>
                    <td className="empty" colSpan={Math.max(columns.length, 1)}>
                      No rows
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            {total > (data?.rows.length ?? 0) ? (
              <p className="table-footnote">
                Showing {data?.rows.length} of {total.toLocaleString('en-US')} rows
              </p>
            ) : null}
          </div>
        )}
      </BlockBody>
    </BlockFrame>
  );
}

function cellClass(type: string, value: unknown): string | undefined {
  if (!isNumericType(type)) return undefined;
  const negative = typeof value === 'number' ? value < 0 : typeof value === 'string' && value.startsWith('-');
  return negative ? 'num negative' : 'num';
}
