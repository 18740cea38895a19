import type { ActionStep, ActionValue } from '../api/definition-types';

interface StepFieldsProps {
  step: ActionStep;
  onChange: (step: ActionStep) => void;
}

/** Text typed for a value that was a number or boolean stays one when it still reads as one; otherwise it is a string. */
function valueLike(previous: ActionValue | undefined, text: string): ActionValue {
  if (typeof previous === 'number' && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  if (typeof previous === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

const shown = (value: ActionValue | undefined) => (value === null || value === undefined ? '' : String(value));

/** A plain string stays bare; one YAML would read otherwise is written as a JSON string, which YAML also reads. */
const scalar = (value: unknown) =>
  typeof value === 'string' && /^[A-Za-z_][\w .()-]*$/.test(value) && !/^(true|false|null|yes|no)$/i.test(value) ? value : JSON.stringify(value);

/** Block-style YAML of a step, for showing only (the editor does not pull in a YAML library for it). */
function yamlLines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const [first = '', ...rest] = yamlLines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      item !== null && typeof item === 'object' ? [`${indent}${key}:`, ...yamlLines(item, `${indent}  `)] : [`${indent}${key}: ${scalar(item)}`],
    );
  }
  return [`${indent}${scalar(value)}`];
}

/** The inputs of one step, by type; an `if` step is shown as YAML, to be edited in the file. */
export function StepFields({ step, onChange }: StepFieldsProps) {
  switch (step.type) {
    case 'validate':
      return (
        <>
          <TextArea label="Check (CEL over params.* and user.*)" value={step.check} onChange={(check) => onChange({ ...step, check })} testId="step-check" />
          <Text label="Message when the check fails" value={step.message} onChange={(message) => onChange({ ...step, message })} testId="step-message" />
        </>
      );
    case 'write':
      return (
        <>
          <div className="level-fields">
            <Text label="Table" value={step.table} onChange={(table) => onChange({ ...step, table })} testId="step-table" />
            <label className="field field-compact">
              <span className="field-label">Operation</span>
              <select value={step.op} onChange={(e) => onChange({ ...step, op: e.target.value as 'insert' | 'update' })} data-testid="step-op">
                <option value="insert">insert</option>
                <option value="update">update</option>
              </select>
            </label>
          </div>
          <Mapping label="Values (a literal, or :param)" value={step.values} onChange={(values) => onChange({ ...step, values })} testId="step-values" />
          {step.op === 'update' || step.key ? (
            <Mapping
              label="Key of the row to update"
              value={step.key ?? {}}
              onChange={(key) => {
                const { key: _dropped, ...rest } = step;
                onChange(Object.keys(key).length ? { ...rest, key } : rest);
              }}
              testId="step-key"
            />
          ) : null}
        </>
      );
    case 'sql':
      return <TextArea label="Statement (:name binds a parameter)" value={step.sql} onChange={(sql) => onChange({ ...step, sql })} testId="step-sql" />;
    case 'webhook':
      return (
        <div className="level-fields">
          <Text label="URL" value={step.url} onChange={(url) => onChange({ ...step, url })} testId="step-url" grow />
          <Text
            label="Secret (environment variable)"
            value={step.secretEnv ?? ''}
            onChange={(secretEnv) => {
              const { secretEnv: _dropped, ...rest } = step;
              onChange(secretEnv ? { ...rest, secretEnv } : rest);
            }}
            testId="step-secret-env"
          />
        </div>
      );
    case 'set':
      return (
        <div className="level-fields">
          <Text label="Page variable" value={step.variable} onChange={(variable) => onChange({ ...step, variable })} testId="step-variable" />
          <Text
            label="Value (a literal, or :param)"
            value={shown(step.value)}
            onChange={(text) => onChange({ ...step, value: valueLike(step.value, text) })}
            testId="step-value"
          />
        </div>
      );
    case 'refresh':
      return (
        <CommaList
          label="Datasets (comma-separated)"
          value={step.datasets}
          onChange={(datasets) => onChange({ ...step, datasets })}
          testId="step-datasets"
          grow
        />
      );
    case 'navigate':
      return <Text label="Page id" value={step.page} onChange={(page) => onChange({ ...step, page })} testId="step-page" />;
    case 'notify':
      return (
        <div className="level-fields">
          <CommaList label="Roles told (comma-separated)" value={step.roles} onChange={(roles) => onChange({ ...step, roles })} testId="step-roles" />
          <Text label="Message (:param, :user)" value={step.message} onChange={(message) => onChange({ ...step, message })} testId="step-message" grow />
        </div>
      );
    case 'if':
      return (
        <>
          <pre className="step-yaml">{yamlLines(step, '').join('\n')}</pre>
          <p className="field-hint">Conditional steps are edited in the file.</p>
        </>
      );
  }
}

/** A list typed as comma-separated names, taken when the field is left. */
function CommaList({
  label,
  value,
  onChange,
  testId,
  grow,
}: {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
  testId: string;
  grow?: boolean;
}) {
  return (
    <label className={grow ? 'field field-compact field-grow' : 'field field-compact'}>
      <span className="field-label">{label}</span>
      <input
        defaultValue={value.join(', ')}
        onBlur={(e) =>
          onChange(
            e.target.value
              .split(',')
              .map((item) => item.trim())
              .filter(Boolean),
          )
        }
        data-testid={testId}
      />
    </label>
  );
}

function Text({ label, value, onChange, testId, grow }: { label: string; value: string; onChange: (value: string) => void; testId: string; grow?: boolean }) {
  return (
    <label className={grow ? 'field field-compact field-grow' : 'field field-compact'}>
      <span className="field-label">{label}</span>
      <input value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

function TextArea({ label, value, onChange, testId }: { label: string; value: string; onChange: (value: string) => void; testId: string }) {
  return (
    <label className="field field-compact field-grow">
      <span className="field-label">{label}</span>
      <textarea
        className="step-code"
        rows={Math.max(2, value.split('\n').length)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}

interface MappingProps {
  label: string;
  value: Record<string, ActionValue>;
  onChange: (value: Record<string, ActionValue>) => void;
  testId: string;
}

/** Column → value rows; renaming a column keeps its place. */
function Mapping({ label, value, onChange, testId }: MappingProps) {
  const entries = Object.entries(value);
  const rebuild = (next: [string, ActionValue][]) => onChange(Object.fromEntries(next));
  return (
    <fieldset className="chip-field" data-testid={testId}>
      <legend className="field-label">{label}</legend>
      {entries.map(([column, v], i) => (
        <div key={i} className="level-fields">
          <input aria-label="Column" value={column} onChange={(e) => rebuild(entries.map((entry, j) => (j === i ? [e.target.value, entry[1]] : entry)))} />
          <input
            aria-label={`Value of ${column}`}
            value={shown(v)}
            onChange={(e) => rebuild(entries.map((entry, j) => (j === i ? [entry[0], valueLike(entry[1], e.target.value)] : entry)))}
          />
          <button type="button" className="btn btn-small btn-remove" onClick={() => rebuild(entries.filter((_, j) => j !== i))} aria-label={`Remove ${column}`}>
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="btn btn-small" onClick={() => rebuild([...entries, [`column_${entries.length + 1}`, '']])}>
          + Add column
        </button>
      </div>
    </fieldset>
  );
}
