import { useState } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import type { ApiToken, CreatedToken } from '../api/governance-types';
import { fetchOwnTokens, revokeToken } from '../api/token-endpoints';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ErrorBanner } from '../ui/error-banner';
import { Skeleton } from '../ui/spinner';
import { useLoad } from '../ui/use-load';
import { TokenCreateForm } from './token-create-form';
import { TokenSecret } from './token-secret';
import { TokensTable } from './tokens-table';

/** The signed-in user's own API tokens. */
export function TokensScreen() {
  const tokens = useLoad((signal) => fetchOwnTokens(signal), []);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [busy, setBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<ApiError | null>(null);

  const replace = (token: ApiToken) =>
    tokens.update((list) => [token, ...(list ?? []).filter((t) => t.id !== token.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));

  const revoke = async (token: ApiToken) => {
    setBusy(true);
    setRevokeError(null);
    try {
      replace(await revokeToken(token.id));
      setRevoking(null);
    } catch (err) {
      setRevokeError(toApiErrorLike(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <div className="page-heading">
        <h1 className="page-title">API tokens</h1>
        <p className="page-subtitle">
          Tokens let scripts and tools call the Roundtrip API as you, limited to the apps and access you choose. They cannot manage users or tokens.
        </p>
      </div>
      {created ? <TokenSecret created={created} onDone={() => setCreated(null)} /> : null}
      <TokenCreateForm
        onCreated={(next) => {
          replace(next.token);
          setCreated(next);
        }}
      />
      <h2 className="section-title">Your tokens</h2>
      {tokens.loading && !tokens.value ? <Skeleton lines={4} /> : null}
      {tokens.error ? <ErrorBanner error={tokens.error} onRetry={tokens.retry} /> : null}
      {tokens.value && tokens.value.length === 0 ? <p className="muted">You have no API tokens yet.</p> : null}
      {tokens.value && tokens.value.length > 0 ? <TokensTable tokens={tokens.value} onRevoke={setRevoking} /> : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke"
          danger
          busy={busy}
          error={revokeError}
          onCancel={() => {
            setRevoking(null);
            setRevokeError(null);
          }}
          onConfirm={() => void revoke(revoking)}
        >
          <p>Scripts using this token stop working at their next request. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
