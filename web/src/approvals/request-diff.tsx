import type { RequestChangeDiff, RequestDetail } from '../api/approval-types';
import { formatLoose, humanize } from '../ui/format';
import { keyLabel } from '../ui/row-keys';
import { formatAmount } from './level-names';

/** The request's changes like the table's Changes view: old struck red → new green, with the value now. */
export function RequestDiff({ request }: { request: RequestDetail }) {
  const stale = request.changes.some((c) => c.cells.some((cell) => cell.changedSince));
  return (
    <>
      {stale && request.status === 'pending' ? (
        <p className="notice notice-warning" data-testid="changed-since-warning">
          Some values changed since the submission: approving the last level will not apply this request (nothing is overwritten).
        </p>
      ) : null}
      <table className="diff-table request-diff-table" data-testid="request-diff">
        <thead>
          <tr>
            <th>Row</th>
            <th>Change</th>
            <th>Values</th>
          </tr>
        </thead>
        <tbody>
          {request.changes.map((change, i) => (
            <DiffRow key={i} change={change} pending={request.status === 'pending'} />
          ))}
        </tbody>
      </table>
      {request.totals ? (
        <p className="request-totals" data-testid="request-totals">
          {humanize(request.totals.column)}: {formatAmount(request.totals.before)} → <strong>{formatAmount(request.totals.after)}</strong> (
          {request.totals.delta >= 0 ? '+' : ''}
          {formatAmount(request.totals.delta)})
          {request.totals.current === null
            ? `; current total ${NOT_VISIBLE}`
            : request.totals.current !== request.totals.before
              ? `; current total ${formatAmount(request.totals.current)} (changed since submitted)`
              : null}
        </p>
      ) : null}
    </>
  );
}

/**
 * The value in the warehouse now, said only when it matters: when it differs from the value the
 * submitter saw (then approving will not apply the request), or when the viewer may not read it.
 */
function CurrentValue({ change, cell }: { change: RequestChangeDiff; cell: RequestChangeDiff['cells'][number] }) {
  if (change.op === 'insert') return null;
  if (!change.visible)
    return (
      <span className="diff-current" data-testid="not-visible">
        {' '}
        · current value {NOT_VISIBLE}
      </span>
    );
  if (!change.rowExists || !cell.changedSince) return null;
  return (
    <span className="diff-warning" data-testid="changed-since">
      {' '}
      · Current value {show(cell.column, cell.current, change.key)} (changed since submitted)
    </span>
  );
}

/** What the page shows for a value now that the viewer's read policy withholds. */
const NOT_VISIBLE = 'not visible to you';

/** Keys and `*_id` columns name rows and codes: shown as they are ("4000", not "4,000"). */
function show(column: string, value: RequestChangeDiff['cells'][number]['old'], key: RequestChangeDiff['key']): string {
  if (value !== null && (column in key || /(^|_)id$/i.test(column))) return String(value);
  return formatLoose(value);
}

/**
 * One change of the request. Warnings about the rows as they are now matter only while the request
 * waits: once applied, the inserted row existing is the point, not a problem.
 */
function DiffRow({ change, pending }: { change: RequestChangeDiff; pending: boolean }) {
  return (
    <tr data-testid="diff-row" data-op={change.op}>
      <td className="diff-key">
        {Object.values(change.key).some((v) => v !== null && v !== undefined) ? keyLabel(change.key) : 'new row (numbered when written)'}
      </td>
      <td>
        <span className={`op-badge op-${change.op}`}>{change.op}</span>
        {pending && change.op === 'insert' && change.rowExists ? <div className="diff-warning">a row with this key exists now</div> : null}
        {pending && change.op !== 'insert' && change.rowExists === false ? <div className="diff-warning">the row no longer exists</div> : null}
      </td>
      <td>
        <ul className="diff-cells">
          {change.cells.map((cell) => (
            <li key={cell.column} data-testid="diff-cell" data-column={cell.column}>
              <span className="diff-column">{humanize(cell.column)}</span>{' '}
              {change.op !== 'insert' ? <del className="diff-old">{show(cell.column, cell.old, change.key)}</del> : null}
              {change.op === 'update' ? <span className="diff-arrow"> → </span> : null}
              {change.op !== 'delete' ? <ins className="diff-new">{show(cell.column, cell.new, change.key)}</ins> : null}
              <CurrentValue change={change} cell={cell} />
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
