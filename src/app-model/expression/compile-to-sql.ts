import type { ASTNode } from '@marcbachmann/cel-js';
import { byDialect, join, nullSafeEquals, param, raw, sql, type SqlFragment } from '../../warehouse/sql.js';
import { ownEntry } from '../own-entry.js';

export interface SqlCompileContext {
  /** SQL for `row.<column>`: a column reference, or a bound new value. */
  rowField(column: string): SqlFragment;
  /** Values of the other roots (`user`), bound as parameters. */
  values: Record<string, unknown>;
  /** Further row-like roots (e.g. `old` for rules over the row before a change). */
  fields?: Record<string, (column: string) => SqlFragment>;
  /**
   * `==` and `!=` treat null as a value, as CEL does (`IS [NOT] DISTINCT
   * FROM`). Row policies leave this off so their comparisons stay indexable.
   */
  nullSafeEquality?: boolean;
}

export class ExpressionCompileError extends Error {}

const COMPARISON: Record<string, string> = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ARITHMETIC: Record<string, string> = { '+': '+', '-': '-', '*': '*', '/': '/', '%': '%' };

/**
 * Compiles the SQL-safe subset of CEL (field access, literals, comparisons,
 * `&&`, `||`, `!`, arithmetic, `in`, `?:`) into a predicate whose every value
 * is a bound parameter. Anything else is refused, so a policy that loads is a
 * policy the database enforces.
 */
export function compileToSql(node: ASTNode, context: SqlCompileContext): SqlFragment {
  switch (node.op) {
    case 'value':
      return literal(node.args);
    case '.':
    case '.?': {
      const [target, field] = node.args;
      if (target.op !== 'id') throw new ExpressionCompileError(`nested field access '${field}' cannot run in SQL`);
      if (target.args === 'row') return context.rowField(field);
      const other = context.fields?.[target.args];
      if (other) return other(field);
      return literal(lookupValue(context, target.args, field));
    }
    case '&&':
    case '||': {
      const op = node.op === '&&' ? ' AND ' : ' OR ';
      return sql`(${compileToSql(node.args[0], context)}${raw(op)}${compileToSql(node.args[1], context)})`;
    }
    case '!_':
      return sql`(NOT ${compileToSql(node.args, context)})`;
    case '-_':
      return sql`(- ${compileToSql(node.args, context)})`;
    case '?:': {
      const [cond, then, otherwise] = node.args.map((n) => compileToSql(n, context));
      return sql`(CASE WHEN ${cond!} THEN ${then!} ELSE ${otherwise!} END)`;
    }
    case 'in':
      return compileIn(node.args[0], node.args[1], context);
    case 'id':
      throw new ExpressionCompileError(`'${node.args}' must be used with a field, e.g. ${node.args}.name`);
    default:
      break;
  }
  if (node.op in COMPARISON) {
    const [left, right] = node.args as [ASTNode, ASTNode];
    if (node.op === '==' || node.op === '!=') {
      const nullSide = isNullLiteral(left) ? right : isNullLiteral(right) ? left : undefined;
      if (nullSide) return sql`(${compileToSql(nullSide, context)}${raw(node.op === '==' ? ' IS NULL' : ' IS NOT NULL')})`;
      if (context.nullSafeEquality) {
        const same = nullSafeEquals(compileToSql(left, context), compileToSql(right, context));
        return node.op === '==' ? sql`(${same})` : sql`(NOT ${same})`;
      }
    }
    return sql`(${compileToSql(left, context)} ${raw(COMPARISON[node.op]!)} ${compileToSql(right, context)})`;
  }
  if (node.op in ARITHMETIC) {
    const [left, right] = node.args as [ASTNode, ASTNode];
    return sql`(${compileToSql(left, context)} ${raw(ARITHMETIC[node.op]!)} ${compileToSql(right, context)})`;
  }
  throw new ExpressionCompileError(
    `'${node.op === 'call' || node.op === 'rcall' ? node.args[0] : node.op}' cannot run in SQL (row policies allow fields, literals, comparisons, &&, ||, !, arithmetic, in and ?:)`,
  );
}

function compileIn(needle: ASTNode, haystack: ASTNode, context: SqlCompileContext): SqlFragment {
  const left = compileToSql(needle, context);
  let items: SqlFragment[];
  if (haystack.op === 'list') items = haystack.args.map((n) => compileToSql(n, context));
  else if ((haystack.op === '.' || haystack.op === '.?') && haystack.args[0].op === 'id' && haystack.args[0].args !== 'row') {
    const value = lookupValue(context, haystack.args[0].args, haystack.args[1]);
    const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    items = list.map((v) => param(v));
  } else throw new ExpressionCompileError("'in' needs a list literal or a user attribute list on its right side");
  if (items.length === 0) return raw('(1 = 0)');
  return sql`(${left} IN (${join(items, ', ')}))`;
}

function lookupValue(context: SqlCompileContext, root: string, field: string): unknown {
  const scope = context.values[root];
  if (!scope || typeof scope !== 'object') throw new ExpressionCompileError(`unknown variable '${root}'`);
  return ownEntry(scope as Record<string, unknown>, field) ?? null;
}

function literal(value: unknown): SqlFragment {
  if (value === null || value === undefined) return raw('NULL');
  if (typeof value === 'boolean') return byDialect((dialect) => raw(dialect.booleanValue(value)));
  if (typeof value === 'bigint') return param(Number(value));
  if (typeof value === 'number' || typeof value === 'string') return param(value);
  if (Array.isArray(value)) throw new ExpressionCompileError('a list can only stand on the right of in');
  throw new ExpressionCompileError(`literal of type ${typeof value} cannot run in SQL`);
}

function isNullLiteral(node: ASTNode): boolean {
  return node.op === 'value' && node.args === null;
}
