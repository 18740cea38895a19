import { useState, type FormEvent } from 'react';
import { toApiErrorLike, type ApiError } from '../api/client';
import { createUser } from '../api/admin-endpoints';
import type { AdminUser, DeclaredRole } from '../api/governance-types';
import { ErrorBanner } from '../ui/error-banner';
import { Spinner } from '../ui/spinner';
import type { Loadable } from '../ui/use-load';
import { fromAttributeRows, newAttributeRow, type AttributeRow } from './attribute-rows';
import { AttributesEditor } from './attributes-editor';
import { FieldError, splitIssues } from './field-issues';
import { RolesPicker } from './roles-picker';

const FIELDS = ['username', 'displayName', 'password', 'roles', 'attributes'] as const;
const MIN_PASSWORD = 10;

interface UserCreateFormProps {
  /** The roles declared in roundtrip.yaml, offered by the roles picker. */
  declaredRoles: Loadable<DeclaredRole[]>;
  onCreated: (user: AdminUser) => void;
  onCancel: () => void;
}

export function UserCreateForm({ declaredRoles, onCreated, onCancel }: UserCreateFormProps) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [attributes, setAttributes] = useState<AttributeRow[]>(() => [newAttributeRow()]);
  const [error, setError] = useState<ApiError | null>(null);
  const [localIssues, setLocalIssues] = useState<Record<string, string[]>>({});
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = fromAttributeRows(attributes);
    const issues: Record<string, string[]> = {};
    if (parsed.problems.length) issues.attributes = parsed.problems;
    if (roles.length === 0) issues.roles = ['pick at least one role'];
    if (password.length < MIN_PASSWORD) issues.password = [`use at least ${MIN_PASSWORD} characters`];
    setLocalIssues(issues);
    if (Object.keys(issues).length) return;
    setSubmitting(true);
    setError(null);
    try {
      const user = await createUser({
        username: username.trim(),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        password,
        roles,
        attributes: parsed.attributes,
      });
      onCreated(user);
    } catch (err) {
      setError(toApiErrorLike(err));
    } finally {
      setSubmitting(false);
    }
  };

  const server = splitIssues(error, FIELDS);
  const issuesFor = (field: string) => localIssues[field] ?? server.byField[field];

  return (
    <form className="card form-grid" onSubmit={submit} aria-label="New user" data-testid="user-create-form">
      <h2 className="card-title">New user</h2>
      <label className="field">
        <span>Username</span>
        <input name="username" autoComplete="off" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <FieldError messages={issuesFor('username')} />
      </label>
      <label className="field">
        <span>Display name</span>
        <input name="displayName" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <FieldError messages={issuesFor('displayName')} />
      </label>
      <label className="field">
        <span>Password</span>
        <input name="password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <span className="field-hint">At least {MIN_PASSWORD} characters. Share it with the user over a safe channel.</span>
        <FieldError messages={issuesFor('password')} />
      </label>
      <div className="field field-wide">
        <span>Roles</span>
        <RolesPicker declared={declaredRoles} value={roles} onChange={setRoles} />
        <FieldError messages={issuesFor('roles')} />
      </div>
      <div className="field field-wide">
        <span>Attributes</span>
        <AttributesEditor rows={attributes} onChange={setAttributes} />
        <span className="field-hint">Read by row policies as user.&lt;name&gt;, e.g. entities: E01, E02.</span>
        <FieldError messages={issuesFor('attributes')} />
      </div>
      {server.general ? <ErrorBanner error={server.general} /> : null}
      <div className="form-actions field-wide">
        <button type="button" className="btn" onClick={onCancel} disabled={submitting}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={submitting} data-testid="user-create-submit">
          {submitting ? <Spinner small label="Creating" /> : null}
          Create user
        </button>
      </div>
    </form>
  );
}
