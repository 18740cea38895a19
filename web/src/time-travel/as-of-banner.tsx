import { usePage } from '../apps/page-context';
import { formatDateTime } from '../ui/format';

export function AsOfBanner({ tableTitle }: { tableTitle: string }) {
  const { asOf, setAsOf } = usePage();
  if (!asOf) return null;
  return (
    <div className="as-of-banner" role="status" data-testid="as-of-banner">
      <span className="as-of-banner-icon" aria-hidden="true">
        ⟲
      </span>
      <span>
        Viewing <strong>{tableTitle.toLowerCase()}</strong> as of <strong>{formatDateTime(asOf)}</strong> — rebuilt from Roundtrip's audit; only changes made
        through Roundtrip are undone
      </span>
      <button type="button" className="btn btn-small" onClick={() => setAsOf(null)}>
        Back to live
      </button>
    </div>
  );
}

/** Marks a block that shows current data while the page looks at the past. */
export function LiveDataNote() {
  return (
    <span className="badge badge-live-note" title="SQL datasets cannot be read as of a past time: this block shows current data." data-testid="live-data-note">
      live data
    </span>
  );
}
