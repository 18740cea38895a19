import { BIGQUERY_CAPABILITIES } from '../../src/warehouse/bigquery/bigquery-capabilities.js';
import { bigqueryDialect } from '../../src/warehouse/bigquery/bigquery-dialect.js';
import { DATABRICKS_CAPABILITIES } from '../../src/warehouse/databricks/databricks-capabilities.js';
import { databricksDialect } from '../../src/warehouse/databricks/databricks-dialect.js';
import type { Dialect } from '../../src/warehouse/dialect.js';
import type { DriverCapabilities } from '../../src/warehouse/driver.js';
import { SNOWFLAKE_CAPABILITIES } from '../../src/warehouse/snowflake/snowflake-capabilities.js';
import { snowflakeDialect } from '../../src/warehouse/snowflake/snowflake-dialect.js';
import { SQLSERVER_CAPABILITIES } from '../../src/warehouse/sqlserver/sqlserver-capabilities.js';
import { sqlserverDialect } from '../../src/warehouse/sqlserver/sqlserver-dialect.js';
import type { LiveEngineName } from './live-engines.js';
import type { ParseOutcome } from './tools/sql-parser.js';
import { parseStatements } from './tools/sql-parser.js';

/**
 * A clause the engine documents that the parser (sqlglot 10.6) does not know:
 * SQL keeps it as written; the parser reads the statement with the clause
 * replaced, so the rest of the statement is still checked.
 */
export interface ParserGap {
  clause: RegExp;
  replacement: string;
  why: string;
}

/** A cloud engine checked by its SQL here: its dialect, capabilities, sqlglot grammar and the parser's gaps for it. */
export interface CloudDialect {
  name: LiveEngineName;
  /** sqlglot's name for the dialect. */
  grammar: string;
  dialect: Dialect;
  capabilities: DriverCapabilities;
  gaps: ParserGap[];
}

const NOT_ENFORCED: ParserGap = {
  clause: / NOT ENFORCED/g,
  replacement: '',
  why: 'primary keys `NOT ENFORCED`, the only kind BigQuery has (BigQuery docs: CREATE TABLE)',
};

export const CLOUD_DIALECTS: CloudDialect[] = [
  {
    name: 'snowflake',
    grammar: 'snowflake',
    dialect: snowflakeDialect('public'),
    capabilities: SNOWFLAKE_CAPABILITIES,
    gaps: [{ clause: / AT\(TIMESTAMP => [^)]*\)\)/g, replacement: '', why: 'Time Travel `AT(TIMESTAMP => …)` (Snowflake docs: AT | BEFORE)' }],
  },
  {
    name: 'bigquery',
    grammar: 'bigquery',
    dialect: bigqueryDialect('roundtrip_demo'),
    capabilities: BIGQUERY_CAPABILITIES,
    gaps: [
      { clause: / FOR SYSTEM_TIME AS OF CAST\([^)]*\)/g, replacement: '', why: 'time travel `FOR SYSTEM_TIME AS OF …` (BigQuery docs: FROM clause)' },
      NOT_ENFORCED,
    ],
  },
  {
    name: 'databricks',
    grammar: 'databricks',
    dialect: databricksDialect({ schema: 'roundtrip_demo', unityCatalog: true }),
    capabilities: DATABRICKS_CAPABILITIES,
    gaps: [{ clause: / TIMESTAMP AS OF CAST\([^)]*\)/g, replacement: '', why: 'Delta time travel `TIMESTAMP AS OF …` (Databricks docs: table reference)' }],
  },
  {
    name: 'sqlserver',
    grammar: 'tsql',
    dialect: sqlserverDialect('dbo'),
    capabilities: SQLSERVER_CAPABILITIES,
    gaps: [
      {
        clause: /OFFSET @p\d+ ROWS FETCH NEXT @p\d+ ROWS ONLY/g,
        replacement: 'OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY',
        why: 'bound paging `OFFSET @p ROWS FETCH NEXT @p ROWS ONLY` (the parser takes numbers only; SQL Server docs: ORDER BY clause)',
      },
    ],
  },
];

/**
 * Parses each statement in the engine's grammar, its gaps replaced first.
 * Returns the failures (`where: error`) and the gaps no statement had.
 */
export function parseInGrammar(
  python: string,
  target: CloudDialect,
  statements: readonly { where: string; sql: string }[],
): { failures: string[]; unusedGaps: string[]; outcomes: ParseOutcome[] } {
  const used = new Set<ParserGap>();
  const readable = statements.map((s) =>
    target.gaps.reduce((text, gap) => {
      const replaced = text.replace(gap.clause, gap.replacement);
      if (replaced !== text) used.add(gap);
      return replaced;
    }, s.sql),
  );
  const outcomes = parseStatements(
    python,
    readable.map((sql) => ({ dialect: target.grammar, sql })),
  );
  const failures = outcomes.flatMap((o, i) => (o.ok ? [] : [`${statements[i]!.where}: ${o.error}\n    in: ${statements[i]!.sql.slice(0, 400)}`]));
  return { failures, unusedGaps: target.gaps.filter((g) => !used.has(g)).map((g) => g.why), outcomes };
}
