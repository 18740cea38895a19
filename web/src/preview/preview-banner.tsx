import { usePreview } from './preview-context';

const LIVE_NOTE =
  'Live updates still follow your own account: the browser cannot send the preview header on the event stream. ' +
  "Data shown is read with the previewed user's permissions.";

export function PreviewBanner() {
  const { previewAs, stop } = usePreview();
  if (!previewAs) return null;
  return (
    <div className="preview-banner" role="status" data-testid="preview-banner" title={LIVE_NOTE}>
      <span className="preview-banner-dot" aria-hidden="true" />
      <span>
        Previewing as <strong>{previewAs}</strong> — read-only
      </span>
      <span className="preview-banner-note">Live updates follow your own account</span>
      <button type="button" className="btn btn-small" onClick={stop}>
        Stop preview
      </button>
    </div>
  );
}
