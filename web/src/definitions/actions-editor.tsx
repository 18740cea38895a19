import { useState } from 'react';
import type { ActionStep, ActionStepType, EditableAction } from '../api/definition-types';
import type { DeclaredRole } from '../api/governance-types';
import { StepFields } from './action-step-fields';
import { RoleChips } from './role-chips';

interface ActionsEditorProps {
  actions: Record<string, EditableAction>;
  roles: DeclaredRole[];
  onChange: (name: string, action: EditableAction) => void;
}

const LABELS: Record<ActionStepType, string> = {
  validate: 'Validate',
  write: 'Write',
  sql: 'SQL',
  webhook: 'Webhook',
  if: 'If',
  set: 'Set variable',
  refresh: 'Refresh',
  navigate: 'Navigate',
  notify: 'Notify',
};

/** A new step of each type the editor can add, its fields empty for the user to fill in. */
const EMPTY_STEPS: Record<Exclude<ActionStepType, 'if'>, ActionStep> = {
  validate: { type: 'validate', check: '', message: '' },
  write: { type: 'write', table: '', op: 'insert', values: {} },
  sql: { type: 'sql', sql: '' },
  webhook: { type: 'webhook', url: 'https://' },
  set: { type: 'set', variable: '', value: '' },
  refresh: { type: 'refresh', datasets: [] },
  navigate: { type: 'navigate', page: '' },
  notify: { type: 'notify', roles: [], message: '' },
};

/** The app's action blocks: who may run each and its steps, in order. */
export function ActionsEditor({ actions, roles, onChange }: ActionsEditorProps) {
  return (
    <section className="card editor-section" data-testid="actions-editor">
      <h2 className="section-title">Actions</h2>
      <p className="muted">Each action runs its steps in order; the first failing step stops it and rolls back its writes.</p>
      {Object.entries(actions).map(([name, action]) => (
        <ActionSteps key={name} name={name} action={action} roles={roles} onChange={(a) => onChange(name, a)} />
      ))}
    </section>
  );
}

interface ActionStepsProps {
  name: string;
  action: EditableAction;
  roles: DeclaredRole[];
  onChange: (action: EditableAction) => void;
}

function ActionSteps({ name, action, roles, onChange }: ActionStepsProps) {
  const [adding, setAdding] = useState<Exclude<ActionStepType, 'if'>>('validate');
  const setSteps = (steps: ActionStep[]) => onChange({ ...action, steps });
  const move = (i: number, by: -1 | 1) => {
    const steps = [...action.steps];
    [steps[i], steps[i + by]] = [steps[i + by]!, steps[i]!];
    setSteps(steps);
  };

  return (
    <div className="level-row" data-testid={`action-${name}`}>
      <h3 className="action-name">{name}</h3>
      <RoleChips label="Run by" declared={roles} value={action.roles} onChange={(r) => onChange({ ...action, roles: r })} testId="action-roles" />
      <ol className="action-steps">
        {action.steps.map((step, i) => (
          // Keyed by index and type: a moved step remounts, so inputs that keep their own text show the new step's.
          <li key={`${i}:${step.type}:${action.steps.length}`} className="action-step" data-testid={`step-${i}`}>
            <div className="level-fields">
              <span className="step-type">{LABELS[step.type]}</span>
              <span className="action-step-buttons">
                <button type="button" className="btn btn-small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move step ${i + 1} up`}>
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => move(i, 1)}
                  disabled={i === action.steps.length - 1}
                  aria-label={`Move step ${i + 1} down`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-remove"
                  onClick={() => setSteps(action.steps.filter((_, j) => j !== i))}
                  disabled={action.steps.length === 1}
                  aria-label={`Remove step ${i + 1}`}
                >
                  Remove
                </button>
              </span>
            </div>
            <StepFields step={step} onChange={(s) => setSteps(action.steps.map((t, j) => (j === i ? s : t)))} />
          </li>
        ))}
      </ol>
      <div className="level-fields">
        <label className="field field-compact">
          <span className="field-label">New step</span>
          <select value={adding} onChange={(e) => setAdding(e.target.value as Exclude<ActionStepType, 'if'>)} data-testid="add-step-type">
            {Object.keys(EMPTY_STEPS).map((type) => (
              <option key={type} value={type}>
                {LABELS[type as ActionStepType]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setSteps([...action.steps, structuredClone(EMPTY_STEPS[adding])])}
          data-testid="add-step"
        >
          + Add step
        </button>
      </div>
    </div>
  );
}
