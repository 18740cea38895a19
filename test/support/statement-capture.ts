import type { DriverCapabilities } from '../../src/warehouse/driver.js';
import { observeRenders, renderSql, type SqlFragment } from '../../src/warehouse/sql.js';
import { ApiClient } from './api-client.js';
import { engineNamed } from './engines.js';
import { startTestServer } from './test-server.js';

/** One statement core code sent to the warehouse, kept as built (any engine renders it), and where it came from. */
export interface CapturedStatement {
  fragment: SqlFragment;
  /** The API call during which it was built, e.g. `POST changesets (stale)`. */
  step: string;
}

export interface CoreStatements {
  statements: CapturedStatement[];
  /** Statements the warehouse ran that no captured fragment renders to (built as text): each must be covered elsewhere. */
  uncaptured: string[];
}

/**
 * Runs the demo on DuckDB declaring `declares` (so core code takes the write
 * strategy of engines with those capabilities), drives one request of every
 * kind that reaches the warehouse (datasets with filters, search, sort, paging
 * and totals; changesets mixing updates, inserts and deletes; a stale, a
 * forbidden and a locked one; a revert; history; as-of reads; a submission and
 * its approval; comments; exports), and keeps every statement core code
 * built for the warehouse. Also reports any statement the warehouse ran that
 * was not built as a fragment, so nothing escapes the dialect tests.
 */
export async function captureCoreStatements(declares: Partial<DriverCapabilities>): Promise<CoreStatements> {
  const server = await startTestServer({ engine: { ...engineNamed('duckdb'), label: 'duckdb (capture)', declares } });
  const warehouse = server.runtime.warehouse;
  // DuckDB keeps no past versions: for the capture its "table as of" is the table, so the statement runs and is kept.
  if (declares.nativeTimeTravel) Object.assign(warehouse, { dialect: { ...warehouse.dialect, tableAsOf: (table: SqlFragment) => table } });
  const statements: CapturedStatement[] = [];
  const rendered = new Set<string>();
  const ran: string[] = [];
  let step = 'start';
  let inside = false;
  observeRenders((fragment, dialect) => {
    if (inside || dialect !== warehouse.dialect) return;
    statements.push({ fragment, step });
    inside = true;
    try {
      rendered.add(renderSql(fragment, dialect).sql);
    } finally {
      inside = false;
    }
  });
  const query = warehouse.query.bind(warehouse);
  warehouse.query = (text, params, options) => {
    ran.push(text);
    return query(text, params, options);
  };
  const transaction = warehouse.transaction.bind(warehouse);
  warehouse.transaction = (work, options) =>
    transaction((tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = (text, params) => {
        ran.push(text);
        return txQuery(text, params);
      };
      return work(tx);
    }, options);
  try {
    const as = async (user: string) => ApiClient.login(server.url, user);
    const [admin, director, partner, reviewer, cfo] = await Promise.all(['admin', 'director', 'partner1', 'partner2', 'cfo'].map(as));
    const call = async (label: string, client: ApiClient, method: string, path: string, body?: unknown) => {
      step = label;
      const answer = await client.request(method, path, body);
      // Sealed after every call, one changeset at a time, so each capture builds the same statements.
      step = 'audit sealer';
      await server.runtime.sealer.flush();
      step = 'between';
      return answer;
    };
    await driveDemo(call, { admin: admin!, director: director!, partner: partner!, reviewer: reviewer!, cfo: cfo! });
  } finally {
    observeRenders(undefined);
    await server.close();
  }
  const uncaptured = [...new Set(ran.filter((text) => !rendered.has(text)))];
  return { statements, uncaptured };
}

