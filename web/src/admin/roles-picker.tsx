import type { DeclaredRole } from '../api/governance-types';
import { ErrorBanner } from '../ui/error-banner';
import { Spinner } from '../ui/spinner';
import type { Loadable } from '../ui/use-load';

interface RolesPickerProps {
  /** The roles declared in roundtrip.yaml: the only ones a user may be given. */
  declared: Loadable<DeclaredRole[]>;
  value: string[];
  onChange: (roles: string[]) => void;
}

export function RolesPicker({ declared, value, onChange }: RolesPickerProps) {
  if (!declared.value) {
    return declared.error ? <ErrorBanner error={declared.error} onRetry={declared.retry} /> : <Spinner small label="Loading roles" />;
  }
  const names = new Set(declared.value.map((role) => role.name));
  // A role taken out of roundtrip.yaml stays on its users until removed: show it so it can be.
  const undeclared = value.filter((role) => !names.has(role));
  const toggle = (role: string) => onChange(value.includes(role) ? value.filter((r) => r !== role) : [...value, role]);

  return (
    <div className="role-options" data-testid="roles-picker">
      {declared.value.map((role) => (
        <RoleOption key={role.name} name={role.name} hint={role.description} checked={value.includes(role.name)} onToggle={toggle} />
      ))}
      {undeclared.map((role) => (
        <RoleOption key={role} name={role} hint="No longer declared in roundtrip.yaml: uncheck to remove it." checked onToggle={toggle} />
      ))}
    </div>
  );
}

interface RoleOptionProps {
  name: string;
  hint: string | null;
  checked: boolean;
  onToggle: (role: string) => void;
}

function RoleOption({ name, hint, checked, onToggle }: RoleOptionProps) {
  return (
    <label className={checked ? 'role-option role-on' : 'role-option'}>
      <input type="checkbox" name="role" value={name} checked={checked} onChange={() => onToggle(name)} />
      <span className="role-name">{name}</span>
      {hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}
