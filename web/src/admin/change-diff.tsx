import { useState } from 'react';
import { DefinitionDiff } from './definition-diff';

/** Values longer than this are cut, with a button to show them whole. */
const SHORT = 120;

/** Compact JSON values: a change log row should read on one line or two. */
function compact(value: unknown): string {
  if (value === undefined) return '∅';
  if (Array.isArray(value)) return `[${value.map((v) => compact(v)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${compact(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

function Value({ text, as: Tag }: { text: string; as: 'del' | 'ins' }) {
  const [whole, setWhole] = useState(false);
  const long = text.length > SHORT;
  return (
    <>
      <Tag className={Tag === 'del' ? 'diff-old' : 'diff-new'}>{long && !whole ? `${text.slice(0, SHORT)}…` : text}</Tag>
      {long ? (
        <button type="button" className="link-button diff-more" onClick={() => setWhole(!whole)}>
          {whole ? 'less' : `all ${text.length} characters`}
        </button>
      ) : null}
    </>
  );
}

interface ChangeDiffProps {
  /** app and project changes are definitions: shown as a line diff. */
  kind?: string;
  oldValue: Record<string, unknown> | null;
  newValue: Record<string, unknown> | null;
}

/** An admin change: a definition as a line diff; users, roles and tokens field by field `old → new` (`action` as a badge). */
export function ChangeDiff({ kind, oldValue, newValue }: ChangeDiffProps) {
  if (kind === 'app' || kind === 'project') return <DefinitionDiff oldValue={oldValue} newValue={newValue} />;
  const action = typeof newValue?.action === 'string' ? newValue.action : null;
  const fields = [...new Set([...Object.keys(oldValue ?? {}), ...Object.keys(newValue ?? {})])].filter((f) => f !== 'action');

  return (
    <div className="change-diff">
      {action ? <span className="badge">{action}</span> : null}
      {fields.length === 0 && !action ? <span className="muted">—</span> : null}
      {fields.map((field) => {
        const before = oldValue ? oldValue[field] : undefined;
        const after = newValue ? newValue[field] : undefined;
        return (
          <div key={field} className="change-field">
            <span className="diff-column">{field}</span> {oldValue && field in oldValue ? <Value as="del" text={compact(before)} /> : null}
            {oldValue && field in oldValue && newValue && field in newValue ? <span className="diff-arrow"> → </span> : null}
            {newValue && field in newValue ? <Value as="ins" text={compact(after)} /> : null}
          </div>
        );
      })}
    </div>
  );
}
