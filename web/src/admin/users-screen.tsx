import { useState } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import { editUser, fetchRoles, fetchUsers } from '../api/admin-endpoints';
import type { AdminUser } from '../api/governance-types';
import { usePreview } from '../preview/preview-context';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ErrorBanner } from '../ui/error-banner';
import { Skeleton } from '../ui/spinner';
import { useLoad } from '../ui/use-load';
import { PasswordDialog } from './password-dialog';
import { UserCreateForm } from './user-create-form';
import { UserEditDialog } from './user-edit-dialog';
import { UsersTable, type UserAction } from './users-table';

type Open = { action: 'edit' | 'password' | 'disable'; user: AdminUser } | null;

export function UsersScreen({ self }: { self: string }) {
  const users = useLoad((signal) => fetchUsers(signal), []);
  const declaredRoles = useLoad((signal) => fetchRoles(signal), []);
  const { start } = usePreview();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const replace = (user: AdminUser) =>
    users.update((list) => {
      const rest = (list ?? []).filter((u) => u.username !== user.username);
      return [...rest, user].sort((a, b) => a.username.localeCompare(b.username));
    });

  const setDisabled = async (user: AdminUser, disabled: boolean) => {
    setBusy(user.username);
    setActionError(null);
    try {
      replace(await editUser(user.username, { disabled }));
      setNotice(disabled ? `${user.username} is disabled; their sessions have ended.` : `${user.username} may sign in again.`);
      setOpen(null);
    } catch (err) {
      setActionError(toApiErrorLike(err));
    } finally {
      setBusy(null);
    }
  };

  const onAction = (user: AdminUser, action: UserAction) => {
    setNotice(null);
    setActionError(null);
    if (action === 'enable') void setDisabled(user, false);
    else if (action === 'preview') {
      start(user.username);
      window.location.hash = '#/';
    } else setOpen({ action, user });
  };

  return (
    <div className="page">
      <div className="page-heading page-heading-row">
        <div>
          <h1 className="page-title">Users</h1>
          <p className="page-subtitle">Who may sign in, with which roles and policy attributes. Every change is logged in admin changes.</p>
        </div>
        {!creating ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-user">
            New user
          </button>
        ) : null}
      </div>
      {creating ? (
        <UserCreateForm
          declaredRoles={declaredRoles}
          onCancel={() => setCreating(false)}
          onCreated={(user) => {
            replace(user);
            setCreating(false);
            setNotice(`Created ${user.username}.`);
          }}
        />
      ) : null}
      {notice ? (
        <p className="success-note" role="status" data-testid="users-notice">
          {notice}
        </p>
      ) : null}
      {actionError && !open ? <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} /> : null}
      {users.loading && !users.value ? <Skeleton lines={6} /> : null}
      {users.error ? <ErrorBanner error={users.error} onRetry={users.retry} /> : null}
      {users.value ? <UsersTable users={users.value} self={self} busy={busy} onAction={onAction} /> : null}

      {open?.action === 'edit' ? (
        <UserEditDialog
          user={open.user}
          declaredRoles={declaredRoles}
          onClose={() => setOpen(null)}
          onSaved={(user) => {
            replace(user);
            setOpen(null);
            setNotice(`Saved ${user.username}.`);
          }}
        />
      ) : null}
      {open?.action === 'password' ? (
        <PasswordDialog
          username={open.user.username}
          onClose={() => setOpen(null)}
          onDone={() => {
            setNotice(`New password set for ${open.user.username}; their sessions have ended.`);
            setOpen(null);
          }}
        />
      ) : null}
      {open?.action === 'disable' ? (
        <ConfirmDialog
          title={`Disable ${open.user.username}?`}
          confirmLabel="Disable"
          danger
          busy={busy === open.user.username}
          error={actionError}
          onCancel={() => setOpen(null)}
          onConfirm={() => void setDisabled(open.user, true)}
        >
          <p>{open.user.username} can no longer sign in, their open sessions end at once and their API tokens stop working. You can enable them again later.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