type Call = (label: string, client: ApiClient, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

const LINES = '/api/apps/budget/tables/budget_lines';

async function driveDemo(call: Call, users: { admin: ApiClient; director: ApiClient; partner: ApiClient; reviewer: ApiClient; cfo: ApiClient }): Promise<void> {
  const { admin, director, partner, reviewer, cfo } = users;
  const expectStatus = (answer: { status: number; body: any }, status: number, what: string) => {
    if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    return answer;
  };
  const query = (label: string, client: ApiClient, dataset: string, body: unknown) =>
    call(label, client, 'POST', `/api/apps/budget/datasets/${dataset}/query`, body);
  expectStatus(
    await query('dataset page (filters, search, sort, paging, totals)', partner, 'budget_lines', {
      filters: [
        { column: 'entity_id', op: 'in', value: ['E01', 'E02'] },
        { column: 'amount', op: 'gte', value: 0 },
        { column: 'comment', op: 'notNull' },
      ],
      search: { text: '50%_off', columns: ['comment'] },
      sort: [{ column: 'amount', direction: 'desc' }],
      limit: 50,
      offset: 0,
      withTotal: true,
      aggregates: [{ column: 'amount', fn: 'sum' }],
    }),
    200,
    'page',
  );
  expectStatus(
    await query('dataset contains filter', director, 'budget_lines', { filters: [{ column: 'comment', op: 'contains', value: 'a' }] }),
    200,
    'contains',
  );
  expectStatus(await query('SQL dataset with parameters', director, 'totals', {}), 200, 'totals');
  const page = expectStatus(await query('rows to edit', admin, 'budget_lines', { sort: [{ column: 'line_id', direction: 'asc' }], limit: 12 }), 200, 'rows');
  const rows = page.body.rows as Record<string, unknown>[];
  // partner1 reads and writes entities E01–E05 only.
  const foreign = expectStatus(
    await query('rows of another entity', admin, 'budget_lines', { filters: [{ column: 'entity_id', op: 'eq', value: 'E09' }], limit: 1 }),
    200,
    'foreign',
  ).body.rows[0] as Record<string, unknown>;
  const line = (i: number) => rows[i]!;
  const updates = [0, 1, 2].map((i) => ({
    op: 'update',
    key: { line_id: line(i).line_id },
    set: { amount: String(Number(line(i).amount) + 1), comment: 'captured' },
    expect: { amount: line(i).amount, comment: line(i).comment ?? null },
  }));
  const edit = expectStatus(
    await call('changeset: updates, insert, delete', admin, 'POST', `${LINES}/changesets`, {
      changes: [
        ...updates,
        {
          op: 'insert',
          values: { line_id: 990001, entity_id: line(3).entity_id, account_id: line(3).account_id, period: line(3).period, amount: '10.00', comment: 'new' },
        },
        { op: 'delete', key: { line_id: line(4).line_id }, expect: { amount: line(4).amount } },
      ],
    }),
    200,
    'mixed changeset',
  );
  const many = rows.slice(5, 12).map((r) => ({ op: 'update', key: { line_id: r.line_id }, set: { comment: 'many' }, expect: { comment: r.comment ?? null } }));
  const bulk = Array.from({ length: 20 }, (_, i) => ({
    op: 'insert',
    values: { line_id: 991000 + i, entity_id: line(3).entity_id, account_id: line(3).account_id, period: line(3).period, amount: '1.00', comment: null },
  }));
  expectStatus(await call('changeset: staged lists (many rows)', admin, 'POST', `${LINES}/changesets`, { changes: [...many, ...bulk] }), 200, 'bulk');
  expectStatus(
    await call('changeset: stale expected value', admin, 'POST', `${LINES}/changesets`, {
      changes: [{ op: 'update', key: { line_id: line(0).line_id }, set: { amount: '1.00' }, expect: { amount: '0.01' } }],
    }),
    409,
    'stale',
  );
  expectStatus(
    await call('changeset: row outside the policy', partner, 'POST', `${LINES}/changesets`, {
      changes: [{ op: 'update', key: { line_id: foreign.line_id }, set: { comment: 'x' }, expect: { comment: foreign.comment ?? null } }],
    }),
    404,
    'forbidden',
  );
  expectStatus(
    await call('changeset: duplicate key', admin, 'POST', `${LINES}/changesets`, {
      changes: [
        { op: 'insert', values: { line_id: 990001, entity_id: line(3).entity_id, account_id: line(3).account_id, period: line(3).period, amount: '1.00' } },
      ],
    }),
    409,
    'duplicate',
  );
  expectStatus(
    await call('changeset: single cell', director, 'POST', `${LINES}/changesets`, {
      changes: [{ op: 'update', key: { line_id: line(5).line_id }, set: { comment: 'one cell' }, expect: { comment: 'many' } }],
    }),
    200,
    'single',
  );
  const key = encodeURIComponent(JSON.stringify({ line_id: line(0).line_id }));
  expectStatus(await call('row history', director, 'GET', `${LINES}/history?key=${key}`), 200, 'history');
  expectStatus(await call('changeset detail', director, 'GET', `/api/changesets/${edit.body.changesetId}`), 200, 'detail');
  expectStatus(
    await query('as-of read', director, 'budget_lines', {
      asOf: new Date(Date.now() - 60_000).toISOString(),
      limit: 5,
      sort: [{ column: 'line_id', direction: 'asc' }],
    }),
    200,
    'as-of',
  );
  expectStatus(await call('revert', director, 'POST', `${LINES}/changesets/${edit.body.changesetId}/revert`, {}), 200, 'revert');
  const mine = expectStatus(
    await query('partner rows', partner, 'budget_lines', { sort: [{ column: 'line_id', direction: 'asc' }], limit: 1 }),
    200,
    'partner rows',
  ).body.rows[0] as Record<string, unknown>;
  const submitted = expectStatus(
    await call('submission', partner, 'POST', `${LINES}/submissions`, {
      changes: [{ op: 'update', key: { line_id: mine.line_id }, set: { amount: String(Number(mine.amount) + 30000) }, expect: { amount: mine.amount } }],
    }),
    202,
    'submission',
  );
  expectStatus(await call('approvals list', director, 'GET', '/api/approvals'), 200, 'approvals');
  const requestId = submitted.body.requestId;
  expectStatus(await call('approval detail', director, 'GET', `/api/approvals/${requestId}`), 200, 'approval detail');
  expectStatus(await call('approval: a step approved', reviewer, 'POST', `/api/approvals/${requestId}/approve`, { comment: 'ok' }), 200, 'approve');
  expectStatus(await call('approval: a step approved', director, 'POST', `/api/approvals/${requestId}/approve`, {}), 200, 'director approves');
  const last = expectStatus(
    await call('approval: the last step applies the change', cfo, 'POST', `/api/approvals/${requestId}/approve`, {}),
    200,
    'cfo approves',
  );
  if (last.body.status !== 'applied') throw new Error(`the approved request is ${last.body.status}, not applied`);
}
