import { useMemo, useState } from 'react';
import type { SortSpec, TableBlockSpec } from '../api/types';
import { usePage } from '../apps/page-context';
import { drillInto } from './drill';
import { cellHref, formatTableCell, isNumericColumn, tableColumns } from './table-columns';
import { BlockBody, BlockFrame } from './block-frame';
import { CHART_HEIGHT } from './block-sizes';
import { useDataset } from './use-dataset';

const ROW_LIMIT = 200;

export function TableBlock({ spec }: { spec: TableBlockSpec }) {
  const [sort, setSort] = useState<SortSpec | null>(null);
  const request = useMemo(() => ({ sort: sort ? [sort] : undefined, limit: ROW_LIMIT, withTotal: true }), [sort]);
  const query = useDataset(spec.dataset, request);
  const { page, setVariable } = usePage();
  const drill = spec.drill;

  const toggleSort = (column: string) => {
    setSort((prev) => {
      if (prev?.column !== column) return { column, direction: 'asc' };
      return prev.direction === 'asc' ? { column, direction: 'desc' } : null;
    });
  };

  const data = query.data;
  const columns = tableColumns(spec, data?.columns.map((c) => c.name) ?? []);
  const types = new Map(data?.columns.map((c) => [c.name, c.type]) ?? []);
  const total = data?.total ?? data?.rows.length ?? 0;

  return (
    <BlockFrame spec={spec} dataset={spec.dataset} refreshing={query.refreshing}>
      <BlockBody loading={query.loading} error={query.error} onRetry={query.reload} skeletonHeight={CHART_HEIGHT}>
        {() => (
          <>
            {drill ? <p className="drill-hint">Click a row to see its lines below.</p> : null}
            <div className="table-scroll" style={{ maxHeight: CHART_HEIGHT }}>
              <table className="data-table" data-testid={`table-${spec.id}`}>
                <thead>
                  <tr>
                    {columns.map((col) => {
                      const column = col.column;
                      const numeric = isNumericColumn(col, types.get(column) ?? '');
                      const active = sort?.column === column ? sort.direction : undefined;
                      return (
                        <th
                          key={column}
                          className={numeric ? 'num' : undefined}
                          aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : 'none'}
                        >
                          <button type="button" className="th-sort" onClick={() => toggleSort(column)}>
                            {col.label}
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
                      <tr
                        key={i}
                        className={drill ? 'drillable' : undefined}
                        tabIndex={drill ? 0 : undefined}
                        onClick={drill ? () => drillInto(drill, row, page, setVariable) : undefined}
                        onKeyDown={
                          drill
                            ? (e) => {
                                if (e.key === 'Enter') drillInto(drill, row, page, setVariable);
                              }
                            : undefined
                        }
                      >
                        {columns.map((col) => {
                          const type = types.get(col.column) ?? '';
                          const value = row[col.column];
                          const text = formatTableCell(value, col, type);
                          const href = cellHref(row, col);
                          return (
                            <td key={col.column} className={cellClass(isNumericColumn(col, type), value)}>
                              {href ? <a href={href}>{text}</a> : text}
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
          </>
        )}
      </BlockBody>
    </BlockFrame>
  );
}

function cellClass(numeric: boolean, value: unknown): string | undefined {
  if (!numeric) return undefined;
  const negative = typeof value === 'number' ? value < 0 : typeof value === 'string' && value.startsWith('-');
  return negative ? 'num negative' : 'num';
}
