import type { RequestListEntry } from '../api/approval-types';
import { formatLoose, humanize } from '../ui/format';

type Preview = NonNullable<RequestListEntry['preview']>;

/** Codes and keys read as they are ("4000", not "4,000"). */
function show(column: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value !== null && value !== undefined && /(^|_)id$/i.test(column)) return String(value);
  return formatLoose(value);
}

/** What a request touches, in business terms: the row's describing columns, then each changed column old → new. */
export function RequestPreview({ preview }: { preview: RequestListEntry['preview'] }) {
  if (!preview) return <span className="muted">table no longer defined</span>;
  return (
    <div className="approval-preview" data-testid="approval-preview" data-visible={preview.visible}>
      {preview.visible ? <VisiblePreview preview={preview} /> : <span className="muted">{OP_LABEL[preview.op]} a row you may not read</span>}
      {preview.more > 0 ? (
        <span className="muted approval-more" data-testid="approval-more">
          {' '}
          and {preview.more} more
        </span>
      ) : null}
    </div>
  );
}

const OP_LABEL: Record<Preview['op'], string> = { insert: 'Adds', update: 'Changes', delete: 'Deletes' };

function VisiblePreview({ preview }: { preview: Preview }) {
  return (
    <>
      <span className="approval-preview-row">
        {preview.op !== 'update' ? <span className={`op-badge op-${preview.op}`}>{preview.op}</span> : null}
        {preview.row.map((cell) => (
          <span key={cell.column} className="approval-preview-cell" data-column={cell.column} title={cell.title}>
            <span className="approval-preview-label">{cell.title}</span> {show(cell.column, cell.value)}
          </span>
        ))}
      </span>
      {preview.changed.length ? (
        <span className="approval-preview-changes">
          {preview.changed.map((cell) => (
            <span key={cell.column} className="approval-preview-change" data-column={cell.column}>
              <span className="approval-preview-label">{cell.title}</span>{' '}
              {preview.op !== 'insert' ? <del className="diff-old">{show(cell.column, cell.old)}</del> : null}
              {preview.op === 'update' ? ' → ' : null}
              {preview.op !== 'delete' ? <ins className="diff-new">{show(cell.column, cell.new)}</ins> : null}
            </span>
          ))}
        </span>
      ) : null}
    </>
  );
}

/** Who the waiting level waits on: its title and the roles that may act. */
export function WaitingOn({ waiting }: { waiting: RequestListEntry['waiting'] }) {
  if (!waiting) return <span className="muted">—</span>;
  const roles = waiting.roles.map(humanize).join(waiting.mode === 'all' ? ' and ' : ' or ');
  return (
    <span className="approval-waiting" data-testid="approval-waiting">
      <strong>{waiting.title}</strong>
      <span className="muted"> · {roles}</span>
    </span>
  );
}
