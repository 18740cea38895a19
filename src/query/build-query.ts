import { AppError } from '../errors/index.js';
import { coerceValue } from '../warehouse/coerce-value.js';
import type { ColumnType } from '../warehouse/column-type.js';
import type { Dialect } from '../warehouse/dialect.js';
import { ident, join, raw, sql, typed, type SqlFragment } from '../warehouse/sql.js';
import { isNumericType } from '../warehouse/column-type.js';
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
  dialect: Dialect,
): { page: SqlFragment; summary: SqlFragment; all: SqlFragment } {
  const column = (name: string) => {
    const type = columns.get(name);
    if (!type) throw new AppError('QRY_UNKNOWN_COLUMN', `The dataset has no column '${name}' (columns: ${[...columns.keys()].join(', ')}).`, { column: name });
    return type;
  };
  const where = request.filters.map((f) => buildFilter(f, column(f.column), dialect));
  if (request.search) {
    const searched = request.search.columns ?? [...columns.keys()];
    for (const name of searched) column(name);
    const text = request.search.text;
    where.push(
      sql`(${join(
        searched.map((name) => dialect.containsInsensitive(sql`CAST(${ident(name)} AS VARCHAR)`, text)),
        ' OR ',
      )})`,
    );
  }
  const whereSql = where.length ? sql` WHERE ${join(where, ' AND ')}` : raw('');
  const order = request.sort.map((s) => {
    column(s.column);
    return sql`${ident(s.column)} ${raw(s.direction === 'desc' ? 'DESC' : 'ASC')} NULLS LAST`;
  });
  const orderSql = order.length ? sql` ORDER BY ${join(order, ', ')}` : raw('');
  const inner = sql`(${source}) AS ${ident('q')}`;
  const limit = sql`${request.limit}`;
  const offset = sql`${request.offset}`;
  const page = sql`SELECT * FROM ${inner}${whereSql}${orderSql} ${dialect.limitOffset(limit, offset)}`;
  const all = sql`SELECT * FROM ${inner}${whereSql}${orderSql}`;
  const aggregates = (request.aggregates ?? []).map((a, i) => sql`${buildAggregate(a, column(a.column))} AS ${ident(`a${i}`)}`);
  const summary = sql`SELECT ${join([sql`count(*) AS ${ident('n')}`, ...aggregates], ', ')} FROM ${inner}${whereSql}`;
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

function buildFilter(filter: Filter, type: ColumnType, dialect: Dialect): SqlFragment {
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
      return dialect.containsInsensitive(sql`CAST(${col} AS VARCHAR)`, filter.value);
    }
    default: {
      if (Array.isArray(filter.value) || filter.value === undefined || filter.value === null) {
        throw new AppError('QRY_INVALID_FILTER', `Filter '${filter.op}' on ${filter.column} needs one value (use isNull for NULL).`, { column: filter.column });
      }
      return sql`${col} ${raw(COMPARE[filter.op])} ${value(filter.value)}`;
    }
  }
}
