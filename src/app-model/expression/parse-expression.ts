import { parse, type ASTNode } from '@marcbachmann/cel-js';

/** A CEL expression parsed once: evaluated in JS for rules, compiled to SQL for row policies. */
export interface Expression {
  source: string;
  ast: ASTNode;
  evaluate(context: Record<string, unknown>): unknown;
}

export type ParsedExpression = { ok: true; expression: Expression } | { ok: false; message: string };

/** Variables an expression may name, per use (`row`, `old`, `user`). */
export function parseExpression(source: string, allowedRoots: readonly string[]): ParsedExpression {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    return { ok: false, message: `cannot parse expression: ${(error as Error).message.split('\n')[0]}` };
  }
  const unknown = [...rootIdentifiers(parsed.ast)].filter((id) => !allowedRoots.includes(id));
  if (unknown.length) {
    return { ok: false, message: `unknown variable ${unknown.map((u) => `'${u}'`).join(', ')}; use ${allowedRoots.join(', ')}` };
  }
  return { ok: true, expression: { source, ast: parsed.ast, evaluate: (context) => parsed(context) } };
}

/** Every top-level identifier the expression reads (e.g. `row` in `row.amount`). */
export function rootIdentifiers(node: ASTNode): Set<string> {
  const found = new Set<string>();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const ast = n as ASTNode;
    if (ast.op === 'id') found.add(ast.args);
    else if (ast.op === 'value') return;
    else if (ast.op === 'call') visit(ast.args[1]);
    else if (ast.op === 'rcall') {
      visit(ast.args[1]);
      visit(ast.args[2]);
    } else if (ast.op === '.' || ast.op === '.?') visit(ast.args[0]);
    else visit(ast.args);
  };
  visit(node);
  return found;
}

/** Columns referenced as `<root>.<column>` (e.g. every `row.x`). */
export function referencedFields(node: ASTNode, root: string): Set<string> {
  const found = new Set<string>();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const ast = n as ASTNode;
    if ((ast.op === '.' || ast.op === '.?') && ast.args[0].op === 'id' && ast.args[0].args === root) {
      found.add(ast.args[1]);
      return;
    }
    if (ast.op === 'value' || ast.op === 'id') return;
    if (ast.op === 'call') return visit(ast.args[1]);
    if (ast.op === 'rcall') {
      visit(ast.args[1]);
      return visit(ast.args[2]);
    }
    if (ast.op === '.' || ast.op === '.?') return visit(ast.args[0]);
    visit(ast.args);
  };
  visit(node);
  return found;
}

/**
 * What an expression reads of `root`: the fields it names as `<root>.<field>`,
 * and whether it also uses `root` any other way (indexed, compared or passed
 * whole), in which case any field may matter.
 */
export function rootReads(node: ASTNode, root: string): { fields: Set<string>; whole: boolean } {
  const fields = new Set<string>();
  let whole = false;
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const ast = n as ASTNode;
    if ((ast.op === '.' || ast.op === '.?') && ast.args[0].op === 'id' && ast.args[0].args === root) {
      fields.add(ast.args[1]);
      return;
    }
    if (ast.op === 'id') {
      if (ast.args === root) whole = true;
      return;
    }
    if (ast.op === 'value') return;
    if (ast.op === 'call') return visit(ast.args[1]);
    if (ast.op === 'rcall') {
      visit(ast.args[1]);
      return visit(ast.args[2]);
    }
    if (ast.op === '.' || ast.op === '.?') return visit(ast.args[0]);
    visit(ast.args);
  };
  visit(node);
  return { fields, whole };
}
