import type { DefinitionIssue, ValidationRule } from '../api/definition-types';
import { FieldIssues } from './field-issues';
import { NumberField } from './number-field';

interface RulesListEditorProps {
  rules: ValidationRule[];
  /** Columns a rule may check. */
  columns: string[];
  onChange: (rules: ValidationRule[]) => void;
  /** Issues of the last preview or save; each rule shows its own. */
  issues?: readonly DefinitionIssue[];
  /** Path of the rules in the file, e.g. `tables.budget_lines.rules`. */
  path?: string;
}

type NumericKey = 'min' | 'max' | 'maxLength';
const NUMERIC: { key: NumericKey; label: string }[] = [
  { key: 'min', label: 'Min' },
  { key: 'max', label: 'Max' },
  { key: 'maxLength', label: 'Max length' },
];

/** Sets or removes one key of a rule (an empty field removes the key from the file). */
function withKey<K extends keyof ValidationRule>(rule: ValidationRule, key: K, value: ValidationRule[K] | undefined): ValidationRule {
  const next = { ...rule };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Parses `a, b, 3` into the allowed values (numbers stay numbers); empty means no list. */
function parseAllowed(text: string): (string | number)[] | undefined {
  const values = text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return values.length ? values.map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)) : undefined;
}

/** Validation rules of a table: required, bounds, length, pattern, allowed values and the message. */
export function RulesListEditor({ rules, columns, onChange, issues = [], path = '' }: RulesListEditorProps) {
  const setRule = (i: number, rule: ValidationRule) => onChange(rules.map((r, j) => (j === i ? rule : r)));

  return (
    <section className="card editor-section" data-testid="validation-rules">
      <h2 className="section-title">Validation rules</h2>
      {rules.length === 0 ? <p className="muted">No rules: every value the warehouse accepts is accepted.</p> : null}
      {rules.map((rule, i) => (
        <div key={i} className="rule-row" data-testid={`rule-${i}`}>
          <div className="level-fields">
            <label className="field field-compact">
              <span className="field-label">Column</span>
              <select value={rule.column ?? ''} onChange={(e) => setRule(i, withKey(rule, 'column', e.target.value || undefined))}>
                {rule.column === undefined ? <option value="">(cross-field check)</option> : null}
                {[...new Set([...columns, ...(rule.column ? [rule.column] : [])])].map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox-field">
              <input
                type="checkbox"
                checked={rule.required === true}
                onChange={(e) => setRule(i, withKey(rule, 'required', e.target.checked ? true : undefined))}
              />
              Required
            </label>
            {NUMERIC.map(({ key, label }) => (
              <NumberField key={key} label={label} value={rule[key]} onChange={(v) => setRule(i, withKey(rule, key, v))} testId={`rule-${key}`} />
            ))}
            <label className="field field-compact">
              <span className="field-label">Pattern</span>
              <input value={rule.pattern ?? ''} onChange={(e) => setRule(i, withKey(rule, 'pattern', e.target.value || undefined))} />
            </label>
            <label className="field field-compact">
              <span className="field-label">Allowed values</span>
              <input
                defaultValue={rule.allowed?.join(', ') ?? ''}
                placeholder="any"
                onBlur={(e) => setRule(i, withKey(rule, 'allowed', parseAllowed(e.target.value)))}
              />
            </label>
            <button
              type="button"
              className="btn btn-small btn-remove"
              onClick={() => onChange(rules.filter((_, j) => j !== i))}
              aria-label={`Remove rule ${i + 1}`}
            >
              Remove
            </button>
          </div>
          <label className="field field-compact field-grow">
            <span className="field-label">Message</span>
            <input
              value={rule.message ?? ''}
              placeholder="default message"
              onChange={(e) => setRule(i, withKey(rule, 'message', e.target.value || undefined))}
            />
          </label>
          <FieldIssues issues={issues} prefix={`${path}.${i}`} />
          {rule.check || rule.lookup ? (
            <p className="field-hint">
              Also {rule.check ? <code>{rule.check}</code> : null}
              {rule.lookup ? <code>{`value in ${rule.lookup.table}.${rule.lookup.column}`}</code> : null} (edit in the file)
            </p>
          ) : null}
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...rules, { column: columns[0] ?? '' }])} disabled={columns.length === 0}>
        + Add rule
      </button>
    </section>
  );
}
