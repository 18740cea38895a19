import { AppError } from '../errors/index.js';
import { coerceValue } from '../warehouse/coerce-value.js';
import type { ColumnType } from '../warehouse/column-type.js';
import type { Dialect } from '../warehouse/dialect.js';
import { ident, join, raw, sql, typed, type SqlFragment } from '../warehouse/sql.js';
import type { Filter, QueryRequest } from './query-request-schema.js';

const COMPARE = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * Wraps a dataset's SELECT with filters, sort and paging (`page`), the row
 * count (`count`), and every row in order (`all`, for streamed exports). Column names are
 * checked against the dataset's own result columns; values are bound and
 * typed. Aggregation stays in the dataset SQL, so the warehouse does it.
 */
export function buildPagedQuery(
  source: SqlFragment,
  columns: ReadonlyMap<string, ColumnType>,
  request: QueryRequest,
  dialect: Dialect,
): { page: SqlFragment; count: SqlFragment; all: SqlFragment } {
  const column = (name: string) => {
    const type = columns.get(name);
    if (!type) throw new AppError('QRY_UNKNOWN_COLUMN', `The dataset has no column '${name}' (columns: ${[...columns.keys()].join(', ')}).`, { column: name });
    return type;
  };
  const where = request.filters.map((f) => buildFilter(f, column(f.column), dialect));
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
  const count = sql`SELECT count(*) AS ${ident('n')} FROM ${inner}${whereSql}`;
  const all = sql`SELECT * FROM ${inner}${whereSql}${orderSql}`;
  return { page, count, all };
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
