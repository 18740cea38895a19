import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AppDetail, PageSpec, QueryFilter, RowKey } from '../api/types';
import { useLiveChanges, useSelf } from '../live/use-live-changes';
import { addressOf, filterDefaults, variablesFromAddress } from './address-params';
import { showParamsInAddress } from './use-hash-route';

/** A table changed; `keys === null` means "unknown rows" (e.g. after the live stream reconnected). */
export interface TableChange {
  table: string;
  keys: RowKey[] | null;
  /** Who made the change (username), when known: the live event's author, or this tab's user. */
  user?: string;
}

type TableChangeListener = (change: TableChange) => void;

interface PageContextValue {
  app: AppDetail;
  page: PageSpec;
  variables: Record<string, unknown>;
  setVariable: (name: string, value: unknown) => void;
  /** Bumped per table whenever its data changed, so dependent queries refetch. */
  versions: Record<string, number>;
  /** Reports a change this tab made itself, without waiting for the live stream. */
  reportChange: (table: string, keys: RowKey[], changesetId: string) => void;
  onTableChange: (listener: TableChangeListener) => () => void;
  /** Reloads the named datasets (or writable tables) and every block reading the same tables. */
  refreshDatasets: (datasets: string[]) => void;
  /** ISO time the page's writable tables are read as of, or null for live data. */
  asOf: string | null;
  setAsOf: (asOf: string | null) => void;
  /** Page variables fixed from outside (an embedding's locked parameters): set, never changeable, their filters hidden. */
  locked: Record<string, unknown>;
}

const PageContext = createContext<PageContextValue | null>(null);

// Both the live stream and the local write report the same changeset; refetch only once.
const SEEN_LIMIT = 200;

const NOTHING_LOCKED: Record<string, unknown> = {};

export function PageProvider({
  app,
  page,
  locked = NOTHING_LOCKED,
  address,
  onCommitted,
  children,
}: {
  app: AppDetail;
  page: PageSpec;
  locked?: Record<string, unknown>;
  /** The page's own address's filter values (`#/<app>/<page>?entity=E03`); they stay in sync with the filters. Omitted: the page has no address of its own (embedded). */
  address?: Record<string, string>;
  /** Called for each changeset this tab committed (an embedding tells its host). */
  onCommitted?: (table: string, keys: RowKey[], changesetId: string) => void;
  children: ReactNode;
}) {
  const [variables, setVariables] = useState<Record<string, unknown>>(() => ({
    ...Object.fromEntries(filterDefaults(page)),
    ...(address ? variablesFromAddress(app, page, address) : {}),
    ...locked,
  }));
  const hasAddress = address !== undefined;
  useEffect(() => {
    if (!hasAddress) return;
    const params = addressOf(page, variables, locked);
    // A page opened without filter values keeps its plain address until one is chosen.
    if (Object.keys(params).length || window.location.hash.includes('?')) showParamsInAddress(app.name, page.id, params);
  }, [hasAddress, app.name, page, variables, locked]);
  const [versions, setVersions] = useState<Record<string, number>>({});
  const [asOf, setAsOf] = useState<string | null>(null);
  const listeners = useRef(new Set<TableChangeListener>());
  const self = useSelf();
  const seen = useRef<string[]>([]);

  const publish = useCallback(
    (change: TableChange) => {
      setVersions((prev) => {
        if (change.table === '*') {
          const next: Record<string, number> = {};
          for (const table of Object.keys(app.tables)) next[table] = (prev[table] ?? 0) + 1;
          for (const info of Object.values(app.datasets)) {
            for (const table of info.dependsOn) next[table] = (prev[table] ?? 0) + 1;
          }
          return next;
        }
        return { ...prev, [change.table]: (prev[change.table] ?? 0) + 1 };
      });
      for (const listener of [...listeners.current]) listener(change);
    },
    [app],
  );

  const firstSighting = useCallback((changesetId: string) => {
    if (!changesetId) return true;
    if (seen.current.includes(changesetId)) return false;
    seen.current = [...seen.current.slice(-SEEN_LIMIT), changesetId];
    return true;
  }, []);

  useLiveChanges((event) => {
    if (event === null) {
      publish({ table: '*', keys: null });
      return;
    }
    if (event.app !== app.name || !firstSighting(event.changesetId)) return;
    publish({ table: event.table, keys: event.keys.length ? event.keys : null, user: event.user || undefined });
  });

  const reportChange = useCallback(
    (table: string, keys: RowKey[], changesetId: string) => {
      // This tab's own commit, whether or not the live stream brought it first.
      onCommitted?.(table, keys, changesetId);
      if (firstSighting(changesetId)) publish({ table, keys, user: self });
    },
    [firstSighting, publish, self, onCommitted],
  );

  const setVariable = useCallback(
    (name: string, value: unknown) => {
      if (Object.hasOwn(locked, name)) return;
      setVariables((prev) => ({ ...prev, [name]: value }));
    },
    [locked],
  );

  const refreshDatasets = useCallback(
    (datasets: string[]) => {
      const tables = new Set(datasets.flatMap((name) => app.datasets[name]?.dependsOn ?? []));
      for (const table of tables) publish({ table, keys: null });
    },
    [app, publish],
  );

  const onTableChange = useCallback((listener: TableChangeListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo<PageContextValue>(
    () => ({ app, page, variables, setVariable, versions, reportChange, onTableChange, refreshDatasets, asOf, setAsOf, locked }),
    [app, page, variables, setVariable, versions, reportChange, onTableChange, refreshDatasets, asOf, locked],
  );

  return <PageContext.Provider value={value}>{children}</PageContext.Provider>;
}

export function usePage(): PageContextValue {
  const ctx = useContext(PageContext);
  if (!ctx) throw new Error('usePage must be used inside a PageProvider');
  return ctx;
}

/** Page variables a dataset declares as params; everything else stays out of its query. */
export function paramsFor(ctx: PageContextValue, dataset: string): Record<string, unknown> | undefined {
  const declared = ctx.app.datasets[dataset]?.params;
  if (!declared) return undefined;
  const params: Record<string, unknown> = {};
  for (const name of Object.keys(declared)) {
    if (name in ctx.variables) params[name] = ctx.variables[name];
  }
  return Object.keys(params).length ? params : undefined;
}

/** The time a dataset is read as of: only writable tables can be rebuilt from the audit. */
export function asOfFor(ctx: PageContextValue, dataset: string): string | undefined {
  return ctx.asOf && ctx.app.tables[dataset] ? ctx.asOf : undefined;
}

/** Version stamp that changes whenever any table the dataset reads from changed. */
export function versionFor(ctx: PageContextValue, dataset: string, extraTables: string[] = []): string {
  const tables = [...(ctx.app.datasets[dataset]?.dependsOn ?? []), ...extraTables];
  return tables.map((t) => `${t}:${ctx.versions[t] ?? 0}`).join('|');
}

/**
 * Page variables become equality filters on a grid when its table has a column of that name,
 * or failing that `<name>_id` (a page variable `entity` filters an `entity_id` column).
 */
export function gridFiltersFor(ctx: PageContextValue, table: string): QueryFilter[] {
  const columns = new Set((ctx.app.tables[table]?.columns ?? []).map((c) => c.name));
  const filters: QueryFilter[] = [];
  for (const [name, value] of Object.entries(ctx.variables)) {
    if (value === null || value === undefined) continue;
    const column = columns.has(name) ? name : columns.has(`${name}_id`) ? `${name}_id` : null;
    // Page variables hold the scalars filters and URLs set.
    if (column) filters.push({ column, op: 'eq', value: value as QueryFilter['value'] });
  }
  return filters;
}
