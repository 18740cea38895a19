import { useState } from 'react';
import { type ApiError, toApiErrorLike } from '../api/client';
import { type ImportPreview, officeApi } from '../api/office-endpoints';
import { Dialog } from '../ui/dialog';
import { ErrorBanner } from '../ui/error-banner';
import { formatLoose, humanize } from '../ui/format';
import { Spinner } from '../ui/spinner';
import { useToasts } from '../ui/toasts';

interface ImportDialogProps {
  app: string;
  table: string;
  tableTitle: string;
  columns: string[];
  onClose: () => void;
  /** After a changeset was written (or a request submitted): reload what the page shows. */
  onApplied: () => void;
}

const SHOWN_ROWS = 200;

/**
 * Brings an .xlsx or .csv back into a writable table, governed: the server matches the columns
 * by header (a mapping step where they differ), reads values in the person's locale and
 * dry-runs every change through the write pipeline, so the preview shows exactly what would
 * change (old → new) and every problem by sheet row; Apply writes it as one changeset (or
 * submits it for approval), and nothing is written while any problem remains.
 */
export function ImportDialog({ app, table, tableTitle, columns, onClose, onApplied }: ImportDialogProps) {
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const toasts = useToasts();

  const read = async (chosen: File, withMapping: Record<string, string | null>) => {
    setBusy('Reading the file and checking every row…');
    setError(null);
    setPreview(null);
    try {
      setPreview(await officeApi.previewImport(app, table, chosen, withMapping));
    } catch (err) {
      setError(toApiErrorLike(err));
    } finally {
      setBusy(null);
    }
  };

  const apply = async () => {
    if (!preview) return;
    setBusy(preview.needsApproval ? 'Submitting for approval…' : 'Writing the changes…');
    try {
      const outcome = await officeApi.applyImport(app, table, preview.importId);
      toasts.show(
        outcome.requestId
          ? { tone: 'success', title: 'Import submitted for approval', detail: `Request ${outcome.requestId}` }
          : { tone: 'success', title: `Imported ${preview.fileName}`, detail: `${outcome.applied.toLocaleString('en-US')} rows written as one changeset` },
      );
      onApplied();
      onClose();
    } catch (err) {
      setError(toApiErrorLike(err));
      setPreview(null);
    } finally {
      setBusy(null);
    }
  };

  const unmatched = unmatchedHeaders(preview, error);
  const problems = preview?.problems ?? [];

  return (
    <Dialog title={`Import into ${tableTitle}`} onClose={onClose} wide testId="import-dialog">
      <div className="import-dialog">
        <label className="import-file">
          <span>Excel (.xlsx) or CSV file</span>
          <input
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            data-testid="import-file"
            disabled={busy !== null}
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null;
              setFile(chosen);
              setMapping({});
              if (chosen) void read(chosen, {});
            }}
          />
        </label>
        {busy ? (
          <p className="import-busy" aria-live="polite" data-testid="import-busy">
            <Spinner small /> {busy}
          </p>
        ) : null}
        {error ? <ErrorBanner error={error} /> : null}
        {file && unmatched.length ? (
          <section className="import-mapping" data-testid="import-mapping">
            <h3>Columns of the file that match no column of {tableTitle}</h3>
            {unmatched.map((header) => (
              <label key={header} className="import-mapping-row">
                <span>{header}</span>
                <select
                  value={mapping[header] ?? ''}
                  data-testid={`import-map-${header}`}
                  onChange={(event) => setMapping((m) => ({ ...m, [header]: event.target.value || null }))}
                >
                  <option value="">Leave out</option>
                  {columns.map((c) => (
                    <option key={c} value={c}>
                      {humanize(c)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void read(file, mapping)} data-testid="import-reread">
              Read again with these columns
            </button>
          </section>
        ) : null}
        {preview ? (
          <section data-testid="import-preview">
            <p className="import-summary" data-testid="import-summary">
              {preview.summary.rows.toLocaleString('en-US')} rows read from “{preview.sheet}”: {preview.summary.updates.toLocaleString('en-US')} to update (
              {count(preview.summary.cellsChanged, 'cell')}), {preview.summary.inserts.toLocaleString('en-US')} new,{' '}
              {preview.summary.unchanged.toLocaleString('en-US')} unchanged
              {problems.length ? `, ${count(problems.length, 'problem')}` : ''}.
            </p>
            {problems.length ? (
              <div className="notice notice-warning" data-testid="import-problems">
                <strong>Nothing can be written until these are fixed in the file:</strong>
                <ul>
                  {problems.slice(0, SHOWN_ROWS).map((p, i) => (
                    <li key={i} data-testid="import-problem" data-rule={p.rule}>
                      {p.sheetRow ? `Row ${p.sheetRow}` : 'File'}
                      {p.column ? ` · ${humanize(p.column)}` : ''}: {p.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {preview.updates.length ? (
              <div className="table-scroll import-changes">
                <table className="diff-table" data-testid="import-updates">
                  <thead>
                    <tr>
                      <th>Row</th>
                      <th>Key</th>
                      <th>Column</th>
                      <th>Now</th>
                      <th>From the file</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.updates.slice(0, SHOWN_ROWS).flatMap((u) =>
                      u.cells.map((cell) => (
                        <tr key={`${u.sheetRow}-${cell.column}`} data-testid="import-change" data-sheet-row={u.sheetRow} data-column={cell.column}>
                          <td>{u.sheetRow}</td>
                          <td>{Object.values(u.key).map(String).join(' · ')}</td>
                          <td>{humanize(cell.column)}</td>
                          <td className="diff-old">{formatLoose(cell.old)}</td>
                          <td className="diff-new">{formatLoose(cell.new)}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
                {preview.updates.length > SHOWN_ROWS ? <p className="muted">…and {preview.updates.length - SHOWN_ROWS} more rows.</p> : null}
              </div>
            ) : null}
            <div className="dialog-actions">
              <button type="button" className="btn" onClick={onClose}>
                Cancel
              </button>
              <button
                type="button"
                className="btn btn-primary"
                data-testid="import-apply"
                disabled={busy !== null || problems.length > 0 || preview.summary.updates + preview.summary.inserts === 0}
                onClick={() => void apply()}
              >
                {preview.needsApproval ? 'Submit for approval' : `Apply ${count(preview.summary.updates + preview.summary.inserts, 'row')}`}
              </button>
            </div>
          </section>
        ) : null}
      </div>
    </Dialog>
  );
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** Headers to map: the ones the preview left out, or those the server could not place (IMP_COLUMNS). */
function unmatchedHeaders(preview: ImportPreview | null, error: ApiError | null): string[] {
  if (preview) return preview.columns.ignored.filter((h) => !h.startsWith('_rt_'));
  const details = error?.code === 'IMP_COLUMNS' ? (error.details as { unmatched?: string[] } | null) : null;
  return details?.unmatched ?? [];
}
