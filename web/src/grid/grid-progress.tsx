import type { BulkProgress } from './use-grid-bulk';

/** A paste or fill under way, over the grid: rows read so far, then the cells being saved. */
export function GridProgress({ progress }: { progress: BulkProgress & { saving?: number } }) {
  const reading = progress.saving === undefined;
  const fraction = reading && progress.of > 0 ? progress.done / progress.of : undefined;
  return (
    <div className="grid-progress" role="status" data-testid="grid-progress" data-phase={reading ? 'reading' : 'saving'}>
      <span>
        {progress.label}:{' '}
        {reading
          ? `reading rows ${progress.done.toLocaleString('en-US')} of ${progress.of.toLocaleString('en-US')}…`
          : `saving ${(progress.saving ?? 0).toLocaleString('en-US')} cells as one change…`}
      </span>
      <progress max={1} value={fraction} aria-label={`${progress.label} progress`} />
    </div>
  );
}
