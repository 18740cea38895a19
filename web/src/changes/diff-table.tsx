import type { DiffCell, TableDiffRow } from '../api/governance-types';
import type { ColumnInfo } from '../api/types';
import { formatColumnValue, formatLoose } from '../ui/format';
import { keyLabel } from '../ui/row-keys';

// Beyond this a page of DOM rows gets slow and nobody reads it: the summary still counts them all.
const MAX_ROWS = 500;

interface DiffTableProps {
  /** Rows with who changed them (`changedBy`), or without when one changeset is shown. */
  rows: (Omit<TableDiffRow, 'changedBy'> & { changedBy?: string[] })[];
  columns: ColumnInfo[];
  keyColumns: string[];
}

export function DiffTable({ rows, columns, keyColumns }: DiffTableProps) {
  const order = new Map(columns.map((c, i) => [c.name, i]));
  const showBy = rows.some((row) => row.changedBy !== undefined);
  const show = (value: string | null, column: string) => {
    const info = columns.find((c) => c.name === column);
    return value === null || !info ? formatLoose(value) : formatColumnValue(value, info, keyColumns);
  };
  const byColumnOrder = (a: DiffCell, b: DiffCell) => (order.get(a.column) ?? 999) - (order.get(b.column) ?? 999);

  return (
    <>
      <table className="diff-table" data-testid="diff-table">
        <thead>
          <tr>
            <th>Row</th>
            <th>Change</th>
            <th>Values</th>
            {showBy ? <th>By</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_ROWS).map((row) => (
            <tr key={JSON.stringify(row.key)} data-testid="diff-row" data-op={row.op}>
              <td className="diff-key">{keyLabel(row.key)}</td>
              <td>
                <span className={`op-badge op-${row.op}`}>{row.op}</span>
              </td>
              <td>
                <ul className="diff-cells">
                  {[...row.cells].sort(byColumnOrder).map((cell) => (
                    <li key={cell.column}>
                      <span className="diff-column">{cell.column}</span>{' '}
                      {row.op !== 'insert' ? <del className="diff-old">{show(cell.from, cell.column)}</del> : null}
                      {row.op === 'update' ? <span className="diff-arrow"> → </span> : null}
                      {row.op !== 'delete' ? <ins className="diff-new">{show(cell.to, cell.column)}</ins> : null}
                    </li>
                  ))}
                </ul>
              </td>
              {showBy ? <td className="diff-who">{row.changedBy?.join(', ')}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > MAX_ROWS ? (
        <p className="table-footnote">
          Showing the first {MAX_ROWS.toLocaleString('en-US')} of {rows.length.toLocaleString('en-US')} changed rows; narrow the period to see the rest.
        </p>
      ) : null}
    </>
  );
}
