import { newAttributeRow, type AttributeRow } from './attribute-rows';

interface AttributesEditorProps {
  rows: AttributeRow[];
  onChange: (rows: AttributeRow[]) => void;
}

/** Name → value (or comma-separated list) pairs that read policies see as `user.<name>`. */
export function AttributesEditor({ rows, onChange }: AttributesEditorProps) {
  const update = (id: number, patch: Partial<AttributeRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  return (
    <div className="attributes-editor" data-testid="attributes-editor">
      {rows.map((row) => (
        <div key={row.id} className="attribute-row">
          <input aria-label="Attribute name" placeholder="name, e.g. entities" value={row.key} onChange={(e) => update(row.id, { key: e.target.value })} />
          <select aria-label="Attribute kind" value={row.kind} onChange={(e) => update(row.id, { kind: e.target.value as AttributeRow['kind'] })}>
            <option value="text">value</option>
            <option value="list">list</option>
          </select>
          <input
            aria-label="Attribute value"
            placeholder={row.kind === 'list' ? 'E01, E02' : 'value'}
            value={row.text}
            onChange={(e) => {
              // Typing a comma into a plain value means a list; an explicit choice of kind still wins later.
              const kind = row.kind === 'text' && e.target.value.includes(',') && row.original === undefined ? 'list' : row.kind;
              update(row.id, { text: e.target.value, kind });
            }}
          />
          <button type="button" className="btn btn-small btn-ghost" aria-label="Remove attribute" onClick={() => onChange(rows.filter((r) => r.id !== row.id))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newAttributeRow()])}>
        + Attribute
      </button>
    </div>
  );
}
