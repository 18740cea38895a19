import { useState } from 'react';
import type { ApprovalChain, ApprovalLevel, DefinitionIssue } from '../api/definition-types';
import type { DeclaredRole } from '../api/governance-types';
import { FieldIssues } from './field-issues';
import { NumberField } from './number-field';
import { RoleChips } from './role-chips';
import { thresholdExpression, thresholdOf } from './definition-edits';

interface ApprovalLevelsEditorProps {
  chain: ApprovalChain;
  roles: DeclaredRole[];
  onChange: (chain: ApprovalChain) => void;
  /** Issues of the last preview or save; each level shows its own. */
  issues?: readonly DefinitionIssue[];
  /** Path of the chain in the file, e.g. `tables.budget_lines.approvals`. */
  path?: string;
}

/** The levels of an approval chain: name, approver roles and when each applies. */
export function ApprovalLevelsEditor({ chain, roles, onChange, issues = [], path = '' }: ApprovalLevelsEditorProps) {
  const setLevel = (i: number, level: ApprovalLevel) => onChange({ ...chain, levels: chain.levels.map((l, j) => (j === i ? level : l)) });
  const remove = (i: number) => onChange({ ...chain, levels: chain.levels.filter((_, j) => j !== i) });
  const add = () => onChange({ ...chain, levels: [...chain.levels, { name: `level_${chain.levels.length + 1}`, roles: [] }] });

  return (
    <section className="card editor-section" data-testid="approval-levels">
      <h2 className="section-title">Approval levels</h2>
      <p className="muted">
        A submission passes every level whose condition holds, in this order{chain.amount ? `; its amount is the sum of ${chain.amount}` : ''}.
      </p>
      {chain.levels.map((level, i) => (
        <div key={i}>
          <LevelRow level={level} roles={roles} onChange={(l) => setLevel(i, l)} onRemove={chain.levels.length > 1 ? () => remove(i) : undefined} />
          <FieldIssues issues={issues} prefix={`${path}.levels.${i}`} />
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={add}>
        + Add level
      </button>
    </section>
  );
}

interface LevelRowProps {
  level: ApprovalLevel;
  roles: DeclaredRole[];
  onChange: (level: ApprovalLevel) => void;
  onRemove?: () => void;
}

function LevelRow({ level, roles, onChange, onRemove }: LevelRowProps) {
  const threshold = thresholdOf(level.when);
  // A condition other than `amount >= N` is edited as text; the user may also switch to text on purpose.
  const [asText, setAsText] = useState(level.when !== undefined && threshold === null);
  const setWhen = (when: string | undefined) => {
    const { when: _dropped, ...rest } = level;
    onChange(when === undefined ? rest : { ...rest, when });
  };

  return (
    <div className="level-row" data-testid={`level-${level.name}`}>
      <div className="level-fields">
        <label className="field field-compact">
          <span className="field-label">Name</span>
          <input value={level.name} onChange={(e) => onChange({ ...level, name: e.target.value })} data-testid="level-name" />
        </label>
        {asText ? (
          <label className="field field-compact field-grow">
            <span className="field-label">Applies when (expression over amount, user, changes)</span>
            <input
              value={level.when ?? ''}
              placeholder="always"
              onChange={(e) => setWhen(e.target.value.trim() === '' ? undefined : e.target.value)}
              data-testid="level-when"
            />
          </label>
        ) : (
          <NumberField
            label="Applies from amount"
            value={threshold ?? undefined}
            placeholder="always"
            onChange={(amount) => setWhen(amount === undefined ? undefined : thresholdExpression(amount))}
            testId="level-threshold"
          />
        )}
        <button type="button" className="btn btn-small" onClick={() => setAsText(!asText)} data-testid="level-when-mode">
          {asText ? 'As amount' : 'As expression'}
        </button>
        {onRemove ? (
          <button type="button" className="btn btn-small btn-remove" onClick={onRemove} aria-label={`Remove level ${level.name}`}>
            Remove
          </button>
        ) : null}
      </div>
      <RoleChips label="Approved by" declared={roles} value={level.roles} onChange={(r) => onChange({ ...level, roles: r })} testId="level-roles" />
    </div>
  );
}
