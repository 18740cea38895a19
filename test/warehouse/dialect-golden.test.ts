import { beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/runtime/migrations/apply-migrations.js';
import { WAREHOUSE_MIGRATIONS } from '../../src/runtime/migrations/migration-list.js';
import type { DriverCapabilities, QueryResult, WarehouseDriver } from '../../src/warehouse/driver.js';
import { renderSql } from '../../src/warehouse/sql.js';
import type { ResolvedTable } from '../../src/app-model/index.js';
import { buildAsOfSource } from '../../src/query/as-of/build-as-of-source.js';
import { BIGQUERY_USER_TOKEN_CAPABILITIES } from '../../src/warehouse/bigquery/bigquery-capabilities.js';
import { CLOUD_DIALECTS, type CloudDialect, parseInGrammar } from '../support/cloud-dialects.js';
import { captureCoreStatements, type CoreStatements } from '../support/statement-capture.js';
import { provisionSqlParser } from '../support/tools/sql-parser.js';

/** Each engine, and BigQuery again with identity mode user-token, whose writes take the journaled strategy. */
const TARGETS: (CloudDialect & { label: string })[] = [
  ...CLOUD_DIALECTS.map((target) => ({ ...target, label: target.name })),
  ...CLOUD_DIALECTS.filter((target) => target.name === 'bigquery').map((target) => ({
    ...target,
    label: 'bigquery-user-token',
    capabilities: BIGQUERY_USER_TOKEN_CAPABILITIES,
  })),
];

/** The capabilities that choose a write strategy: targets sharing them share one capture. */
const strategyOf = (c: DriverCapabilities) => ({
  transactions: c.transactions,
  supportsReturning: c.supportsReturning,
  writableCtes: c.writableCtes,
  enforcesKeys: c.enforcesKeys,
  nativeTimeTravel: c.nativeTimeTravel,
});

/** The warehouse migrations as `dialect` spells them, from a driver that records each statement and answers nothing. */
async function migrationStatements(target: CloudDialect): Promise<string[]> {
  const statements: string[] = [];
  const recorder = {
    dialect: target.dialect,
    capabilities: target.capabilities,
    query: async (text: string): Promise<QueryResult> => {
      statements.push(text);
      return { columns: [], rows: [] };
    },
  } as unknown as WarehouseDriver;
  await applyMigrations(recorder, WAREHOUSE_MIGRATIONS, 'roundtrip_audit', () => 0);
  return statements;
}

/** The SELECT of a versioned table as of a past time, as `buildAsOfSource` builds it for the engine. */
async function nativeAsOf(target: CloudDialect): Promise<string> {
  const driver = { dialect: target.dialect, capabilities: target.capabilities } as unknown as WarehouseDriver;
  const table = { qualifiedName: 'budget_lines', timeTravel: true, columns: [{ name: 'line_id' }, { name: 'amount' }] } as unknown as ResolvedTable;
  return renderSql(await buildAsOfSource(driver, 'roundtrip_audit', table, '2026-01-31T23:00:00Z'), target.dialect).sql;
}

/** The golden file's text: one statement per paragraph, sorted, so the file changes only where SQL does. */
function goldenText(target: CloudDialect & { label: string }, ddl: readonly string[], runtime: readonly string[]): string {
  const block = (title: string, list: readonly string[]) => `-- ${title}\n\n${list.map((s) => `${s.trim()};`).join('\n\n')}\n`;
  return `-- Every statement Roundtrip's core sends to ${target.label}, rendered by its dialect (test/warehouse/dialect-golden.test.ts).\n\n${block(
    'warehouse migrations, in order',
    ddl,
  )}\n${block('reads and writes of the demo scenario (test/support/statement-capture.ts), sorted', runtime)}`;
}

const captures = new Map<string, Promise<CoreStatements>>();
function captureFor(target: CloudDialect): Promise<CoreStatements> {
  const key = JSON.stringify(strategyOf(target.capabilities));
  let capture = captures.get(key);
  if (!capture) {
    capture = captureCoreStatements({ ...strategyOf(target.capabilities) });
    captures.set(key, capture);
  }
  return capture;
}

let python: string;
beforeAll(async () => {
  python = await provisionSqlParser();
});

describe.each(TARGETS)('the SQL core code sends to $label', (target) => {
  let ddl: string[];
  let runtime: string[];
  let capture: CoreStatements;

  beforeAll(async () => {
    capture = await captureFor(target);
    ddl = await migrationStatements(target);
    runtime = [...new Set(capture.statements.map((s) => renderSql(s.fragment, target.dialect).sql))].sort();
    // A table the warehouse keeps versions of (SQL Server: a system-versioned one) is read as of a time by the warehouse.
    if (target.dialect.tableAsOf) runtime.push(await nativeAsOf(target));
  }, 300_000);

  it('covers every statement the warehouse ran', () => {
    expect(capture.statements.length).toBeGreaterThan(50);
    expect(capture.uncaptured).toEqual([]);
  });

  it('matches its golden file', async () => {
    await expect(goldenText(target, ddl, runtime)).toMatchFileSnapshot(`golden/${target.label}.sql`);
  });

  it('parses, every statement, in the engine grammar', () => {
    const all = [...ddl, ...runtime].map((sql, i) => ({ where: `statement ${i + 1}`, sql }));
    const { failures, unusedGaps } = parseInGrammar(python, target, all);
    // A gap that no statement has any more is removed from the list, so nothing is left unparsed by mistake.
    expect(unusedGaps).toEqual([]);
    expect(failures).toEqual([]);
  });
});
