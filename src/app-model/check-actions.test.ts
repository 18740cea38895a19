import { describe, expect, it } from 'vitest';
import { appSchema } from './app-schema.js';
import { checkActions } from './check-actions.js';

function problems(actions: unknown): string[] {
  const config = appSchema.parse({
    title: 'T',
    roles: ['planner'],
    datasets: { totals: { sql: 'SELECT 1 AS x' } },
    tables: { lines: { key: ['id'] } },
    actions,
    pages: [{ id: 'main', title: 'Main', blocks: [{ id: 'grid', type: 'grid', table: 'lines' }] }],
  });
  const found: string[] = [];
  checkActions(
    config,
    (path, message) => found.push(`${path.join('.')}: ${message}`),
    (roles, path) => roles.forEach((r, i) => r === 'planner' || found.push(`${[...path, i].join('.')}: unknown role '${r}'`)),
  );
  return found;
}

describe('checkActions', () => {
  it('accepts a well-formed action', () => {
    expect(
      problems({
        add: {
          roles: ['planner'],
          params: { id: { type: 'number' }, amount: { type: 'number' } },
          steps: [
            { type: 'validate', check: 'params.amount > 0.0', message: 'positive' },
            { type: 'write', table: 'lines', op: 'insert', values: { id: ':id', amount: ':amount' } },
            { type: 'sql', sql: 'UPDATE totals SET t = t + :amount' },
            { type: 'if', when: 'user.username == "a"', then: [{ type: 'set', variable: 'v', value: ':id' }] },
            { type: 'refresh', datasets: ['totals', 'lines'] },
            { type: 'navigate', page: 'main' },
          ],
        },
      }),
    ).toEqual([]);
  });

  it('names every broken reference with its path', () => {
    expect(
      problems({
        bad: {
          roles: ['nobody'],
          params: { id: { type: 'number' } },
          steps: [
            { type: 'sql', sql: 'CALL p(:missing)' },
            { type: 'validate', check: 'params.nope > 1', message: 'x' },
            { type: 'write', table: 'other', op: 'update', values: { amount: ':amount' } },
            { type: 'if', when: 'true', then: [{ type: 'write', table: 'lines', op: 'insert', values: { id: ':id' } }] },
            { type: 'refresh', datasets: ['ghost'] },
            { type: 'navigate', page: 'elsewhere' },
          ],
        },
      }),
    ).toEqual([
      "actions.bad.roles.0: unknown role 'nobody'",
      'actions.bad.steps.0.sql: parameter :missing is not declared under params',
      "actions.bad.steps.1.check: params.nope: no parameter 'nope' is declared",
      "actions.bad.steps.0: sql steps run in the write step's transaction, after its statements: put them after the write step",
      "actions.bad.steps.2.table: 'other' is not a writable table of this app",
      'actions.bad.steps.2.key: an update names the row to change under key (or forEach: selection)',
      'actions.bad.steps.2.values.amount: parameter :amount is not declared under params',
      'actions.bad.steps.3.then.0: an action has at most one write step (one changeset, one transaction)',
      "actions.bad.steps.4.datasets.0: 'ghost' is not a dataset of this app",
      "actions.bad.steps.5.page: 'elsewhere' is not a page of this app",
    ]);
  });

  it('checks selections: a writable table, option datasets, and forEach writing that table by update', () => {
    expect(
      problems({
        unselected: {
          roles: ['planner'],
          steps: [{ type: 'write', table: 'lines', op: 'update', forEach: 'selection', values: { note: 'x' } }],
        },
        selected: {
          roles: ['planner'],
          selection: { table: 'ghost' },
          params: { code: { type: 'string', options: { dataset: 'nowhere', value: 'code' } } },
          steps: [{ type: 'write', table: 'lines', op: 'insert', forEach: 'selection', key: { id: 1 }, values: { note: ':code' } }],
        },
        fine: {
          roles: ['planner'],
          selection: { table: 'lines' },
          params: { code: { type: 'string', required: true, options: { dataset: 'totals', value: 'x' } } },
          steps: [{ type: 'write', table: 'lines', op: 'update', forEach: 'selection', values: { note: ':code' } }],
        },
      }),
    ).toEqual([
      'actions.unselected.steps.0.forEach: forEach: selection needs a selection on the action (selection: { table })',
      "actions.selected.selection.table: 'ghost' is not a writable table of this app",
      "actions.selected.params.code.options.dataset: 'nowhere' is not a dataset of this app",
      "actions.selected.steps.0.table: the selection is of 'ghost'; write that table",
      'actions.selected.steps.0.op: forEach: selection updates the selected rows (op: update)',
      'actions.selected.steps.0.key: with forEach: selection the selected rows are the keys; remove key',
    ]);
  });

  it('checks copies, submissions and references to the user and the written row', () => {
    expect(
      problems({
        copy: {
          roles: ['planner'],
          params: { id: { type: 'number' } },
          steps: [
            { type: 'write', table: 'lines', op: 'insert', copyFrom: { key: { id: ':id' } }, values: { owner: ':user.username' } },
            { type: 'set', variable: 'picked', value: ':written.id' },
          ],
        },
      }),
    ).toEqual([]);
    expect(
      problems({
        bad: {
          roles: ['planner'],
          params: { id: { type: 'number' } },
          steps: [
            {
              type: 'write',
              table: 'lines',
              op: 'update',
              key: { id: ':written.id' },
              copyFrom: { table: 'ghost', key: { id: ':nope' } },
              submit: true,
              values: {},
            },
            { type: 'sql', sql: 'CALL p(:id)' },
            { type: 'set', variable: 'picked', value: ':written.name' },
          ],
        },
        partial: {
          roles: ['planner'],
          steps: [
            { type: 'write', table: 'lines', op: 'insert', copyFrom: { key: { code: 1 } }, values: {} },
            { type: 'set', variable: 'v', value: ':written.id' },
          ],
        },
        nowrite: { roles: ['planner'], steps: [{ type: 'set', variable: 'v', value: ':written.id' }] },
      }),
    ).toEqual([
      'actions.bad.steps.0.copyFrom: copyFrom starts an insert from a copy of a row (op: insert, no forEach)',
      'actions.bad.steps.0.submit: lines has no approval chain to submit to: add approvals to the table, or write directly',
      'actions.bad.steps.0.key.id: :written.column names the written row in a set step only',
      'actions.bad.steps.1: a write step that submits for approval writes nothing now: sql steps cannot run with it',
      "actions.bad.steps.2.value: 'name' is not a key column of lines (id)",
      "actions.partial.steps.0.copyFrom.key: name every key column of lines: 'id' is missing",
      "actions.partial.steps.0.copyFrom.key.code: 'code' is not a key column of lines (id)",
      'actions.nowrite.steps.0.value: :written.column needs a write step whose row it names',
    ]);
  });

  it('checks notices: their roles and the parameters their message names', () => {
    expect(
      problems({
        tell: {
          roles: ['planner'],
          params: { period: { type: 'date' } },
          steps: [
            { type: 'notify', roles: ['planner'], message: 'Closed :period by :user' },
            { type: 'notify', roles: ['boss'], message: 'Closed :month' },
          ],
        },
      }),
    ).toEqual(["actions.tell.steps.1.roles.0: unknown role 'boss'", 'actions.tell.steps.1.message: parameter :month is not declared under params']);
  });
});
