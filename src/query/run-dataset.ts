import type { ResolvedApp, ResolvedDataset, ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { updatableColumnsByRow } from '../governance/policies/index.js';
import type { Principal } from '../governance/principal.js';
import type { ColumnType } from '../warehouse/column-type.js';
import { diagnosticMessage } from '../warehouse/driver-errors.js';
import type { WarehouseDriver, WarehouseIdentity } from '../warehouse/driver.js';
import { ident, join, renderSql, sql, type SqlFragment, NEVER } from '../warehouse/sql.js';
import { buildPagedQuery } from './build-query.js';
import { lockedRows } from './row-locks.js';
import { buildAsOfSource } from './as-of/build-as-of-source.js';
import { buildDatasetSource, buildReadShadows, buildTableSource, datasetWords } from './dataset-source.js';
import { gatedRead } from '../writeback/read-gate.js';
import type { DatasetResult, QueryRequest } from './query-request-schema.js';

/** A dataset's result column: its name as the warehouse gives it, and as the API exposes it. */
interface DescribedColumn {
  given: string;
  name: string;
  type: ColumnType;
}

const describedColumns = new WeakMap<ResolvedDataset, Promise<DescribedColumn[]>>();

/**
 * Runs a dataset live against the warehouse: the app's SQL (or a writable
 * table under the user's read policy) wrapped with filters, sort and paging.
 */
export async function runDataset(
  driver: WarehouseDriver,
  app: ResolvedApp,
  name: string,
  principal: Principal,
  request: QueryRequest,
  identity?: WarehouseIdentity,
  auditSchema?: string,
): Promise<DatasetResult> {
  if (request.withEditable && !app.tables.has(name)) {
    throw new AppError('QRY_INVALID_PARAM', `withEditable works on writable tables only; '${name}' is a SQL dataset.`, { dataset: name });
  }
  const { source, shadows, columns } = await datasetSource(driver, app, name, principal, request, identity, auditSchema);
  const { page, summary } = buildPagedQuery(source, columns, request, shadows);
  const run = (fragment: SqlFragment) => {
    const q = renderSql(fragment, driver.dialect);
    return driver.query(q.sql, q.params, { identity });
  };
  const aggregates = request.aggregates ?? [];
  const wantsSummary = request.withTotal || aggregates.length > 0;
  const [result, summaryResult] = await gatedRead(driver, datasetWords(app, name), () => Promise.all([run(page), wantsSummary ? run(summary) : undefined]));
  const totals = summaryResult?.rows[0];
  const table = app.tables.get(name);
  return {
    columns: result.columns,
    rows: result.rows,
    ...(request.withEditable && table ? await editableByRow(driver, table, principal, result.rows, request.asOf !== undefined, identity) : {}),
    ...(totals && request.withTotal ? { total: Number(totals.n ?? 0) } : {}),
    ...(totals && aggregates.length ? { aggregates: aggregates.map((a, i) => ({ column: a.column, fn: a.fn, value: totals[`a${i}`] ?? null })) } : {}),
  };
}

/**
 * The SELECT a dataset name stands for, as the user may read it (a writable
 * table under its read policy, as of a past time if asked; a SQL dataset with
 * its bound parameters and the read shadows a statement reading it starts
 * with), and its result columns.
 */
export async function datasetSource(
  driver: WarehouseDriver,
  app: ResolvedApp,
  name: string,
  principal: Principal,
  request: Pick<QueryRequest, 'params' | 'asOf'>,
  identity?: WarehouseIdentity,
  auditSchema?: string,
): Promise<{ source: SqlFragment; shadows: SqlFragment[]; columns: Map<string, ColumnType> }> {
  const table = app.tables.get(name);
  const dataset = app.datasets.get(name);
  let source: SqlFragment;
  let shadows: SqlFragment[] = [];
  let columns: Map<string, ColumnType>;
  if (request.asOf && !(table && auditSchema)) {
    throw new AppError('QRY_INVALID_PARAM', `asOf works on writable tables only; '${name}' is a SQL dataset.`, { dataset: name });
  }
  if (table) {
    const past = request.asOf ? await buildAsOfSource(driver, auditSchema!, table, request.asOf, identity) : undefined;
    source = buildTableSource(table, principal, request.params, past);
    columns = new Map(table.columns.map((c) => [c.name, c.type]));
  } else if (dataset) {
    const described = await datasetColumns(driver, dataset, identity);
    source = buildDatasetSource(dataset, driver.dialect, request.params);
    shadows = buildReadShadows(dataset, app.tables.values(), principal);
    if (described.some((c) => c.given !== c.name)) {
      const list = described.map((c) => (c.given === c.name ? ident(c.name) : sql`${ident(c.given)} AS ${ident(c.name)}`));
      source = sql`SELECT ${join(list, ', ')} FROM (${source}) AS ${ident('named')}`;
    }
    columns = new Map(described.map((c) => [c.name, c.type]));
  } else {
    throw new AppError('DATASET_NOT_FOUND', `App ${app.name} has no dataset '${name}'.`, { dataset: name });
  }
  return { source, shadows, columns };
}

/**
 * A dataset's result columns and types, read once per loaded definition with
 * default parameters. A column a warehouse names with its table's alias
 * (`e.entity_id`: ClickHouse does so in a query with two or more joins) is
 * exposed as `entity_id`, the name SQL gives it elsewhere, unless another
 * column has that name.
 */
function datasetColumns(driver: WarehouseDriver, dataset: ResolvedDataset, identity?: WarehouseIdentity): Promise<DescribedColumn[]> {
  let cached = describedColumns.get(dataset);
  if (!cached) {
    const q = renderSql(sql`SELECT * FROM (${buildDatasetSource(dataset, driver.dialect, {})}) AS q WHERE ${NEVER}`, driver.dialect);
    cached = driver.query(q.sql, q.params, { identity }).then((r) => {
      const given = r.columns.map((c) => c.name);
      const bare = given.map((name) => /^[A-Za-z_][A-Za-z0-9_]*\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(name)?.[1] ?? name);
      const taken = (name: string) => bare.filter((b) => b === name).length > 1 || given.includes(name);
      return r.columns.map((c, i) => ({
        given: c.name,
        name: bare[i] !== c.name && !taken(bare[i]!) ? bare[i]! : c.name,
        type: driver.dialect.parseType(c.type),
      }));
    });
    cached.catch(() => describedColumns.delete(dataset));
    describedColumns.set(dataset, cached);
  }
  return cached;
}

/** Checks every dataset of an app runs (for `roundtrip check`); returns one message per failing dataset. */
export async function checkDatasets(driver: WarehouseDriver, app: ResolvedApp): Promise<{ dataset: string; message: string }[]> {
  const problems: { dataset: string; message: string }[] = [];
  for (const dataset of app.datasets.values()) {
    // For the operator running the check: the warehouse's own words, which API clients never get.
    await datasetColumns(driver, dataset).catch((error: unknown) => problems.push({ dataset: dataset.name, message: diagnosticMessage(error) }));
  }
  return problems;
}

/** Per row, the columns the principal may update now (none for rows of the past or under a lock), and the message of a lock holding it. */
async function editableByRow(
  driver: WarehouseDriver,
  table: ResolvedTable,
  principal: Principal,
  rows: readonly Record<string, unknown>[],
  past: boolean,
  identity?: WarehouseIdentity,
): Promise<Pick<DatasetResult, 'editable' | 'locked'>> {
  if (past) return { editable: rows.map(() => []) };
  const columns = updatableColumnsByRow(table, principal, rows);
  const locked = await lockedRows(driver, table, principal, rows, identity);
  return { editable: columns.map((c, i) => (locked[i] === null ? c : [])), ...(locked.some((l) => l !== null) ? { locked } : {}) };
}
