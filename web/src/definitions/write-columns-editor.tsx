import type { WritePolicy } from '../api/definition-types';
import type { DeclaredRole } from '../api/governance-types';
import { RoleChips } from './role-chips';

interface WriteColumnsEditorProps {
  policies: WritePolicy[];
  /** Columns a policy may make editable. */
  columns: string[];
  roles: DeclaredRole[];
  onChange: (policies: WritePolicy[]) => void;
}

/** Who may write, and which columns each write policy makes editable. */
export function WriteColumnsEditor({ policies, columns, roles, onChange }: WriteColumnsEditorProps) {
  const setPolicy = (i: number, policy: WritePolicy) => onChange(policies.map((p, j) => (j === i ? policy : p)));

  return (
    <section className="card editor-section" data-testid="write-policies">
      <h2 className="section-title">Editable columns</h2>
      {policies.length === 0 ? <p className="muted">Read-only: no write policy (add one in the file).</p> : null}
      {policies.map((policy, i) => {
        // As written in the file: a policy that lists no columns sets none.
        const set = policy.columns ?? [];
        const toggle = (column: string) =>
          setPolicy(i, {
            ...policy,
            columns: set.includes(column) ? set.filter((c) => c !== column) : columns.filter((c) => c === column || set.includes(c)),
          });
        return (
          <div key={i} className="rule-row" data-testid={`write-${i}`}>
            <p className="muted">
              May {policy.operations.join(', ')}
              {policy.rows ? (
                <>
                  {' '}
                  rows where <code>{policy.rows}</code>
                </>
              ) : null}
            </p>
            <RoleChips label="Roles" declared={roles} value={policy.roles} onChange={(r) => setPolicy(i, { ...policy, roles: r })} />
            <fieldset className="chip-field">
              <legend className="field-label">Columns they may set</legend>
              <div className="chip-options">
                {[...new Set([...columns, ...set])].map((column) => (
                  <label key={column} className={set.includes(column) ? 'chip-option chip-on' : 'chip-option'}>
                    <input type="checkbox" checked={set.includes(column)} onChange={() => toggle(column)} />
                    {column}
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
        );
      })}
    </section>
  );
}
