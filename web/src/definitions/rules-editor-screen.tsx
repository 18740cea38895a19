import { useEffect, useMemo, useState } from 'react';
import { fetchRoles } from '../api/admin-endpoints';
import { toApiErrorLike, type ApiError } from '../api/client';
import { fetchDefinition, previewDefinition, saveDefinition } from '../api/definition-endpoints';
import type { DefinitionIssue, DefinitionPreview, EditableAction, EditableTable } from '../api/definition-types';
import { listApps } from '../api/endpoints';
import { ErrorBanner } from '../ui/error-banner';
import { Skeleton, Spinner } from '../ui/spinner';
import { useLoad } from '../ui/use-load';
import { ActionsEditor } from './actions-editor';
import { ApprovalLevelsEditor } from './approval-levels-editor';
import { buildActionEdits, buildDefinitionEdits } from './definition-edits';
import { DefinitionPreviewPanel, IssueList } from './definition-preview';
import { NumberField } from './number-field';
import { RulesListEditor } from './rules-list-editor';
import { WriteColumnsEditor } from './write-columns-editor';

type Tables = Record<string, EditableTable>;
type Actions = Record<string, EditableAction>;

/** Columns a rule or write policy may name: the app's columns, or every one the table's policies and rules mention. */
function columnsOf(table: EditableTable): string[] {
  if (table.columns) return table.columns;
  return [...new Set([...table.write.flatMap((p) => p.columns ?? []), ...table.rules.flatMap((r) => (r.column ? [r.column] : []))])];
}

/**
 * The rules editor: approval levels, validation rules and editable columns of
 * an app's tables, and the roles and steps of its actions, previewed and saved
 * into the app's YAML file.
 */
