import { useEffect, useMemo, useState } from 'react';
import type { Row, SortSpec, TableBlockSpec } from '../api/types';
import { paramsFor, usePage } from '../apps/page-context';
import { drillInto } from './drill';
import { cellHref, formatTableCell, isNumericColumn, tableColumns } from './table-columns';
import { BlockBody, BlockFrame } from './block-frame';
import { CHART_HEIGHT } from './block-sizes';
import { useDataset } from './use-dataset';
import { ActionDialog } from './action-dialog';
import { useRowSelection } from './use-row-selection';

const ROW_LIMIT = 200;
const NO_ROWS: Row[] = [];
const NO_KEY: string[] = [];

export function TableBlock({ spec }: { spec: TableBlockSpec }) {
  const [sort, setSort] = useState<SortSpec | null>(null);
  const request = useMemo(() => ({ sort: sort ? [sort] : undefined, limit: ROW_LIMIT, withTotal: true }), [sort]);
  const query = useDataset(spec.dataset, request);
  const pageContext = usePage();
  const { page, app, setVariable, refreshDatasets } = pageContext;
  const drill = spec.drill;
  const select = spec.select;
  const action = select ? app.actions[select.action] : undefined;
  const selection = useRowSelection(query.data?.rows ?? NO_ROWS, action?.selection?.key ?? NO_KEY);
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  // Every row the dataset shows with the page's parameters, past the ones on screen.
  const [allMatching, setAllMatching] = useState(false);
  const params = paramsFor(pageContext, spec.dataset) ?? {};
  const paramsKey = JSON.stringify(params);
  useEffect(() => setAllMatching(false), [paramsKey]);
  useEffect(() => {
    if (!selection.allSelected) setAllMatching(false);
  }, [selection.allSelected]);
  const actionTitle = select?.label ?? action?.label ?? select?.action ?? '';

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
  const shown = data?.rows.length ?? 0;
  const count = allMatching ? total : selection.keys.length;

  return (
    <BlockFrame spec={spec} dataset={spec.dataset} refreshing={query.refreshing}>
      <BlockBody loading={query.loading} error={query.error} onRetry={query.reload} skeletonHeight={CHART_HEIGHT}>
        {() => (
          <>
            {select ? (
              <div className="selection-bar" data-testid={`selection-${spec.id}`}>
                <span data-testid={`selection-count-${spec.id}`}>
                  {allMatching ? `All ${total.toLocaleString('en-US')} matching selected` : `${selection.keys.length.toLocaleString('en-US')} selected`}
                </span>
                {selection.allSelected && total > shown && !allMatching ? (
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setAllMatching(true)} data-testid={`selection-all-${spec.id}`}>
                    Select all {total.toLocaleString('en-US')} matching
                  </button>
                ) : null}
                <button
                  type="button"
                  className="btn btn-small btn-primary"
                  disabled={!action?.allowed || count === 0}
                  title={
                    !action ? 'This action is not available.' : action.allowed ? 'Tick rows (shift-click ticks a range)' : `You may not run ${actionTitle}.`
                  }
                  onClick={() => {
                    setOutcome(null);
                    setAsking(true);
                  }}
                  data-testid={`selection-run-${spec.id}`}
                >
                  {actionTitle}
                </button>
                {selection.keys.length ? (
                  <button type="button" className="btn btn-small btn-ghost" onClick={selection.clear}>
                    Clear
                  </button>
                ) : null}
                {outcome ? (
                  <span className="form-outcome form-outcome-ok" role="status" data-testid={`selection-outcome-${spec.id}`}>
                    {outcome}
                  </span>
                ) : null}
              </div>
            ) : null}
            {drill ? <p className="drill-hint">{drill.hint ?? 'Click a row to see its lines below.'}</p> : null}
            <div className="table-scroll" style={{ maxHeight: CHART_HEIGHT }}>
              <table className="data-table" data-testid={`table-${spec.id}`}>
                <thead>
                  <tr>
                    {select ? (
                      <th className="select-cell">
                        <input type="checkbox" aria-label="Select every row shown" checked={selection.allSelected} onChange={selection.toggleAll} />
                      </th>
                    ) : null}
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
                        {select ? (
                          <td className="select-cell">
                            <input
                              type="checkbox"
                              aria-label={`Select row ${i + 1}`}
                              checked={selection.isSelected(i)}
                              onChange={() => undefined}
                              onClick={(e) => {
                                e.stopPropagation();
                                selection.toggle(i, e.shiftKey);
                              }}
                              onKeyDown={(e) => e.stopPropagation()}
                            />
                          </td>
                        ) : null}
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
                      <td className="empty" colSpan={Math.max(columns.length + (select ? 1 : 0), 1)}>
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
      {asking && action && select ? (
        <ActionDialog
          name={select.action}
          action={action}
          title={actionTitle.replace(/…$/, '')}
          subject={
            allMatching ? `All ${total.toLocaleString('en-US')} matching rows` : `${count.toLocaleString('en-US')} selected ${count === 1 ? 'row' : 'rows'}`
          }
          rows={allMatching ? { matching: { dataset: spec.dataset, params } } : { selection: selection.keys }}
          onCancel={() => setAsking(false)}
          onDone={(result) => {
            setAsking(false);
            selection.clear();
            setAllMatching(false);
            for (const [name, value] of Object.entries(result.set)) setVariable(name, value);
            if (result.refresh.length) refreshDatasets(result.refresh);
            setOutcome(`Done: ${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'}`);
          }}
        />
      ) : null}
    </BlockFrame>
  );
}

function cellClass(numeric: boolean, value: unknown): string | undefined {
  if (!numeric) return undefined;
  const negative = typeof value === 'number' ? value < 0 : typeof value === 'string' && value.startsWith('-');
  return negative ? 'num negative' : 'num';
}
