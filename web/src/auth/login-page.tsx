import { useEffect, useState, type FormEvent } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import { login } from '../api/endpoints';
import type { Session } from '../api/types';
import { ErrorBanner } from '../ui/error-banner';
import { Spinner } from '../ui/spinner';
import { fetchSignInOptions, readSsoError, ssoLoginHref, type SignInOptions } from './sso';

interface LoginPageProps {
  /** true: the session ended; 'warehouse': the warehouse needs the user's own single sign-on. */
  expired: boolean | 'warehouse';
  onSignedIn: (session: Session) => void;
}

export function LoginPage({ expired, onSignedIn }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [ssoError, setSsoError] = useState(() => readSsoError(window.location.hash));
  const [signInOptions, setSignInOptions] = useState<SignInOptions>({ oidc: null });

  useEffect(() => {
    fetchSignInOptions()
      .then(setSignInOptions)
      // Without the list the password form still works: show it alone.
      .catch(() => setSignInOptions({ oidc: null }));
  }, []);

  useEffect(() => {
    // The error is shown once; the route must not keep it (it is no app route).
    if (window.location.hash.startsWith('#/login')) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setInvalid(false);
    setError(null);
    setSsoError(null);
    try {
      onSignedIn(await login(username.trim(), password));
    } catch (err) {
      const apiError = toApiErrorLike(err);
      if (apiError.status === 401) setInvalid(true);
      else setError(apiError);
      setSubmitting(false);
    }
  };

  return (
    <main className="login-screen">
      <form className="login-card" onSubmit={submit} aria-label="Sign in">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            ⇄
          </span>
          <span>Roundtrip</span>
        </div>
        <p className="login-subtitle">Sign in to explore and edit your warehouse data.</p>
        {expired === 'warehouse' ? (
          <p className="login-note">
            The warehouse runs every request with your own single sign-on, which has expired or is missing. Please sign in with single sign-on.
          </p>
        ) : expired ? (
          <p className="login-note">Your session has ended. Please sign in again.</p>
        ) : null}
        <label className="field">
          <span>Username</span>
          <input
            name="username"
            autoComplete="username"
            // biome-ignore lint/a11y/noAutofocus: the login page has one task; the cursor belongs in its first field
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {invalid ? (
          <p className="login-error" role="alert" data-testid="login-error">
            Invalid username or password
          </p>
        ) : null}
        {error ? <ErrorBanner error={error} /> : null}
        {ssoError ? (
          <p className="login-error" role="alert" data-testid="sso-error" data-code={ssoError.code}>
            {ssoError.message}
          </p>
        ) : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={submitting}>
          {submitting ? <Spinner small label="Signing in" /> : null}
          <span>{submitting ? 'Signing in…' : 'Sign in'}</span>
        </button>
        {signInOptions.oidc ? (
          <>
            <p className="login-subtitle" style={{ textAlign: 'center', margin: 0 }}>
              or
            </p>
            <a className="btn btn-block" href={ssoLoginHref(window.location.hash)} data-testid="sso-login">
              {signInOptions.oidc.label}
            </a>
          </>
        ) : null}
      </form>
    </main>
  );
}
