import { describe, expect, it } from 'vitest';
import { applyDefinitionEdits, isEditablePath } from './edit-app-file.js';
import { diffLines, formatLineDiff } from './line-diff.js';

const FILE = `# Expenses
title: Expenses
tables:
  expenses:
    key: [id]
    write:
      - roles: [ clerk ]   # clerks edit their own
        columns:
          - amount
          - note
    rules:
      - column: amount
        min: 0   # never negative
      - column: note
        maxLength: 200
    approvals:
      amount: amount
      levels:
        - { name: manager, roles: [manager], when: 'amount >= 100' }
`;

describe('applyDefinitionEdits', () => {
  it('replaces scalars and flow lists in place, in their own style', () => {
    const text = applyDefinitionEdits(FILE, [
      { path: ['tables', 'expenses', 'approvals', 'levels', 0, 'when'], value: "amount >= 250 && user.username != 'x'" },
      { path: ['tables', 'expenses', 'rules', 0, 'min'], value: 10 },
      { path: ['tables', 'expenses', 'write', 0, 'roles'], value: ['clerk', 'manager'] },
    ]);
    expect(text).toBe(
      FILE.replace("when: 'amount >= 100'", "when: 'amount >= 250 && user.username != ''x'''")
        .replace('min: 0   #', 'min: 10   #')
        .replace('roles: [ clerk ]', 'roles: [ clerk, manager ]'),
    );
  });

  it('adds, replaces and removes items, changing only their lines', () => {
    const text = applyDefinitionEdits(FILE, [
      { path: ['tables', 'expenses', 'approvals', 'levels', 1], value: { name: 'finance', roles: ['cfo'] } },
      { path: ['tables', 'expenses', 'write', 0, 'columns'], value: ['amount'] },
      { path: ['tables', 'expenses', 'rules', 1], delete: true },
    ]);
    const changes = diffLines(FILE, text)
      .filter((line) => line.op !== ' ')
      .map((line) => `${line.op}${line.text}`);
    expect(changes).toEqual([
      '-          - note',
      '-      - column: note',
      '-        maxLength: 200',
      '+        - name: finance',
      '+          roles:',
      '+            - cfo',
    ]);
    expect(text).toContain('# clerks edit their own');
    expect(text).toContain('# never negative');
  });

  it('lets the editor change approvals, rules and the columns and roles of write policies only', () => {
    expect(isEditablePath(['tables', 't', 'approvals', 'levels', 0, 'when'])).toBe(true);
    expect(isEditablePath(['tables', 't', 'rules', 2])).toBe(true);
    expect(isEditablePath(['tables', 't', 'write', 0, 'columns', 1])).toBe(true);
    expect(isEditablePath(['tables', 't', 'write', 0, 'rows'])).toBe(false);
    expect(isEditablePath(['tables', 't', 'write'])).toBe(false);
    expect(isEditablePath(['actions', 'remap', 'steps', 1, 'sql'])).toBe(true);
    expect(isEditablePath(['actions', 'remap', 'roles', 0])).toBe(true);
    expect(isEditablePath(['actions', 'remap', 'params'])).toBe(false);
    expect(isEditablePath(['tables', 't', 'read', 0, 'roles'])).toBe(false);
    expect(isEditablePath(['datasets', 'x', 'sql'])).toBe(false);
  });
});

describe('formatLineDiff', () => {
  it('shows changed lines with context in hunks', () => {
    const diff = formatLineDiff(diffLines('a\nb\nc\nd\ne\nf\ng\nh\ni', 'a\nb\nc\nd\nE\nf\ng\nh\ni'), 1);
    expect(diff).toBe('@@ -4 +4 @@\n d\n-e\n+E\n f');
    expect(formatLineDiff(diffLines('same', 'same'))).toBe('');
  });
});

describe('applyDefinitionEdits refusals', () => {
  it('refuses a path that runs through a scalar as REQ_INVALID', () => {
    expect(() => applyDefinitionEdits(FILE, [{ path: ['tables', 'expenses', 'rules', 0, 'min', 'x'], value: 1 }])).toThrow(
      expect.objectContaining({ code: 'REQ_INVALID' }),
    );
  });
});
