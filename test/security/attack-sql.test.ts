/**
 * Attack suite: SQL text in values, filters, sort keys and identifiers
 * (see attack-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { captureState } from './state-probe.js';
import { ENGINES } from '../support/engines.js';
import {
  as,
  BUDGET,
  budgetRow,
  budgetUpdate,
  commitBudget,
  DEMO_TABLES,
  entitiesOf,
  EPOCH,
  historyPath,
  expectNoFigures,
  named,
  ownLineCount,
  p1Dataset,
  p1Query,
  raw,
  type Read,
  type Refusal,
  revertPath,
  runRead,
  runRefusal,
  servers,
  useAttackServers,
} from './attack-support.js';

describe.each(ENGINES)('$name', (engine) => {
  useAttackServers(engine);

  describe('SQL text in values, filters, sort keys and identifiers', () => {
    const enc = encodeURIComponent;
    const UUID = '01234567-89ab-7def-8123-456789abcdef';

    const READS: Read[] = [
      {
        name: 'an eq value closing the quote',
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'eq', value: "E01' OR entity_id <> '" }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: "an 'in' item closing the list",
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'in', value: ['E01', "E06') OR ('1'='1"] }], withTotal: true, limit: 1000 }),
        check: async (b) => {
          expect(b.total).toBe(await ownLineCount("entity_id = 'E01'"));
          expect(entitiesOf(b.rows)).toEqual(['E01']);
        },
      },
      {
        name: 'a contains value with an OR',
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: 'contains', value: "' OR '1'='1" }], withTotal: true }),
        check: (b) => expect(b).toMatchObject({ rows: [], total: 0 }),
      },
      {
        name: 'a dataset parameter widening the WHERE',
        attack: () => p1Dataset('totals', { params: { entity: "E09' OR TRUE OR '" } }),
        check: (b) => expectNoFigures(b.rows),
      },
    ];

    it.each(named(READS))('binds %s as a plain value', (_name, c) => runRead(servers.demo, DEMO_TABLES, c));

    const REFUSED: Refusal[] = [
      {
        name: 'a filter column with an OR',
        attack: () => p1Query({ filters: [{ column: 'entity_id) OR (1=1', op: 'eq', value: 'E01' }] }),
        status: 400,
        code: 'QRY_UNKNOWN_COLUMN',
      },
      {
        name: 'a quoted filter column',
        attack: () => p1Query({ filters: [{ column: '"entity_id"', op: 'eq', value: 'E06' }] }),
        status: 400,
        code: 'QRY_UNKNOWN_COLUMN',
      },
      {
        name: 'SQL as the filter operator',
        attack: () => p1Query({ filters: [{ column: 'entity_id', op: "= 'E06' OR 1=1 --", value: 'E06' }] }),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a subquery as the sort key',
        attack: () => p1Query({ sort: [{ column: '(SELECT max(entity_id) FROM budget_lines)', direction: 'asc' }] }),
        status: 400,
        code: 'QRY_UNKNOWN_COLUMN',
      },
      { name: 'an ordinal as the sort key', attack: () => p1Query({ sort: [{ column: '1', direction: 'desc' }] }), status: 400, code: 'QRY_UNKNOWN_COLUMN' },
      { name: 'a qualified sort key', attack: () => p1Query({ sort: [{ column: 'q.entity_id', direction: 'asc' }] }), status: 400, code: 'QRY_UNKNOWN_COLUMN' },
      {
        name: 'a CASE expression as the sort key',
        attack: () => p1Query({ sort: [{ column: "CASE WHEN entity_id = 'E06' THEN 0 ELSE 1 END", direction: 'asc' }] }),
        status: 400,
        code: 'QRY_UNKNOWN_COLUMN',
      },
      {
        name: 'a UNION in the dataset name',
        attack: () => as.partner1.request('POST', `${BUDGET}/datasets/${enc('totals UNION SELECT * FROM budget_lines')}/query`, {}),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a warehouse table the app does not declare as the dataset',
        attack: () => as.partner1.query('budget', 'pl_lines', {}),
        status: 404,
        code: 'DATASET_NOT_FOUND',
      },
      {
        name: 'the audit table as the dataset',
        attack: () => as.partner1.request('POST', `${BUDGET}/datasets/${enc('roundtrip_audit.cell_changes')}/query`, {}),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'a warehouse table the app does not declare as the table',
        attack: () =>
          as.director.changeset('budget', 'pl_lines', { changes: [{ op: 'update', key: { pl_line_id: 'REV' }, set: { sign: -1 }, expect: { sign: 1 } }] }),
        status: 404,
        code: 'TABLE_NOT_FOUND',
      },
      {
        name: 'a schema-qualified table name',
        attack: async () =>
          as.director.request('POST', '/api/apps/budget/tables/main.budget_lines/changesets', { changes: [await budgetUpdate(31, { amount: '31' })] }),
        status: 400,
        code: 'REQ_INVALID',
      },
      { name: 'a quote in the app name', attack: () => as.partner1.request('GET', `/api/apps/${enc("budget' OR '1'='1")}`), status: 400, code: 'REQ_INVALID' },
      {
        name: 'an app name in capitals',
        attack: () => as.partner1.request('POST', '/api/apps/BUDGET/datasets/budget_lines/query', {}),
        status: 400,
        code: 'REQ_INVALID',
      },
      { name: 'SQL as the changeset id', attack: () => as.partner1.request('POST', revertPath(enc("' OR 1=1 --")), {}), status: 400, code: 'REQ_INVALID' },
      {
        name: 'a changeset id of 36 hyphens',
        attack: () => as.director.request('POST', revertPath('-'.repeat(36)), {}),
        status: 404,
        code: 'CHANGESET_NOT_FOUND',
      },
      {
        name: 'a history key naming SQL',
        attack: () => as.partner1.request('GET', historyPath('{"line_id = line_id OR 1=1 --":5}')),
        status: 400,
        code: 'WB_INVALID_KEY',
      },
      {
        name: 'a history key value with a UNION',
        attack: () => as.partner1.request('GET', historyPath({ line_id: '5 UNION SELECT 2401' })),
        status: 400,
        code: 'WB_INVALID_KEY',
      },
      { name: 'SQL in asOf', attack: () => p1Query({ asOf: `${EPOCH}' OR 1=1 --` }), status: 400, code: 'REQ_INVALID' },
      { name: 'a function call as asOf', attack: () => p1Query({ asOf: 'now()' }), status: 400, code: 'REQ_INVALID' },
      {
        name: 'SQL in the diff time',
        attack: () => as.director.request('GET', `${BUDGET}/tables/budget_lines/diff?from=${enc(`${EPOCH}'; DELETE FROM budget_lines; --`)}`),
        status: 400,
        code: 'REQ_INVALID',
      },
      {
        name: 'SQL as a revert key column',
        attack: () => as.partner1.request('POST', revertPath(UUID), { key: { 'line_id = 1 OR 1=1': 1 } }),
        status: 400,
        code: 'WB_INVALID_KEY',
      },
      {
        name: 'SQL as the revert column',
        prepare: async () => commitBudget(as.partner1, await budgetUpdate(32, { amount: '32.00' })),
        attack: (id: string) => as.partner1.request('POST', revertPath(id), { key: { line_id: 32 }, column: 'amount = 0, entity_id' }),
        status: 404,
        code: 'ROW_NOT_FOUND',
      },
      {
        name: 'SQL as the idempotency key and reason of a forbidden change',
        attack: async () =>
          as.partner1.changeset('budget', 'budget_lines', {
            changes: [await budgetUpdate(2430, { amount: '1' })],
            idempotencyKey: "' OR 1=1 --",
            reason: "'); DELETE FROM roundtrip_audit.changesets; --",
          }),
        status: 404,
        code: 'ROW_NOT_FOUND',
      },
      {
        name: 'an insert key with a DELETE appended',
        attack: () =>
          as.director.changeset('budget', 'budget_lines', {
            changes: [
              {
                op: 'insert',
                values: { line_id: '1); DELETE FROM budget_lines; --', entity_id: 'E01', account_id: '4000', period: '2026-01-01', amount: '1' },
              },
            ],
          }),
        status: 422,
        code: 'WB_VALIDATION',
      },
      {
        name: 'an amount with a subquery',
        attack: () =>
          as.partner1.changeset('budget', 'budget_lines', {
            changes: [{ op: 'update', key: { line_id: 33 }, set: { amount: '(SELECT 1)' }, expect: { amount: '0' } }],
          }),
        status: 422,
        code: 'WB_VALIDATION',
      },
      {
        name: 'SQL as the token id to revoke',
        attack: () => as.partner1.request('DELETE', `/api/tokens/${enc("' OR '1'='1")}`),
        status: 404,
        code: 'TOKEN_NOT_FOUND',
      },
      {
        name: 'SQL as the username to edit',
        attack: () => as.admin.request('PATCH', `/api/admin/users/${enc("viewer' OR '1'='1")}`, { roles: ['admin'] }),
        status: 404,
        code: 'USER_NOT_FOUND',
      },
      {
        name: 'SQL as the login username',
        attack: () => raw(servers.demo, 'POST', '/api/auth/login', {}, { username: "admin' --", password: 'x' }),
        status: 401,
        code: 'AUTH_INVALID_CREDENTIALS',
      },
    ];

    it.each(named(REFUSED))('refuses %s', (_name, c) => runRefusal(servers.demo, DEMO_TABLES, c));

    it('control: a comment that is SQL is stored verbatim and changes nothing else', async () => {
      const comment = "'); UPDATE budget_lines SET entity_id = 'E01'; DROP TABLE journal_lines; --";
      const fingerprintOthers = async () =>
        (await servers.demo.runtime.warehouse.query(servers.demo.engine.fingerprintSql('budget_lines', 'line_id <> 34'))).rows[0];
      const before = { others: await fingerprintOthers(), state: await captureState(servers.demo, ['journal_lines', 'account_pl_map']) };
      await commitBudget(as.partner1, await budgetUpdate(34, { comment }));
      expect((await budgetRow(34)).comment).toBe(comment);
      expect(await fingerprintOthers()).toEqual(before.others);
      const after = await captureState(servers.demo, ['journal_lines', 'account_pl_map']);
      expect(after.tables).toEqual(before.state.tables);
      expect(after.audit).toEqual({ changesets: before.state.audit.changesets + 1, cells: before.state.audit.cells + 1 });
    });
  });
});
