import { useState, type FormEvent } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import { editUser } from '../api/admin-endpoints';
import type { AdminUser, DeclaredRole, UserEditRequest } from '../api/governance-types';
import { Dialog } from '../ui/dialog';
import { ErrorBanner } from '../ui/error-banner';
import { Spinner } from '../ui/spinner';
import type { Loadable } from '../ui/use-load';
import { fromAttributeRows, toAttributeRows, type AttributeRow } from './attribute-rows';
import { AttributesEditor } from './attributes-editor';
import { FieldError, splitIssues } from './field-issues';
import { RolesPicker } from './roles-picker';

const FIELDS = ['displayName', 'roles', 'attributes'] as const;

interface UserEditDialogProps {
  user: AdminUser;
  /** The roles declared in roundtrip.yaml, offered by the roles picker. */
  declaredRoles: Loadable<DeclaredRole[]>;
  onSaved: (user: AdminUser) => void;
  onClose: () => void;
}

export function UserEditDialog({ user, declaredRoles, onSaved, onClose }: UserEditDialogProps) {
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [roles, setRoles] = useState(user.roles);
  const [attributes, setAttributes] = useState<AttributeRow[]>(() => toAttributeRows(user.attributes));
  const [error, setError] = useState<ApiError | null>(null);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = fromAttributeRows(attributes);
    const local: Record<string, string[]> = {};
    if (parsed.problems.length) local.attributes = parsed.problems;
    if (roles.length === 0) local.roles = ['keep at least one role (disable the user to take access away)'];
    setProblems(local);
    if (Object.keys(local).length) return;
    // Only what changed: the admin-change log then records exactly this edit.
    const edit: UserEditRequest = {};
    if (displayName.trim() && displayName.trim() !== (user.displayName ?? '')) edit.displayName = displayName.trim();
    if (JSON.stringify(roles) !== JSON.stringify(user.roles)) edit.roles = roles;
    if (JSON.stringify(parsed.attributes) !== JSON.stringify(user.attributes)) edit.attributes = parsed.attributes;
    if (Object.keys(edit).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onSaved(await editUser(user.username, edit));
    } catch (err) {
      setError(toApiErrorLike(err));
      setSaving(false);
    }
  };

  const server = splitIssues(error, FIELDS);
  const issuesFor = (field: string) => problems[field] ?? server.byField[field];

  return (
    <Dialog title={`Edit ${user.username}`} onClose={onClose} testId="user-edit-dialog">
      <form className="form-stack" onSubmit={submit}>
        {user.source === 'config' ? (
          <p className="notice small">This user is declared in roundtrip.yaml: your changes stay until someone changes the user's entry in that file.</p>
        ) : null}
        <label className="field">
          <span>Display name</span>
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          <FieldError messages={issuesFor('displayName')} />
        </label>
        <div className="field">
          <span>Roles</span>
          <RolesPicker declared={declaredRoles} value={roles} onChange={setRoles} />
          <FieldError messages={issuesFor('roles')} />
        </div>
        <div className="field">
          <span>Attributes</span>
          <AttributesEditor rows={attributes} onChange={setAttributes} />
          <FieldError messages={issuesFor('attributes')} />
        </div>
        <p className="muted small">Role and attribute changes apply at the user's next request.</p>
        {server.general ? <ErrorBanner error={server.general} /> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? <Spinner small label="Saving" /> : null}
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
