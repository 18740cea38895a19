import { Spinner } from '../ui/spinner';
import type { MatrixStatus } from './use-matrix-writes';

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

const cells = (n: number) => `${n.toLocaleString('en-US')} cell${n === 1 ? '' : 's'}`;

/** "Saving 12 cells…", "Saved 12 cells · 12:04", or what was not saved, in the block's header. */
export function MatrixStatusLine({ status, errors }: { status: MatrixStatus; errors: number }) {
  const state = status.saving > 0 ? 'saving' : errors ? 'error' : status.last ? 'saved' : 'idle';
  return (
    <span className={`grid-status grid-status-${state}`} role="status" data-testid="matrix-status" data-state={state}>
      {state === 'saving' ? (
        <>
          <Spinner small />
          Saving {cells(status.saving)}…
        </>
      ) : null}
      {state === 'error' ? `${cells(errors)} not saved: see the marked ${errors === 1 ? 'cell' : 'cells'}` : null}
      {state === 'saved' && status.last ? (
        <>
          <span aria-hidden="true">✓</span>
          {status.last.spread ? 'Spread over' : 'Saved'} {cells(status.last.cells)} · {TIME.format(status.last.at)}
        </>
      ) : null}
    </span>
  );
}
