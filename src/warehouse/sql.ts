import type { ColumnType } from './column-type.js';
import type { Dialect, StagedColumn, StagedValue } from './dialect.js';
import type { QueryResult, SqlRunner } from './driver.js';
import type { NeutralType } from './table-spec.js';

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'param'; value: unknown; cast?: ColumnType | NeutralType }
  | { kind: 'ident'; name: string }
  | { kind: 'table'; name: string }
  | { kind: 'dialect'; build: (dialect: Dialect) => SqlFragment }
  | { kind: 'fragment'; fragment: SqlFragment };

/**
 * A piece of SQL whose identifiers and values are kept apart from its text
 * until `renderSql` turns it into dialect text plus bound parameters. Building
 * fragments is pure; nothing here runs SQL.
 */
export class SqlFragment {
  constructor(readonly parts: readonly Part[]) {}
}

/** Tagged template: interpolated fragments are inlined, anything else becomes a bound parameter. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  const parts: Part[] = [];
  strings.forEach((text, i) => {
    if (text) parts.push({ kind: 'text', text });
    if (i < values.length) {
      const value = values[i];
      // Nested, not copied: a statement built of many levels of fragments is walked once, when rendered.
      if (value instanceof SqlFragment) parts.push({ kind: 'fragment', fragment: value });
      else parts.push({ kind: 'param', value });
    }
  });
  return new SqlFragment(parts);
}

/** Trusted SQL text (keywords, operators). Never pass user input. */
export function raw(text: string): SqlFragment {
  return new SqlFragment([{ kind: 'text', text }]);
}

/** An identifier, quoted by the dialect at render time. Only names from validated definitions. */
export function ident(name: string): SqlFragment {
  return new SqlFragment([{ kind: 'ident', name }]);
}

/** A possibly schema-qualified table name, quoted by the dialect. */
export function table(name: string): SqlFragment {
  return new SqlFragment([{ kind: 'table', name }]);
}

/** A bound parameter cast to the column type inside SQL (values travel as text). */
export function typed(value: unknown, type: ColumnType): SqlFragment {
  return new SqlFragment([{ kind: 'param', value, cast: type }]);
}

/** A bound parameter cast inside SQL to the dialect's type for `type` (e.g. an ISO 8601 text as a timestamp with time zone). */
export function valueAs(value: unknown, type: NeutralType): SqlFragment {
  return new SqlFragment([{ kind: 'param', value, cast: type }]);
}

/** A bound parameter without a cast. */
export function param(value: unknown): SqlFragment {
  return new SqlFragment([{ kind: 'param', value }]);
}

export function join(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  const parts: Part[] = [];
  fragments.forEach((f, i) => {
    if (i > 0) parts.push({ kind: 'text', text: separator });
    parts.push({ kind: 'fragment', fragment: f });
  });
  return new SqlFragment(parts);
}

export interface RenderedSql {
  sql: string;
  params: unknown[];
}

/**
 * Called with every statement rendered, when set: how the dialect tests
 * collect the statements core code builds, to render each for every engine.
 * Unset in a running server.
 */
let renderObserver: ((fragment: SqlFragment, dialect: Dialect) => void) | undefined;

/** Sets (or, with undefined, clears) the observer of rendered statements. */
export function observeRenders(observer: ((fragment: SqlFragment, dialect: Dialect) => void) | undefined): void {
  renderObserver = observer;
}

export function renderSql(fragment: SqlFragment, dialect: Dialect): RenderedSql {
  renderObserver?.(fragment, dialect);
  const out: RenderedSql = { sql: '', params: [] };
  renderInto(fragment, dialect, out);
  return out;
}

function renderInto(fragment: SqlFragment, dialect: Dialect, out: RenderedSql): void {
  for (const part of fragment.parts) {
    switch (part.kind) {
      case 'text':
        out.sql += part.text;
        break;
      case 'ident':
        out.sql += dialect.quoteIdent(part.name);
        break;
      case 'table':
        out.sql += dialect.quoteTable(part.name);
        break;
      case 'param': {
        out.params.push(part.cast ? toParamText(part.value) : part.value);
        const placeholder = dialect.placeholder(out.params.length);
        const cast = typeof part.cast === 'string' ? dialect.parseType(dialect.typeName(part.cast)) : part.cast;
        out.sql += cast ? dialect.castParam(placeholder, cast) : placeholder;
        break;
      }
      case 'dialect':
        renderInto(part.build(dialect), dialect, out);
        break;
      case 'fragment':
        renderInto(part.fragment, dialect, out);
        break;
    }
  }
}

