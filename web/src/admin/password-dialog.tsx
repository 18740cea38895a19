import { useState, type FormEvent } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import { setUserPassword } from '../api/admin-endpoints';
import { Dialog } from '../ui/dialog';
import { ErrorBanner } from '../ui/error-banner';
import { Spinner } from '../ui/spinner';
import { FieldError, splitIssues } from './field-issues';

const MIN_PASSWORD = 10;

export function PasswordDialog({ username, onDone, onClose }: { username: string; onDone: () => void; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const mismatch = repeat !== '' && repeat !== password;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch || password.length < MIN_PASSWORD) return;
    setSaving(true);
    setError(null);
    try {
      await setUserPassword(username, password);
      onDone();
    } catch (err) {
      setError(toApiErrorLike(err));
      setSaving(false);
    }
  };

  const server = splitIssues(error, ['password']);
  const tooShort = password !== '' && password.length < MIN_PASSWORD ? [`use at least ${MIN_PASSWORD} characters`] : undefined;

  return (
    <Dialog title={`Reset password of ${username}`} onClose={onClose} testId="password-dialog">
      <form className="form-stack" onSubmit={submit}>
        <p className="muted small">Setting a password ends every session of {username}; their API tokens keep working.</p>
        <label className="field">
          <span>New password</span>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          <FieldError messages={tooShort ?? server.byField.password} />
        </label>
        <label className="field">
          <span>Repeat</span>
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
          <FieldError messages={mismatch ? ['the passwords differ'] : undefined} />
        </label>
        {server.general ? <ErrorBanner error={server.general} /> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving || mismatch || password.length < MIN_PASSWORD}>
            {saving ? <Spinner small label="Saving" /> : null}
            Set password
          </button>
        </div>
      </form>
    </Dialog>
  );
}