export function RulesEditorScreen() {
  const apps = useLoad((signal) => listApps(signal), []);
  const roles = useLoad((signal) => fetchRoles(signal), []);
  const [app, setApp] = useState<string | null>(null);
  const definition = useLoad(app ? (signal) => fetchDefinition(app, signal) : null, [app]);
  const [table, setTable] = useState<string | null>(null);
  const [draft, setDraft] = useState<Tables | null>(null);
  const [actionsDraft, setActionsDraft] = useState<Actions>({});
  const [sample, setSample] = useState<number | undefined>(60000);
  const [preview, setPreview] = useState<DefinitionPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saveIssues, setSaveIssues] = useState<DefinitionIssue[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  // Remounts the forms on load and discard, so inputs that keep their own text start over.
  const [resets, setResets] = useState(0);

  useEffect(() => {
    if (!app && apps.value?.length) setApp(apps.value[0]!.name);
  }, [app, apps.value]);

  useEffect(() => {
    const tables = definition.value?.editable.tables ?? null;
    setDraft(tables ? structuredClone(tables) : null);
    setActionsDraft(structuredClone(definition.value?.editable.actions ?? {}));
    setTable((current) =>
      tables && current && tables[current]
        ? current
        : tables
          ? (Object.keys(tables).find((t) => tables[t]!.approvals) ?? Object.keys(tables)[0] ?? null)
          : null,
    );
    setPreview(null);
    setResets((n) => n + 1);
  }, [definition.value]);

  const edits = useMemo(() => {
    const original = definition.value?.editable.tables;
    if (!original || !draft) return [];
    const savedActions = definition.value?.editable.actions ?? {};
    return [
      ...Object.keys(original).flatMap((name) => buildDefinitionEdits(name, original[name]!, draft[name]!)),
      ...Object.keys(savedActions).flatMap((name) => (actionsDraft[name] ? buildActionEdits(name, savedActions[name]!, actionsDraft[name]!) : [])),
    ];
  }, [definition.value, draft, actionsDraft]);

  const setTableDraft = (change: (t: EditableTable) => EditableTable) => {
    if (!draft || !table) return;
    setDraft({ ...draft, [table]: change(draft[table]!) });
    setPreview(null);
    setSaved(null);
  };

  const setActionDraft = (name: string, action: EditableAction) => {
    setActionsDraft({ ...actionsDraft, [name]: action });
    setPreview(null);
    setSaved(null);
  };

  const runPreview = async () => {
    if (!app) return;
    setBusy('preview');
    setError(null);
    try {
      setPreview(await previewDefinition(app, edits, sample === undefined || !table ? undefined : { table, amount: sample }));
    } catch (err) {
      setError(toApiErrorLike(err));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (!app || !definition.value) return;
    setBusy('save');
    setError(null);
    setSaveIssues([]);
    try {
      await saveDefinition(app, edits, definition.value.hash);
      setSaved(`Saved to ${definition.value.file}; in effect now.`);
      definition.retry();
    } catch (err) {
      const apiError = toApiErrorLike(err);
      const issues = (apiError.details as { issues?: DefinitionIssue[] } | null)?.issues;
      if ((apiError.code === 'CFG_EDIT_INVALID' || apiError.code === 'CFG_EDIT_CONTRADICTORY') && issues) setSaveIssues(issues);
      else setError(apiError);
    } finally {
      setBusy(null);
    }
  };

  const current = draft && table ? draft[table] : undefined;
  const fieldIssues = [...saveIssues, ...(preview?.issues ?? [])];
  const hasActions = Object.keys(actionsDraft).length > 0;
  const declared = roles.value ?? [];

  return (
    <div className="page rules-editor">
      <div className="page-heading page-heading-row">
        <div>
          <h1 className="page-title">Rules editor</h1>
          <p className="page-subtitle">
            Approval levels, validation rules, editable columns and action steps, saved into the app's YAML file with its comments. Every save is audited and
            applies at once.
          </p>
        </div>
        <div className="toolbar">
          <label className="filter">
            <span className="filter-label">App</span>
            <select value={app ?? ''} onChange={(e) => setApp(e.target.value)} data-testid="rules-app">
              {(apps.value ?? []).map((a) => (
                <option key={a.name} value={a.name}>
                  {a.title}
                </option>
              ))}
            </select>
          </label>
          {draft ? (
            <label className="filter">
              <span className="filter-label">Table</span>
              <select value={table ?? ''} onChange={(e) => setTable(e.target.value)} data-testid="rules-table">
                {Object.keys(draft).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
      </div>
      {apps.error ? <ErrorBanner error={apps.error} onRetry={apps.retry} /> : null}
      {roles.error ? <ErrorBanner error={roles.error} onRetry={roles.retry} /> : null}
      {definition.error ? <ErrorBanner error={definition.error} onRetry={definition.retry} /> : null}
      {(apps.loading || definition.loading) && !draft ? <Skeleton lines={8} /> : null}
      {draft && Object.keys(draft).length === 0 && !hasActions ? <p className="muted">This app has no writable tables or actions.</p> : null}
      {saved ? (
        <p className="success-note" role="status" data-testid="rules-saved">
          {saved}
        </p>
      ) : null}
      {current || (draft && hasActions) ? (
        <div className="rules-editor-layout">
          <div className="rules-editor-forms" key={`${table}:${resets}`}>
            {!current ? null : current.approvals ? (
              <ApprovalLevelsEditor
                chain={current.approvals}
                roles={declared}
                issues={fieldIssues}
                path={`tables.${table}.approvals`}
                onChange={(approvals) => setTableDraft((t) => ({ ...t, approvals }))}
              />
            ) : (
              <p className="muted card editor-section">This table has no approval chain (add tables.{table}.approvals in the file).</p>
            )}
            {current ? (
              <>
                <RulesListEditor
                  rules={current.rules}
                  columns={columnsOf(current)}
                  issues={fieldIssues}
                  path={`tables.${table}.rules`}
                  onChange={(rules) => setTableDraft((t) => ({ ...t, rules }))}
                />
                <WriteColumnsEditor
                  policies={current.write}
                  columns={columnsOf(current)}
                  roles={declared}
                  onChange={(write) => setTableDraft((t) => ({ ...t, write }))}
                />
              </>
            ) : null}
            {hasActions ? <ActionsEditor actions={actionsDraft} roles={declared} onChange={setActionDraft} /> : null}
          </div>
          <aside className="card editor-section rules-editor-preview">
            <h2 className="section-title">Preview</h2>
            <div className="level-fields">
              {current?.approvals ? <NumberField label="Sample amount" value={sample} onChange={setSample} testId="sample-amount" /> : null}
              <button type="button" className="btn btn-small" onClick={runPreview} disabled={busy !== null} data-testid="rules-preview">
                {busy === 'preview' ? <Spinner small label="Previewing" /> : 'Preview'}
              </button>
              <button
                type="button"
                className="btn btn-small btn-primary"
                onClick={save}
                disabled={busy !== null || edits.length === 0 || preview?.ok === false}
                data-testid="rules-save"
              >
                {busy === 'save' ? <Spinner small label="Saving" /> : 'Save'}
              </button>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  if (!definition.value) return;
                  setDraft(structuredClone(definition.value.editable.tables));
                  setActionsDraft(structuredClone(definition.value.editable.actions ?? {}));
                  setPreview(null);
                  setResets((n) => n + 1);
                }}
                disabled={edits.length === 0 || busy !== null}
              >
                Discard
              </button>
            </div>
            <p className="muted">{edits.length === 0 ? 'No unsaved changes.' : `${edits.length} unsaved change${edits.length === 1 ? '' : 's'}.`}</p>
            {error ? (
              <ErrorBanner error={error} onRetry={error.code === 'CFG_EDIT_CONFLICT' ? definition.retry : undefined} onDismiss={() => setError(null)} />
            ) : null}
            <IssueList issues={saveIssues} />
            {preview ? <DefinitionPreviewPanel preview={preview} /> : null}
          </aside>
        </div>
      ) : null}
    </div>
  );
}
