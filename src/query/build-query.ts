import { AppError } from '../errors/index.js';
import { coerceValue } from '../warehouse/coerce-value.js';
import type { ColumnType } from '../warehouse/column-type.js';
import { ident, join, raw, sql, typed, type SqlFragment, asText, byDialect } from '../warehouse/sql.js';
import { isNumericType } from '../warehouse/column-type.js';
import { withShadows } from './dataset-source.js';
import type { Aggregate, Filter, QueryRequest } from './query-request-schema.js';

const COMPARE = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

const AGGREGATE_SQL = { sum: 'SUM', avg: 'AVG', min: 'MIN', max: 'MAX', count: 'COUNT' } as const;

/**
 * Wraps a dataset's SELECT with filters, search, sort and paging (`page`),
 * and every selected row in order (`all`, for streamed exports). Column
 * names are checked against the dataset's own result columns; values are
 * bound and typed. Aggregation stays in the dataset SQL, so the warehouse
 * does it; `summary` counts the selected rows and computes the requested
 * aggregates over all of them (not the page), in one statement.
 */
export function buildPagedQuery(
  source: SqlFragment,
  columns: ReadonlyMap<string, ColumnType>,
  request: QueryRequest,
  shadows: readonly SqlFragment[] = [],
): { page: SqlFragment; summary: SqlFragment; all: SqlFragment } {
  const column = (name: string) => {
    const type = columns.get(name);
    if (!type) throw new AppError('QRY_UNKNOWN_COLUMN', `The dataset has no column '${name}' (columns: ${[...columns.keys()].join(', ')}).`, { column: name });
    return type;
  };
  const where = request.filters.map((f) => buildFilter(f, column(f.column)));
  if (request.search) {
    const searched = request.search.columns ?? [...columns.keys()];
    for (const name of searched) column(name);
    const text = request.search.text;
    where.push(
      sql`(${join(
        searched.map((name) => byDialect((d) => d.containsInsensitive(asText(ident(name)), text))),
        ' OR ',
      )})`,
    );
  }
  const whereSql = where.length ? sql` WHERE ${join(where, ' AND ')}` : raw('');
  const order = request.sort.map((s) => {
    column(s.column);
    const descending = s.direction === 'desc';
    return byDialect((d) => (d.orderTerm ? d.orderTerm(ident(s.column), descending) : sql`${ident(s.column)} ${raw(descending ? 'DESC' : 'ASC')} NULLS LAST`));
  });
  const orderSql = order.length ? sql` ORDER BY ${join(order, ', ')}` : raw('');
  const pageOrder = order.length ? orderSql : byDialect((d) => raw(d.pagingNeedsOrder ? ' ORDER BY (SELECT NULL)' : ''));
  const inner = sql`(${source}) AS ${ident('q')}`;
  const limit = sql`${request.limit}`;
  const offset = sql`${request.offset}`;
  const page = withShadows(shadows, sql`SELECT * FROM ${inner}${whereSql}${pageOrder} ${byDialect((d) => d.limitOffset(limit, offset))}`);
  const all = withShadows(shadows, sql`SELECT * FROM ${inner}${whereSql}${orderSql}`);
  const aggregates = (request.aggregates ?? []).map((a, i) => sql`${buildAggregate(a, column(a.column))} AS ${ident(`a${i}`)}`);
  const summary = withShadows(shadows, sql`SELECT ${join([sql`count(*) AS ${ident('n')}`, ...aggregates], ', ')} FROM ${inner}${whereSql}`);
  return { page, summary, all };
}

function buildAggregate(aggregate: Aggregate, type: ColumnType): SqlFragment {
  if ((aggregate.fn === 'sum' || aggregate.fn === 'avg') && !isNumericType(type)) {
    throw new AppError('QRY_INVALID_AGGREGATE', `${aggregate.fn} needs a numeric column; ${aggregate.column} is ${type.sql}.`, {
      column: aggregate.column,
      fn: aggregate.fn,
    });
  }
  return sql`${raw(AGGREGATE_SQL[aggregate.fn])}(${ident(aggregate.column)})`;
}

function buildFilter(filter: Filter, type: ColumnType): SqlFragment {
  const col = ident(filter.column);
  const value = (v: unknown) => {
    const coerced = coerceValue(v, type);
    if (!coerced.ok) throw new AppError('QRY_INVALID_FILTER', `Filter on ${filter.column}: ${coerced.message}.`, { column: filter.column });
    return typed(coerced.value, type);
  };
  switch (filter.op) {
    case 'isNull':
      return sql`${col} IS NULL`;
    case 'notNull':
      return sql`${col} IS NOT NULL`;
    case 'in': {
      if (!Array.isArray(filter.value) || filter.value.length === 0)
        throw new AppError('QRY_INVALID_FILTER', `Filter 'in' on ${filter.column} needs a non-empty list.`, { column: filter.column });
      return sql`${col} IN (${join(filter.value.map(value), ', ')})`;
    }
    case 'contains': {
      if (typeof filter.value !== 'string')
        throw new AppError('QRY_INVALID_FILTER', `Filter 'contains' on ${filter.column} needs text.`, { column: filter.column });
      return byDialect((d) => d.containsInsensitive(asText(col), filter.value as string));
    }
    default: {
      if (Array.isArray(filter.value) || filter.value === undefined || filter.value === null) {
        throw new AppError('QRY_INVALID_FILTER', `Filter '${filter.op}' on ${filter.column} needs one value (use isNull for NULL).`, { column: filter.column });
      }
      return sql`${col} ${raw(COMPARE[filter.op])} ${value(filter.value)}`;
    }
  }
}
