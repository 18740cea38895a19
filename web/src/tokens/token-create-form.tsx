import { useState, type FormEvent } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import type { CreatedToken, TokenAccess } from '../api/governance-types';
import { createToken, fetchOwnApps } from '../api/token-endpoints';
import { FieldError, splitIssues } from '../admin/field-issues';
import { ErrorBanner } from '../ui/error-banner';
import { Skeleton, Spinner } from '../ui/spinner';
import { useLoad } from '../ui/use-load';

const FIELDS = ['name', 'apps', 'access', 'expiresInDays'] as const;
const DEFAULT_DAYS = '90';

export function TokenCreateForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const apps = useLoad((signal) => fetchOwnApps(signal), []);
  const [name, setName] = useState('');
  const [allApps, setAllApps] = useState(true);
  const [picked, setPicked] = useState<string[]>([]);
  const [access, setAccess] = useState<TokenAccess>('read');
  const [days, setDays] = useState(DEFAULT_DAYS);
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const noApps = !allApps && picked.length === 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (noApps) return;
    setSubmitting(true);
    setError(null);
    try {
      const created = await createToken({
        name: name.trim(),
        apps: allApps ? ['*'] : picked,
        access,
        ...(days.trim() ? { expiresInDays: Number(days) } : {}),
      });
      setName('');
      onCreated(created);
    } catch (err) {
      setError(toApiErrorLike(err));
    } finally {
      setSubmitting(false);
    }
  };

  const issues = splitIssues(error, FIELDS);

  return (
    <form className="card form-grid" onSubmit={submit} aria-label="New API token" data-testid="token-create-form">
      <h2 className="card-title">New token</h2>
      <label className="field">
        <span>Name</span>
        <input name="name" required maxLength={100} placeholder="e.g. nightly export" value={name} onChange={(e) => setName(e.target.value)} />
        <FieldError messages={issues.byField.name} />
      </label>
      <label className="field">
        <span>Expires after (days)</span>
        <input name="expiresInDays" type="number" min={1} max={3650} placeholder="never" value={days} onChange={(e) => setDays(e.target.value)} />
        <span className="field-hint">Leave empty for a token that never expires.</span>
        <FieldError messages={issues.byField.expiresInDays} />
      </label>
      <div className="field field-wide">
        <span>Apps</span>
        <div className="chip-options">
          <label className={allApps ? 'chip-option chip-on' : 'chip-option'}>
            <input type="checkbox" checked={allApps} onChange={(e) => setAllApps(e.target.checked)} />
            All apps I may open
          </label>
          {apps.loading ? <Skeleton lines={1} /> : null}
          {(apps.value ?? []).map((app) => (
            <label key={app.name} className={!allApps && picked.includes(app.name) ? 'chip-option chip-on' : 'chip-option'}>
              <input
                type="checkbox"
                disabled={allApps}
                checked={!allApps && picked.includes(app.name)}
                onChange={() => setPicked((prev) => (prev.includes(app.name) ? prev.filter((a) => a !== app.name) : [...prev, app.name]))}
              />
              {app.title}
            </label>
          ))}
        </div>
        {apps.error ? <ErrorBanner error={apps.error} onRetry={apps.retry} /> : null}
        <FieldError messages={noApps ? ['pick at least one app'] : issues.byField.apps} />
      </div>
      <div className="field field-wide">
        <span>Access</span>
        <div className="chip-options" role="radiogroup">
          <label className={access === 'read' ? 'chip-option chip-on' : 'chip-option'}>
            <input type="radio" name="access" value="read" checked={access === 'read'} onChange={() => setAccess('read')} />
            Read only
          </label>
          <label className={access === 'write' ? 'chip-option chip-on' : 'chip-option'}>
            <input type="radio" name="access" value="write" checked={access === 'write'} onChange={() => setAccess('write')} />
            Read and write
          </label>
        </div>
        <span className="field-hint">A token never has more rights than you: your roles and policies apply to everything it does.</span>
      </div>
      {issues.general ? <ErrorBanner error={issues.general} /> : null}
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-primary" disabled={submitting || noApps || !name.trim()}>
          {submitting ? <Spinner small label="Creating" /> : null}
          Create token
        </button>
      </div>
    </form>
  );
}
