import { useState, type CSSProperties, type FormEvent } from 'react';
import type { ColumnInfo, FilterOp } from '../api/types';
import { formatColumnValue, humanize, isBooleanType, isNumericType } from '../ui/format';
import { normalizeNumberText } from './cell-input';
import type { ColumnFilter, GridQueryState } from './use-grid-query';

const OP_LABEL: Record<FilterOp, string> = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  in: 'is one of',
  contains: 'contains',
  isNull: 'is empty',
  notNull: 'is not empty',
};

function opsFor(column: ColumnInfo): FilterOp[] {
  if (isBooleanType(column.type)) return ['eq', 'isNull', 'notNull'];
  if (isNumericType(column.type) || /^(DATE|TIME)/i.test(column.type)) return ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'isNull', 'notNull'];
  return ['contains', 'eq', 'ne', 'isNull', 'notNull'];
}

/** The search box and the active column filters, above the grid. */
export function GridFilterBar({ state, columns, keyColumns }: { state: GridQueryState; columns: ColumnInfo[]; keyColumns: string[] }) {
  return (
    <div className="grid-filter-bar">
      <label className="grid-search">
        <span aria-hidden="true">⌕</span>
        <input
          type="search"
          placeholder="Search all columns"
          aria-label="Search"
          value={state.searchText}
          onChange={(e) => state.setSearchText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') state.setSearchText('');
          }}
          data-testid="grid-search"
        />
      </label>
      {state.filters.map((f) => {
        const column = columns.find((c) => c.name === f.column);
        const shown = f.value === undefined ? '' : ` ${column ? formatColumnValue(f.value, column, keyColumns) : String(f.value)}`;
        return (
          <span key={f.column} className="grid-filter-chip" data-testid="grid-filter-chip" data-column={f.column}>
            {humanize(f.column)} {OP_LABEL[f.op]}
            {shown}
            <button
              type="button"
              className="btn btn-small btn-ghost"
              aria-label={`Remove the filter on ${humanize(f.column)}`}
              onClick={() => state.setColumnFilter(f.column, null)}
            >
              ×
            </button>
          </span>
        );
      })}
    </div>
  );
}

interface ColumnMenuProps {
  column: ColumnInfo;
  current: ColumnFilter | undefined;
  position: { left: number; top: number };
  sorted: 'asc' | 'desc' | null;
  onSort: () => void;
  onApply: (filter: ColumnFilter | null) => void;
  onClose: () => void;
}

/** A column header's menu: sort, and a filter the warehouse applies. */
export function ColumnMenu({ column, current, position, sorted, onSort, onApply, onClose }: ColumnMenuProps) {
  const ops = opsFor(column);
  const [op, setOp] = useState<FilterOp>(current?.op ?? ops[0]!);
  const [text, setText] = useState(current?.value === undefined ? '' : String(current.value));
  const [problem, setProblem] = useState<string | null>(null);
  const needsValue = op !== 'isNull' && op !== 'notNull';
  const style: CSSProperties = { left: position.left, top: position.top };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!needsValue) return onApply({ column: column.name, op });
    let value: string | boolean = text;
    if (isNumericType(column.type)) {
      const digits = normalizeNumberText(text);
      if (digits === null) return setProblem('Type a number.');
      value = digits;
    } else if (isBooleanType(column.type)) {
      value = /^(y|yes|true|1)$/i.test(text.trim());
    } else if (text === '') {
      return setProblem('Type a value, or pick "is empty".');
    }
    onApply({ column: column.name, op, value });
  };

  return (
    <form className="column-menu" style={style} onSubmit={apply} data-testid="column-menu" aria-label={`${humanize(column.name)} column`}>
      <button type="button" className="btn btn-small btn-ghost column-menu-sort" onClick={onSort}>
        Sort {sorted === 'asc' ? 'descending' : sorted === 'desc' ? 'off' : 'ascending'}
      </button>
      <div className="column-menu-filter">
        <select value={op} onChange={(e) => setOp(e.target.value as FilterOp)} aria-label="Condition" data-testid="column-filter-op">
          {ops.map((o) => (
            <option key={o} value={o}>
              {OP_LABEL[o]}
            </option>
          ))}
        </select>
        {needsValue ? (
          // biome-ignore lint/a11y/noAutofocus: the menu opens to take a value
          <input autoFocus value={text} onChange={(e) => setText(e.target.value)} aria-label="Value" data-testid="column-filter-value" />
        ) : null}
      </div>
      {problem ? <p className="column-menu-problem">{problem}</p> : null}
      <div className="column-menu-actions">
        {current ? (
          <button type="button" className="btn btn-small" onClick={() => onApply(null)}>
            Clear
          </button>
        ) : null}
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-small btn-primary" data-testid="column-filter-apply">
          Filter
        </button>
      </div>
    </form>
  );
}
