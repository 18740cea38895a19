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

/** Field by field `old → new` of an admin change; `action` (create, update, …) is shown as a badge. */
export function ChangeDiff({ oldValue, newValue }: { oldValue: Record<string, unknown> | null; newValue: Record<string, unknown> | null }) {
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
            <span className="diff-column">{field}</span> {oldValue && field in oldValue ? <del className="diff-old">{compact(before)}</del> : null}
            {oldValue && field in oldValue && newValue && field in newValue ? <span className="diff-arrow"> → </span> : null}
            {newValue && field in newValue ? <ins className="diff-new">{compact(after)}</ins> : null}
          </div>
        );
      })}
    </div>
  );
}
