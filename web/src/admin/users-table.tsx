import type { AdminUser, AttributeValue } from '../api/governance-types';
import { formatDateTime } from '../ui/format';

export type UserAction = 'edit' | 'password' | 'disable' | 'enable' | 'preview';

interface UsersTableProps {
  users: AdminUser[];
  self: string;
  busy: string | null;
  onAction: (user: AdminUser, action: UserAction) => void;
}

export function UsersTable({ users, self, busy, onAction }: UsersTableProps) {
  return (
    <div className="table-scroll card">
      <table className="data-table admin-table" data-testid="users-table">
        <thead>
          <tr>
            <th className="th-plain">User</th>
            <th className="th-plain">Roles</th>
            <th className="th-plain">Attributes</th>
            <th className="th-plain">Source</th>
            <th className="th-plain">Status</th>
            <th className="th-plain">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.username} data-testid={`user-${user.username}`} className={user.disabled ? 'row-disabled' : undefined}>
              <td>
                <div className="user-cell">
                  <strong>{user.username}</strong>
                  {user.displayName ? <span className="muted">{user.displayName}</span> : null}
                </div>
              </td>
              <td>
                <div className="chips">
                  {user.roles.map((role) => (
                    <span key={role} className={role === 'admin' ? 'chip chip-admin' : 'chip'}>
                      {role}
                    </span>
                  ))}
                </div>
              </td>
              <td className="attributes-cell">
                {Object.keys(user.attributes).length ? (
                  Object.entries(user.attributes).map(([key, value]) => (
                    <div key={key}>
                      <span className="muted">{key}:</span> {showAttribute(value)}
                    </div>
                  ))
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <span className="badge" title={sourceTitle(user)}>
                  {SOURCE_LABELS[user.source]}
                </span>
              </td>
              <td>{user.disabled ? <span className="status status-off">Disabled</span> : <span className="status status-on">Active</span>}</td>
              <td>
                <div className="row-actions">
                  <button type="button" className="btn btn-small" onClick={() => onAction(user, 'edit')}>
                    Edit
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => onAction(user, 'password')}>
                    Reset password
                  </button>
                  {user.username === self ? null : user.disabled ? (
                    <button type="button" className="btn btn-small" disabled={busy === user.username} onClick={() => onAction(user, 'enable')}>
                      Enable
                    </button>
                  ) : (
                    <>
                      <button type="button" className="btn btn-small" onClick={() => onAction(user, 'disable')}>
                        Disable
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => onAction(user, 'preview')}
                        title="See the apps as this user does (read-only)"
                      >
                        Preview as
                      </button>
                    </>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function showAttribute(value: AttributeValue): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

const SOURCE_LABELS: Record<AdminUser['source'], string> = { config: 'config file', admin: 'admin', oidc: 'single sign-on', embed: 'embedded' };

function sourceTitle(user: AdminUser): string {
  switch (user.source) {
    case 'config':
      return 'Declared in roundtrip.yaml';
    case 'admin':
      return `Created by an admin on ${formatDateTime(user.createdAt)}`;
    case 'oidc':
      return `Signed in with single sign-on first on ${formatDateTime(user.createdAt)}`;
    case 'embed':
      return `A viewer of an embedding, first seen ${formatDateTime(user.createdAt)}`;
  }
}
