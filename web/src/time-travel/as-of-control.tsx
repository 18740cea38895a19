import { useEffect, useState } from 'react';
import type { AppDetail, PageSpec } from '../api/types';
import { usePage } from '../apps/page-context';
import { fromLocalInput, hoursAgo, toLocalInput } from './local-time';

// Typing into a datetime field changes it one segment at a time; wait for a pause before reloading.
const APPLY_DELAY_MS = 500;

/** Only blocks over writable tables can be rebuilt from the audit; elsewhere the control has no effect. */
function hasWritableTables(app: AppDetail, page: PageSpec): boolean {
  return page.blocks.some((block) => {
    if (block.type === 'grid') return Boolean(app.tables[block.table]);
    return 'dataset' in block && typeof block.dataset === 'string' && Boolean(app.tables[block.dataset]);
  });
}

/** "Live" or "As of <time>" for the page's writable tables. */
export function AsOfControl() {
  const { app, page, asOf, setAsOf } = usePage();
  const [draft, setDraft] = useState(() => toLocalInput(asOf ? new Date(asOf) : hoursAgo(1)));

  useEffect(() => {
    if (!asOf) return;
    const next = fromLocalInput(draft);
    if (!next || next === asOf) return;
    const timer = window.setTimeout(() => setAsOf(next), APPLY_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [draft, asOf, setAsOf]);

  if (!hasWritableTables(app, page)) return null;

  const applyDraft = () => {
    const iso = fromLocalInput(draft);
    if (iso) setAsOf(iso);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a segmented control; a fieldset's box model breaks its inline layout
    <div className={asOf ? 'as-of-control as-of-active' : 'as-of-control'} role="group" aria-label="Time travel" data-testid="as-of-control">
      <button type="button" className="segment" aria-pressed={!asOf} onClick={() => setAsOf(null)}>
        Live
      </button>
      <button type="button" className="segment" aria-pressed={Boolean(asOf)} onClick={applyDraft} data-testid="as-of-toggle">
        As of
      </button>
      <input
        type="datetime-local"
        step={1}
        aria-label="As of date and time"
        data-testid="as-of-input"
        value={draft}
        max={toLocalInput(new Date())}
        onChange={(e) => {
          setDraft(e.target.value);
          // Picking a time is the intent to look at it, even from live.
          if (!asOf && fromLocalInput(e.target.value)) setAsOf(fromLocalInput(e.target.value));
        }}
      />
    </div>
  );
}
