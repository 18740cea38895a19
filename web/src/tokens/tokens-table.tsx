import type { ApiToken } from '../api/governance-types';
import { formatDateTime } from '../ui/format';

function status(token: ApiToken, now: number): { label: string; className: string } {
  if (token.revokedAt) return { label: `Revoked ${formatDateTime(token.revokedAt)}`, className: 'status status-off' };
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return { label: 'Expired', className: 'status status-off' };
  return { label: 'Active', className: 'status status-on' };
}

export function TokensTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  const now = Date.now();
  return (
    <div className="table-scroll card">
      <table className="data-table admin-table" data-testid="tokens-table">
        <thead>
          <tr>
            <th className="th-plain">Name</th>
            <th className="th-plain">Apps</th>
            <th className="th-plain">Access</th>
            <th className="th-plain">Created</th>
            <th className="th-plain">Expires</th>
            <th className="th-plain">Last used</th>
            <th className="th-plain">Status</th>
            <th className="th-plain">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const state = status(token, now);
            const active = state.label === 'Active';
            return (
              <tr key={token.id} data-testid={`token-${token.id}`} className={active ? undefined : 'row-disabled'}>
                <td>
                  <strong>{token.name}</strong>
                </td>
                <td>{token.apps.includes('*') ? <span className="muted">all apps</span> : token.apps.join(', ')}</td>
                <td>
                  <span className={token.access === 'write' ? 'chip chip-admin' : 'chip'}>{token.access === 'write' ? 'read & write' : 'read'}</span>
                </td>
                <td className="nowrap">{token.createdAt ? formatDateTime(token.createdAt) : '—'}</td>
                <td className="nowrap">{token.expiresAt ? formatDateTime(token.expiresAt) : 'never'}</td>
                <td className="nowrap">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="muted">never</span>}</td>
                <td>
                  <span className={state.className}>{state.label}</span>
                </td>
                <td>
                  {active ? (
                    <div className="row-actions">
                      <button type="button" className="btn btn-small" onClick={() => onRevoke(token)}>
                        Revoke
                      </button>
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
