import type { KeyboardEvent } from 'react';

export type RowSideTab = 'history' | 'comments';

const TABS: RowSideTab[] = ['history', 'comments'];

/** History or comments of the selected row; arrow keys move between the two tabs. */
export function RowSideTabs({ tab, onTab, comments }: { tab: RowSideTab; onTab: (tab: RowSideTab) => void; comments: number }) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + 1) % TABS.length]!;
    onTab(next);
    (event.currentTarget.querySelector(`[data-tab="${next}"]`) as HTMLButtonElement | null)?.focus();
  };
  return (
    <div className="row-side-tabs" role="tablist" aria-label="Row details" onKeyDown={onKeyDown}>
      <button
        type="button"
        role="tab"
        data-tab="history"
        aria-selected={tab === 'history'}
        tabIndex={tab === 'history' ? 0 : -1}
        onClick={() => onTab('history')}
      >
        History
      </button>
      <button
        type="button"
        role="tab"
        data-tab="comments"
        data-testid="comments-tab"
        aria-selected={tab === 'comments'}
        tabIndex={tab === 'comments' ? 0 : -1}
        onClick={() => onTab('comments')}
      >
        Comments
        {comments > 0 ? (
          <span className="comment-count" data-testid="comments-tab-count">
            {comments}
          </span>
        ) : null}
      </button>
    </div>
  );
}
