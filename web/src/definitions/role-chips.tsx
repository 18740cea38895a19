import type { DeclaredRole } from '../api/governance-types';

interface RoleChipsProps {
  /** Roles declared in roundtrip.yaml. */
  declared: DeclaredRole[];
  value: string[];
  onChange: (roles: string[]) => void;
  label: string;
  testId?: string;
}

/** A compact multi-select of roles; a role no longer declared stays visible so it can be removed. */
export function RoleChips({ declared, value, onChange, label, testId }: RoleChipsProps) {
  const names = [...declared.map((role) => role.name), ...value.filter((role) => !declared.some((d) => d.name === role))];
  const toggle = (role: string) => onChange(value.includes(role) ? value.filter((r) => r !== role) : [...value, role]);
  return (
    <fieldset className="chip-field" data-testid={testId}>
      <legend className="field-label">{label}</legend>
      <div className="chip-options">
        {names.map((role) => (
          <label key={role} className={value.includes(role) ? 'chip-option chip-on' : 'chip-option'}>
            <input type="checkbox" checked={value.includes(role)} onChange={() => toggle(role)} />
            {role}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