/**
 * SQL the engine spells its own way, built by the dialect when the fragment
 * is rendered: core code builds statements once, for any engine.
 */
export function byDialect(build: (dialect: Dialect) => SqlFragment): SqlFragment {
  return new SqlFragment([{ kind: 'dialect', build }]);
}

/** Null-safe equality: true when both are null or both hold the same value. */
export function nullSafeEquals(left: SqlFragment, right: SqlFragment): SqlFragment {
  return byDialect((dialect) => dialect.nullSafeEquals(left, right));
}

/** The clause, after an INSERT's values, that skips a row whose `keyColumns` are already taken (no error, nothing written). */
export function onConflictDoNothing(keyColumns: readonly string[]): SqlFragment {
  return byDialect((dialect) => dialect.onConflictDoNothing(keyColumns));
}

/** The clause that makes an INSERT, UPDATE or DELETE give back the rows it changed, with these columns. */
export function returningRows(columns: SqlFragment): SqlFragment {
  return byDialect((dialect) => dialect.returning(columns));
}

/** A derived table of staged rows, as the engine stages them (`Dialect.stagedRows`). */
export function stagedRowsOf(columns: readonly StagedColumn[], rows: readonly (readonly StagedValue[])[], alias: string): SqlFragment {
  return byDialect((dialect) => dialect.stagedRows(columns, rows, alias));
}

/**
 * The paging clause after a query's ORDER BY (`LIMIT … OFFSET …`, or the
 * engine's own); `ordered: false` for a query without ORDER BY (any rows),
 * which engines whose paging needs one get.
 */
export function limitRows(limit: number, offset = 0, ordered = true): SqlFragment {
  return byDialect((dialect) => {
    const clause = dialect.limitOffset(sql`${limit}`, sql`${offset}`);
    return !ordered && dialect.pagingNeedsOrder ? sql`ORDER BY (SELECT NULL) ${clause}` : clause;
  });
}

/** `expr` as text, in the engine's text type. */
export function asText(expr: SqlFragment): SqlFragment {
  return byDialect((dialect) => dialect.castToText(expr));
}

/** A predicate that is false (never NULL) wherever `predicate` is not true. */
export function definitely(predicate: SqlFragment): SqlFragment {
  return byDialect((dialect) => dialect.definitely(predicate));
}

/** A predicate as a boolean column value. */
export function flag(predicate: SqlFragment): SqlFragment {
  return byDialect((dialect) => dialect.flag(predicate));
}

/** `(v1, v2, …) IN (subquery)`: the values are among the rows `select` gives (its columns in the same order). */
export function tupleIn(values: readonly SqlFragment[], select: SqlFragment): SqlFragment {
  return byDialect((dialect) =>
    dialect.tupleIn ? dialect.tupleIn(values, select) : values.length === 1 ? sql`${values[0]!} IN (${select})` : sql`(${join(values, ', ')}) IN (${select})`,
  );
}

/** A boolean value (a column, a staged flag) used as a predicate: itself, or `v = 1` where booleans are bits. */
export function holds(value: SqlFragment): SqlFragment {
  return byDialect((dialect) => (dialect.booleanTest ? dialect.booleanTest(value) : value));
}

/** The predicate that always holds. */
export const ALWAYS = byDialect((dialect) => raw(dialect.alwaysTrue));
/** The predicate that never holds. */
export const NEVER = byDialect((dialect) => raw(dialect.alwaysFalse));

/** Typed parameters travel as text (or null) so that no driver guesses a numeric type. */
function toParamText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Renders the statement in the runner's dialect and runs it (values bound). */
export function runSql(runner: SqlRunner, fragment: SqlFragment): Promise<QueryResult> {
  const q = renderSql(fragment, runner.dialect);
  return runner.query(q.sql, q.params);
}
