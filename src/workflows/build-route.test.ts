import { describe, expect, it } from 'vitest';
import type { ResolvedApprovals, ResolvedTable } from '../app-model/index.js';
import { parseExpression } from '../app-model/expression/parse-expression.js';
import { buildRoute, submissionAmount } from './build-route.js';

const when = (source: string) => {
  const parsed = parseExpression(source, ['amount', 'user', 'changes']);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.expression;
};
const amountColumn = { name: 'amount', type: { kind: 'decimal', sql: 'DECIMAL(18,2)', precision: 18, scale: 2 } as const, nullable: false, hasDefault: false };
const approvals: ResolvedApprovals = {
  config: { required: false, exemptRoles: [], levels: [], visibleTo: { reviewers: false, roles: [] } },
  amountColumn,
  levels: [
    { name: 'review', roles: ['partner'], mode: 'any' },
    { name: 'director', roles: ['director'], mode: 'any', when: when('amount >= 25000.0') },
    { name: 'cfo', roles: ['cfo'], mode: 'any', when: when('amount >= 100000.0') },
    { name: 'many', roles: ['auditor'], mode: 'all', when: when('size(changes) > 2') },
    { name: 'broken', roles: ['auditor'], mode: 'any', when: when('user.missing.field == 1') },
  ],
};
const names = (amount: number, changes = 1) =>
  buildRoute(approvals, {
    amount,
    user: { username: 'ann' },
    changes: Array.from({ length: changes }, () => ({ op: 'update' as const, key: { id: 1 }, set: { amount: 1 }, expect: { amount: 0 } })),
  }).map((l) => l.name);

describe('buildRoute', () => {
  it('takes the levels whose condition holds, in order; a condition that fails to evaluate counts as true', () => {
    expect(names(10000)).toEqual(['review', 'broken']);
    expect(names(60000)).toEqual(['review', 'director', 'broken']);
    expect(names(250000, 3)).toEqual(['review', 'director', 'cfo', 'many', 'broken']);
  });
});

describe('submissionAmount', () => {
  const table = { columnByName: new Map([['amount', amountColumn]]) } as unknown as ResolvedTable;
  it('sums the amount of inserted and updated rows as written, ignoring deletes', () => {
    const rows = [
      { op: 'update' as const, row: { amount: '100.50' } },
      { op: 'insert' as const, row: { amount: '20' } },
      { op: 'delete' as const, row: { amount: '999' } },
    ];
    expect(submissionAmount(table, approvals, rows)).toBe(120.5);
    expect(submissionAmount(table, { ...approvals, amountColumn: undefined }, rows)).toBe(0);
  });
});
